import {
  KRATIX_JOB_ANNOTATIONS,
  KRATIX_LABELS,
  KRATIX_PLATFORM_NAMESPACE,
} from '../constants';
import type { KratixPromise } from '../types';
import { configuredPipelineNamespace } from './pipelineNamespace';

/**
 * Whose pipeline runs are asked for: a Promise's own workflows, or those of one resource request of it.
 *
 * @public
 */
export interface KratixPipelineOwner {
  /** The Promise's name. */
  promise: string;
  /** The resource request; absent for the Promise's own workflows. */
  request?: {
    name: string;
    namespace: string;
    kind?: string;
    apiVersion?: string;
  };
}

/**
 * The labels and annotations of a pipeline Job or Pod that say whose run it is.
 *
 * @public
 */
export interface KratixPipelineRunMetadata {
  metadata: {
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/**
 * The pipeline, workflow type and action of a Job or Pod, under the labels of current Kratix
 * (`kratix.io/workflow-*`) or of Kratix before February 2025 (`kratix.io/work-*`).
 *
 * @public
 */
export function getPipelineRunLabels(run: KratixPipelineRunMetadata): {
  pipeline?: string;
  workflowType?: string;
  workflowAction?: string;
} {
  const L = KRATIX_LABELS;
  const labels = run.metadata.labels ?? {};
  const pipeline = labels[L.pipelineName];
  const workflowType = labels[L.workflowType] ?? labels[L.workType];
  const workflowAction = labels[L.workflowAction] ?? labels[L.workAction];
  return {
    ...(pipeline && { pipeline }),
    ...(workflowType && { workflowType }),
    ...(workflowAction && { workflowAction }),
  };
}

/**
 * The namespaces where an owner's pipeline Jobs and Pods run: the Promise's `spec.workflows.config.pipelineNamespace`
 * when set, and Kratix's default (the request's namespace, or `kratix-platform-system` for the Promise's own
 * workflows), where runs from before the Promise set one stay.
 *
 * @public
 */
export function getPipelineRunNamespaces(
  owner: KratixPipelineOwner,
  promise?: Pick<KratixPromise, 'spec'>,
): string[] {
  const fallback = owner.request?.namespace ?? KRATIX_PLATFORM_NAMESPACE;
  const pipelineNamespace = configuredPipelineNamespace(promise);
  return pipelineNamespace && pipelineNamespace !== fallback
    ? [pipelineNamespace, fallback]
    : [fallback];
}

/**
 * A label selector that narrows a list of Jobs or Pods to an owner's candidates; only {@link isPipelineRunOf} decides.
 *
 * @public
 */
export function getPipelineRunSelector(
  owner: KratixPipelineOwner,
  pipeline?: string,
): string {
  const L = KRATIX_LABELS;
  return [
    `${L.promiseName}=${owner.promise}`,
    owner.request
      ? `${L.resourceName}=${owner.request.name}`
      : `!${L.resourceName}`,
    ...(pipeline ? [`${L.pipelineName}=${pipeline}`] : []),
  ].join(',');
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether a pipeline Job or Pod is a run of the owner's workflows. Requests of several namespaces can share one
 * pipeline namespace, so a request's run is matched by name and namespace: the Job's `kratix.io/job-resource-*`
 * annotations where present, else the `kratix.io/resource-namespace` label, else the namespace it runs in.
 *
 * @public
 */
export function isPipelineRunOf(
  run: KratixPipelineRunMetadata,
  owner: KratixPipelineOwner,
): boolean {
  const L = KRATIX_LABELS;
  const A = KRATIX_JOB_ANNOTATIONS;
  const labels = run.metadata.labels ?? {};
  const annotations = run.metadata.annotations ?? {};
  if (labels[L.promiseName] !== owner.promise) return false;
  const { workflowType } = getPipelineRunLabels(run);
  const { request } = owner;
  if (!request) return workflowType === 'promise';
  if (workflowType !== 'resource' || labels[L.resourceName] !== request.name) {
    return false;
  }
  const annotated = annotations[A.resourceNamespace];
  if (annotated !== undefined) {
    const differs = (key: string, value?: string, of = (v: string) => v) =>
      value !== undefined &&
      annotations[key] !== undefined &&
      of(annotations[key]) !== of(value);
    return (
      annotated === request.namespace &&
      !differs(A.resourceName, request.name) &&
      !differs(A.resourceKind, request.kind) &&
      // The request may be read at another served version than the one Kratix recorded.
      !differs(A.resourceApiVersion, request.apiVersion, groupOf)
    );
  }
  const labelled = labels[L.resourceNamespace];
  if (labelled !== undefined) return labelled === request.namespace;
  return run.metadata.namespace === request.namespace;
}
