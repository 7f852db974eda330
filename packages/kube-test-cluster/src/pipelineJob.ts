import { randomUUID } from 'crypto';

/** Options of {@link kratixPipelineJob}. */
export interface KratixPipelineJobOptions {
  /** Name of the Job; Kratix names it as {@link kratixPipelineJobName} does. */
  name: string;
  /** Where it runs: the pipeline namespace. */
  namespace: string;
  promise: string;
  /** The pipeline's name (`spec.workflows.*.*[].metadata.name`). */
  pipeline: string;
  workflowType?: 'resource' | 'promise';
  workflowAction?: 'configure' | 'delete';
  /** The resource request the run is for; absent for Promise workflows. */
  request?: {
    apiVersion: string;
    kind: string;
    name: string;
    namespace: string;
  };
  /** Whether the Promise sets `spec.workflows.config.pipelineNamespace` (then Jobs carry `kratix.io/resource-namespace`). */
  pipelineNamespaceSet?: boolean;
  /** The pipeline's own containers, run between Kratix's `reader` and `work-writer`. */
  stages?: string[];
  /** A stage (or `status-writer`) that kwok fails with exit code 1, failing the Pod and the Job. */
  failing?: string;
  /** The Pod's ServiceAccount, `default` unless given; Kratix's is {@link kratixPipelineId}. */
  serviceAccountName?: string;
  /** `kratix.io/hash`: Kratix's hash of the Promise and the request the run is for. */
  hash?: string;
  /**
   * The Job's `backoffLimit`, 0 unless given: each retry is a new Pod. (Kratix
   * leaves Kubernetes' default and restarts containers `OnFailure`; kwok does
   * not restart containers, so here every attempt has its own Pod.)
   */
  backoffLimit?: number;
}

const INIT_FAILURE = 'pod-init-container-running-failed.stage.kwok.x-k8s.io';
const CONTAINER_FAILURE = 'pod-container-running-failed.stage.kwok.x-k8s.io';

/**
 * A pipeline Job shaped as Kratix makes one (syntasso/kratix
 * api/v1alpha1/pipeline_factory.go): the labels `kratix.io/promise-name`,
 * `kratix.io/workflow-type`, `kratix.io/workflow-action`,
 * `kratix.io/pipeline-name`, `kratix.io/resource-name` (and
 * `kratix.io/resource-namespace` when a pipeline namespace is set) on the Job
 * and its Pod, the `kratix.io/job-resource-*` annotations naming the request,
 * init containers `reader`, the stages and (configure only) `work-writer`, and the container
 * `status-writer`. On a full control plane kwok runs it; `failing` names the
 * container kwok fails.
 */
export function kratixPipelineJob(options: KratixPipelineJobOptions) {
  const { request } = options;
  const labels: Record<string, string> = {
    'kratix.io/promise-name': options.promise,
    'kratix.io/workflow-type': options.workflowType ?? 'resource',
    'kratix.io/workflow-action': options.workflowAction ?? 'configure',
    'kratix.io/pipeline-name': options.pipeline,
    'app.kubernetes.io/managed-by': 'Kratix',
    ...(options.hash && { 'kratix.io/hash': options.hash }),
    ...(request && { 'kratix.io/resource-name': request.name }),
    ...(request &&
      options.pipelineNamespaceSet && {
        'kratix.io/resource-namespace': request.namespace,
      }),
  };
  const annotations: Record<string, string> = request
    ? {
        'kratix.io/job-resource-namespace': request.namespace,
        'kratix.io/job-resource-name': request.name,
        'kratix.io/job-resource-kind': request.kind,
        'kratix.io/job-resource-api-version': request.apiVersion,
      }
    : {};
  const image = 'ghcr.io/syntasso/kratix-platform-pipeline-adapter:latest';
  // A delete workflow writes no Works: no work-writer.
  const initContainers = [
    'reader',
    ...(options.stages ?? []),
    ...(options.workflowAction === 'delete' ? [] : ['work-writer']),
  ];
  const podLabels = { ...labels };
  const podAnnotations: Record<string, string> = {};
  if (options.failing === 'status-writer') {
    podLabels[CONTAINER_FAILURE] = 'true';
    podAnnotations[`${CONTAINER_FAILURE}/container-name`] = 'status-writer';
  } else if (options.failing) {
    podLabels[INIT_FAILURE] = 'true';
    podAnnotations[`${INIT_FAILURE}/container-name`] = options.failing;
    podAnnotations[`${INIT_FAILURE}/delay`] = '0s';
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels,
      annotations,
    },
    spec: {
      backoffLimit: options.backoffLimit ?? 0,
      template: {
        metadata: { labels: podLabels, annotations: podAnnotations },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: options.serviceAccountName ?? 'default',
          initContainers: initContainers.map(name => ({ name, image })),
          containers: [{ name: 'status-writer', image }],
        },
      },
    },
  };
}

// What Kratix keeps of a name before its five-character suffix (syntasso/kratix lib/objectutil/name.go).
const MAX_NAME_PREFIX = 63 - 1 - 5;

/**
 * The name Kratix gives a pipeline Job (syntasso/kratix api/v1alpha1/pipeline_factory.go, lib/objectutil/name.go):
 * `kratix-<promise>[-<request>[-<request namespace>]]-<pipeline>`, the namespace only when the Promise sets a
 * pipeline namespace, cut to 57 characters and trailing non-alphanumerics, then `-` and five random characters.
 */
export function kratixPipelineJobName(
  options: Pick<
    KratixPipelineJobOptions,
    'promise' | 'pipeline' | 'request' | 'pipelineNamespaceSet'
  >,
): string {
  const { request } = options;
  const parts = [
    'kratix',
    options.promise,
    ...(request ? [request.name] : []),
    ...(request && options.pipelineNamespaceSet ? [request.namespace] : []),
    options.pipeline,
  ];
  let name = parts.join('-');
  if (name.length > MAX_NAME_PREFIX) name = name.slice(0, MAX_NAME_PREFIX - 1);
  name = name.replace(/[^a-zA-Z0-9]+$/, '');
  const suffix = randomUUID().slice(0, 5);
  return `${name}-${suffix}`;
}

/**
 * The ID Kratix gives a pipeline, which names its ServiceAccount unless the pipeline names one
 * (syntasso/kratix api/v1alpha1/pipeline_types.go): `<promise>-<resource|promise>-<action>-<pipeline>`.
 */
export function kratixPipelineId(
  options: Pick<
    KratixPipelineJobOptions,
    'promise' | 'pipeline' | 'workflowType' | 'workflowAction'
  >,
): string {
  return [
    options.promise,
    options.workflowType ?? 'resource',
    options.workflowAction ?? 'configure',
    options.pipeline,
  ].join('-');
}
