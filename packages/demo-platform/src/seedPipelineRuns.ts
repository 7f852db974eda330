import {
  KRATIX_LABELS,
  isPipelineRunOf,
  pipelineNamespaceOf,
} from '@kratix-backstage/plugin-kratix-common';
import type { DemoCluster } from './demoClients';
import type { DemoRequest } from './demoRequests';
import { pipelineOutput } from './pipelineOutput';
import { runPipelineJob } from './pipelineJobs';

/** The configure runs a seeded state stands for, oldest first: the spec each ran on, and why it failed. */
function seededRuns(
  request: DemoRequest,
): Array<{ spec: Record<string, unknown>; failure?: string }> {
  const failure = request.failure ?? 'pipeline failed';
  switch (request.state) {
    case 'ready':
    case 'unscheduled':
    case 'delete-failed':
      return [{ spec: request.spec }];
    case 'behind':
      return [{ spec: request.previousSpec ?? request.spec }];
    case 'failed':
      return [{ spec: request.spec, failure }];
    case 'failed-update':
      return [
        { spec: request.previousSpec ?? request.spec },
        { spec: request.spec, failure },
      ];
    default:
      // 'new' has not run; 'in-progress' would need a Job that stays running, which kwok's Stages do not keep.
      return [];
  }
}

/**
 * Runs, as Jobs on a full control plane, the configure pipelines a seeded request's status says ran (see
 * {@link runPipelineJob}), so its Kratix tab has runs, Pods and logs to show. A failed run fails its first
 * pipeline, as the seeded status says. Requests that already have runs are left alone; answers how many Jobs ran.
 */
export async function seedPipelineRuns(
  platform: DemoCluster,
  promise: any,
  rr: any,
  request: DemoRequest,
): Promise<number> {
  const namespace = pipelineNamespaceOf(promise, rr);
  const existing = await platform.client.listJobs<any>({
    namespace,
    labelSelector: `${KRATIX_LABELS.promiseName}=${promise.metadata.name},${KRATIX_LABELS.resourceName}=${rr.metadata.name}`,
  });
  const owner = {
    promise: promise.metadata.name,
    request: { name: rr.metadata.name, namespace: rr.metadata.namespace },
  };
  if (existing.items.some(job => isPipelineRunOf(job, owner))) return 0;

  const pipelines: any[] = promise.spec?.workflows?.resource?.configure ?? [];
  let jobs = 0;
  for (const run of seededRuns(request)) {
    const ran = { ...rr, spec: run.spec };
    for (const [i, pipeline] of pipelines.entries()) {
      const failure = i === 0 ? run.failure : undefined;
      const result = await runPipelineJob(platform, {
        promise,
        rr: ran,
        action: 'configure',
        pipeline,
        output: pipelineOutput(promise, ran),
        failure,
        defaultBackoffLimit: 0,
        sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
        pollIntervalMs: 200,
      });
      jobs++;
      if (!result.succeeded) break;
    }
  }
  return jobs;
}
