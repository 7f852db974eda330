import {
  kratixPipelineId,
  kratixPipelineJob,
  kratixPipelineJobName,
  setPodLogs,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_LABELS,
  configuredPipelineNamespace,
  pipelineNamespaceOf,
} from '@kratix-backstage/plugin-kratix-common';
import type { DemoCluster } from './demoClients';
import { createIfAbsent } from './kubeObjects';
import type { PipelineOutput } from './pipelineOutput';
import { pipelineLogs } from './pipelineLogs';

/** Options of {@link runPipelineJob}. */
export interface PipelineJobRunOptions {
  promise: any;
  rr: any;
  action: 'configure' | 'delete';
  /** The Pipeline, as the Promise's `spec.workflows.resource.<action>[]` holds it. */
  pipeline: any;
  /** What its last stage writes (configure workflows). */
  output?: PipelineOutput;
  /** Why the run fails, when it does: its last stage exits with code 1, on every attempt. */
  failure?: string;
  /** Retries when the pipeline's `spec.jobOptions.backoffLimit` sets none (Kratix's `defaultBackoffLimit`). */
  defaultBackoffLimit: number;
  /** Pause between two looks at the Job; abortable. */
  sleep: (ms: number) => Promise<void>;
  pollIntervalMs: number;
}

/** How a pipeline's Job ended. */
export interface PipelineJobRun {
  succeeded: boolean;
  job: string;
  namespace: string;
  /** Its Pods, one per attempt, oldest first. */
  pods: string[];
}

const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

function jobCondition(job: any, type: string): boolean {
  return (job.status?.conditions ?? []).some(
    (c: any) => c.type === type && c.status === 'True',
  );
}

/**
 * Runs one pipeline of a request as Kratix does (syntasso/kratix lib/workflow/reconciler.go,
 * api/v1alpha1/pipeline_factory.go): the pipeline's ServiceAccount and a Job in the pipeline namespace, with
 * Kratix's labels, annotations and containers. The controller-manager makes its Pods and kwok runs them; each
 * Pod gets its containers' logs as it appears (kwok serves them through `pods/log`). Resolves once the Job is
 * Complete or Failed; a CRD-only server serves no Jobs, so only a full control plane runs this.
 */
export async function runPipelineJob(
  cluster: DemoCluster,
  options: PipelineJobRunOptions,
): Promise<PipelineJobRun> {
  const { promise, rr, pipeline, action } = options;
  const { client, admin, dataDir } = cluster;
  const promiseName = promise.metadata.name;
  const pipelineName = pipeline.metadata?.name ?? `instance-${action}`;
  const namespace = pipelineNamespaceOf(promise, rr);
  const pipelineNamespaceSet = Boolean(configuredPipelineNamespace(promise));
  const request = {
    apiVersion: rr.apiVersion,
    kind: rr.kind,
    name: rr.metadata.name,
    namespace: rr.metadata.namespace,
  };
  const stages: Array<{ name: string; image?: string }> =
    pipeline.spec?.containers ?? [];
  const failing = options.failure
    ? stages[stages.length - 1]?.name ?? 'status-writer'
    : undefined;
  const ids = {
    promise: promiseName,
    pipeline: pipelineName,
    workflowType: 'resource' as const,
    workflowAction: action,
  };

  const serviceAccountName =
    pipeline.spec?.rbac?.serviceAccount || kratixPipelineId(ids);
  await createIfAbsent(client, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: serviceAccountName,
      namespace,
      labels: { [KRATIX_LABELS.promiseName]: promiseName },
    },
  });
  const name = kratixPipelineJobName({
    ...ids,
    request,
    pipelineNamespaceSet,
  });
  await client.create(
    kratixPipelineJob({
      ...ids,
      name,
      namespace,
      request,
      pipelineNamespaceSet,
      stages: stages.map(s => s.name),
      serviceAccountName,
      failing,
      backoffLimit:
        pipeline.spec?.jobOptions?.backoffLimit ?? options.defaultBackoffLimit,
    }),
  );

  const logs = pipelineLogs({
    action,
    promise: promiseName,
    pipeline: pipelineName,
    request,
    stages,
    namespace,
    output: options.output,
    failure:
      failing && options.failure
        ? { container: failing, message: options.failure }
        : undefined,
  });
  const logged = new Set<string>();
  for (;;) {
    // The Job first: once it has ended, the Pods listed after it are all of its Pods.
    const job = await client.get<any>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace,
      name,
    });
    const pods = (
      await client.listPods<any>({
        namespace,
        labelSelector: `${JOB_NAME_LABEL}=${name}`,
      })
    ).items.sort((a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(
        b.metadata.creationTimestamp ?? '',
      ),
    );
    for (const pod of pods) {
      if (logged.has(pod.metadata.name)) continue;
      await setPodLogs(admin, dataDir, {
        namespace,
        pod: pod.metadata.name,
        containers: logs,
      });
      logged.add(pod.metadata.name);
    }
    const complete = jobCondition(job, 'Complete');
    if (complete || jobCondition(job, 'Failed')) {
      return {
        succeeded: complete,
        job: name,
        namespace,
        pods: pods.map(p => p.metadata.name),
      };
    }
    await options.sleep(options.pollIntervalMs);
  }
}
