import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KRATIX_PLATFORM_NAMESPACE,
  KratixPipelineOwner,
  KratixPromise,
  getPipelineRunLabels,
  getPipelineRunNamespaces,
  getPipelineRunSelector,
  isPipelineRunOf,
  KratixResourceRequest,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { owningPromiseName } from './readPlacements';
import { readTargetObject, reasonOf } from './readSummary';
import type {
  KratixEntityPipelines,
  KratixPipelineJob,
  KratixPipelinePod,
  KratixPipelineSummary,
} from '@kratix-backstage/plugin-kratix-common';

/** Where an entity's pipeline Jobs and Pods run, the labels that narrow the lists, and whose runs to keep. */
export interface PipelineScope {
  namespaces: string[];
  owner: KratixPipelineOwner;
}

interface JobObject extends KubernetesObject {
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: Array<{ type: string; status: string }>;
  };
}

interface ContainerStatus {
  name: string;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { exitCode?: number; reason?: string };
  };
}

/** A Pod, as far as pipelines need it. */
export interface PodObject extends KubernetesObject {
  spec?: {
    initContainers?: Array<{ name: string }>;
    containers?: Array<{ name: string }>;
  };
  status?: {
    phase?: string;
    startTime?: string;
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

/** The Kratix pipelines of a Promise or request, from `status.kratix.workflows.pipelines`. */
export function pipelinesOf(
  object: KratixResourceRequest,
): KratixPipelineSummary[] {
  const pipelines = object.status?.kratix?.workflows?.pipelines;
  if (!Array.isArray(pipelines)) return [];
  return pipelines
    .filter(p => p && typeof p.name === 'string')
    .map(p => ({
      name: p.name,
      ...(p.phase && { phase: p.phase }),
      ...(typeof p.attempts === 'number' && { attempts: p.attempts }),
      ...(p.lastTransitionTime && { lastTransitionTime: p.lastTransitionTime }),
      ...(p.nextRetryAt && { nextRetryAt: p.nextRetryAt }),
      ...(p.message && { message: p.message }),
    }));
}

/** Whose pipeline runs an entity has and where they run (syntasso/kratix api/v1alpha1/pipeline_types.go). */
export async function pipelineScope(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  object: KratixResourceRequest,
): Promise<PipelineScope | undefined> {
  if (target.role === 'promise') {
    const owner = { promise: object.metadata.name! };
    return {
      owner,
      namespaces: getPipelineRunNamespaces(owner, object as KratixPromise),
    };
  }
  if (target.role !== 'resource') return undefined;
  const promiseName = await owningPromiseName(calls, target, object);
  if (!promiseName) return undefined;
  const owner: KratixPipelineOwner = {
    promise: promiseName,
    request: {
      name: object.metadata.name!,
      namespace: object.metadata.namespace ?? KRATIX_PLATFORM_NAMESPACE,
      kind: object.kind,
      apiVersion: object.apiVersion,
    },
  };
  let promise: KratixPromise | undefined;
  try {
    promise = await calls.run(
      target.cluster,
      `reading Promise '${promiseName}'`,
      client =>
        client.get<KratixPromise>({
          apiVersion: KRATIX_API_VERSION,
          kind: KRATIX_KINDS.promise,
          name: promiseName,
        }),
    );
  } catch {
    // Without the Promise the request's own namespace is still where Kratix runs its pipelines by default.
  }
  return {
    owner,
    namespaces: getPipelineRunNamespaces(owner, promise),
  };
}

function jobStatus(job: JobObject): KratixPipelineJob['status'] {
  const s = job.status ?? {};
  const condition = (type: string) =>
    s.conditions?.some(c => c.type === type && c.status === 'True');
  if (condition('Complete') || (s.succeeded ?? 0) > 0) return 'succeeded';
  if (condition('Failed')) return 'failed';
  if ((s.active ?? 0) > 0) return 'running';
  return (s.failed ?? 0) > 0 ? 'running' : 'pending';
}

/** The containers of a Pod, init containers (the pipeline's stages) first. */
export function podContainers(pod: PodObject): KratixPipelinePod['containers'] {
  const describe = (name: string, init: boolean) => {
    const statuses = init
      ? pod.status?.initContainerStatuses
      : pod.status?.containerStatuses;
    const state = statuses?.find(c => c.name === name)?.state;
    if (state?.terminated) {
      return {
        name,
        init,
        state: 'terminated' as const,
        ...(typeof state.terminated.exitCode === 'number' && {
          exitCode: state.terminated.exitCode,
        }),
        ...(state.terminated.reason && { reason: state.terminated.reason }),
      };
    }
    if (state?.running) return { name, init, state: 'running' as const };
    if (state?.waiting) {
      return {
        name,
        init,
        state: 'waiting' as const,
        ...(state.waiting.reason && { reason: state.waiting.reason }),
      };
    }
    return { name, init, state: 'unknown' as const };
  };
  return [
    ...(pod.spec?.initContainers ?? []).map(c => describe(c.name, true)),
    ...(pod.spec?.containers ?? []).map(c => describe(c.name, false)),
  ];
}

function jobNameOfPod(pod: PodObject): string | undefined {
  return (
    pod.metadata.labels?.['batch.kubernetes.io/job-name'] ??
    pod.metadata.labels?.['job-name'] ??
    pod.metadata.ownerReferences?.find(o => o.kind === 'Job')?.name
  );
}

function newestFirst(a: KubernetesObject, b: KubernetesObject) {
  return (b.metadata.creationTimestamp ?? '').localeCompare(
    a.metadata.creationTimestamp ?? '',
  );
}

/** Lists the Pods of an entity's pipeline runs (of one pipeline when given), newest first. */
export async function listPipelinePods(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  scope: PipelineScope,
  pipeline?: string,
): Promise<PodObject[]> {
  const labelSelector = getPipelineRunSelector(scope.owner, pipeline);
  const lists = await Promise.all(
    scope.namespaces.map(namespace =>
      calls.run(
        target.cluster,
        `listing pipeline Pods in '${namespace}'`,
        client => client.listPods<PodObject>({ namespace, labelSelector }),
      ),
    ),
  );
  return lists
    .flatMap(l => l.items)
    .filter(pod => isPipelineRunOf(pod, scope.owner))
    .sort(newestFirst);
}

async function readJobs(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  scope: PipelineScope,
): Promise<KratixPipelineJob[]> {
  // Jobs first: a cluster without them is told apart from one without Pods, always the same way.
  const jobLists = await Promise.all(
    scope.namespaces.map(namespace =>
      calls.run(
        target.cluster,
        `listing pipeline Jobs in '${namespace}'`,
        client =>
          client.listJobs<JobObject>({
            namespace,
            labelSelector: getPipelineRunSelector(scope.owner),
          }),
      ),
    ),
  );
  const pods = await listPipelinePods(calls, target, scope);
  return jobLists
    .flatMap(l => l.items)
    .filter(job => isPipelineRunOf(job, scope.owner))
    .sort(newestFirst)
    .map(job => {
      return {
        name: job.metadata.name ?? '',
        namespace: job.metadata.namespace ?? '',
        ...getPipelineRunLabels(job),
        status: jobStatus(job),
        ...(job.metadata.creationTimestamp && {
          createdAt: job.metadata.creationTimestamp,
        }),
        ...(job.status?.startTime && { startTime: job.status.startTime }),
        ...(job.status?.completionTime && {
          completionTime: job.status.completionTime,
        }),
        pods: pods
          .filter(
            p =>
              p.metadata.namespace === job.metadata.namespace &&
              jobNameOfPod(p) === job.metadata.name,
          )
          .map(p => ({
            name: p.metadata.name ?? '',
            namespace: p.metadata.namespace ?? '',
            ...(p.status?.phase && { phase: p.status.phase }),
            ...(p.status?.startTime && { startTime: p.status.startTime }),
            containers: podContainers(p),
          })),
      };
    });
}

/** The pipelines of a Promise or request, with their Jobs and Pods where the cluster serves them. */
export async function readPipelines(
  calls: ClusterCalls,
  target: KratixEntityTarget,
): Promise<KratixEntityPipelines> {
  const object = await readTargetObject(calls, target);
  const pipelines = pipelinesOf(object);
  let jobs: KratixEntityPipelines['jobs'];
  try {
    const scope = await pipelineScope(calls, target, object);
    jobs = scope
      ? { available: true, items: await readJobs(calls, target, scope) }
      : {
          available: false,
          reason: `${target.kind} '${target.name}' is neither a Promise nor a resource request of a known Promise; it runs no Kratix pipelines`,
        };
  } catch (error) {
    jobs = { available: false, reason: reasonOf(error) };
  }
  return {
    entityRef: target.entityRef,
    pipelines,
    jobs,
    fetchedAt: new Date().toISOString(),
  };
}
