import { condition, timestamp } from './conditions';
import type { DemoCluster } from './demoClients';
import { mergePatch, refOf, setStatus } from './kubeObjects';
import { PipelineJobRunOptions, runPipelineJob } from './pipelineJobs';

/** The finalizer Kratix puts on requests of Promises with delete workflows, and removes once they succeeded. */
export const DELETE_WORKFLOWS_FINALIZER = 'kratix.io/delete-workflows';

/** The condition Kratix writes when a delete workflow fails (upstream lib/resourceutil/util.go MarkDeleteWorkflowAsFailed). */
export function deleteWorkflowFailed(at: string = timestamp()) {
  return condition(
    'DeleteWorkflowCompleted',
    'False',
    'DeleteWorkflowFailed',
    'The Delete Pipeline has failed',
    at,
  );
}

/** The delete pipelines of a Promise's resource workflows. */
export function deletePipelines(promise: any): any[] {
  return promise.spec?.workflows?.resource?.delete ?? [];
}

/** Whether Kratix holds a request's deletion for its delete workflow: it is being deleted and has the finalizer. */
export function awaitsDeleteWorkflow(rr: any): boolean {
  return Boolean(
    rr.metadata.deletionTimestamp &&
      rr.metadata.finalizers?.includes(DELETE_WORKFLOWS_FINALIZER),
  );
}

function withPipelines(rr: any, name: string, phase: string, at: string) {
  return {
    kratix: {
      ...rr.status?.kratix,
      workflows: {
        ...rr.status?.kratix?.workflows,
        pipelines: [{ name, phase, attempts: 1, lastTransitionTime: at }],
      },
    },
  };
}

/**
 * Runs a deleted request's delete workflow as Kratix does (syntasso/kratix
 * internal/controller/dynamic_resource_request_controller.go deleteResources, lib/workflow/reconciler.go
 * ReconcileDelete): only the first delete pipeline, as a Job (see {@link runPipelineJob}), the pipeline Running in
 * `status.kratix.workflows.pipelines`. When it succeeds the finalizer goes and Kubernetes deletes the request; when
 * it fails the request stays, with DeleteWorkflowCompleted=False, reason DeleteWorkflowFailed
 * (lib/resourceutil/util.go MarkDeleteWorkflowAsFailed). Answers whether it succeeded.
 */
export async function runDeleteWorkflow(
  cluster: DemoCluster,
  promise: any,
  rr: any,
  options: Pick<
    PipelineJobRunOptions,
    'failure' | 'defaultBackoffLimit' | 'sleep' | 'pollIntervalMs'
  >,
): Promise<boolean> {
  const [pipeline] = deletePipelines(promise);
  const ref = refOf(rr);
  const name = pipeline.metadata?.name ?? 'instance-delete';
  await setStatus(
    cluster.client,
    ref,
    withPipelines(rr, name, 'Running', timestamp()),
  );
  const run = await runPipelineJob(cluster, {
    ...options,
    promise,
    rr,
    action: 'delete',
    pipeline,
  });
  if (run.succeeded) {
    await mergePatch(cluster.client, ref, {
      metadata: {
        finalizers: (rr.metadata.finalizers ?? []).filter(
          (f: string) => f !== DELETE_WORKFLOWS_FINALIZER,
        ),
      },
    });
    return true;
  }
  const at = timestamp();
  await setStatus(cluster.client, ref, {
    ...withPipelines(rr, name, 'Failed', at),
    conditions: [
      ...(rr.status?.conditions ?? []).filter(
        (c: any) => c.type !== 'DeleteWorkflowCompleted',
      ),
      deleteWorkflowFailed(at),
    ],
  });
  return false;
}
