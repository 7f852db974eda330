import { InputError, NotFoundError } from '@backstage/errors';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import {
  listPipelinePods,
  pipelineScope,
  podContainers,
} from './readPipelines';
import { readTargetObject, reasonOf } from './readSummary';
import type {
  KratixContainerLog,
  KratixPipelineLogs,
} from '@kratix-backstage/plugin-kratix-common';

/** What a caller may ask of a pipeline's logs. */
export interface PipelineLogsRequest {
  pipeline: string;
  /** A Pod of this pipeline; the newest one unless given. */
  pod?: string;
  /** One container; every container (stages first) unless given. */
  container?: string;
  tailLines: number;
  /** Most bytes of log in the whole answer. */
  maxBytes: number;
  previous?: boolean;
}

/**
 * Logs of one run of a pipeline of a Promise or request. Only Pods of the entity's own runs of that pipeline can be
 * read (`isPipelineRunOf`), so a caller never names an arbitrary Pod, nor another namespace's request's.
 */
export async function readPipelineLogs(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  request: PipelineLogsRequest,
): Promise<KratixPipelineLogs> {
  const base = {
    entityRef: target.entityRef,
    pipeline: request.pipeline,
    fetchedAt: new Date().toISOString(),
  };
  const object = await readTargetObject(calls, target);
  const scope = await pipelineScope(calls, target, object);
  if (!scope) {
    throw new InputError(
      `${target.kind} '${target.name}' is neither a Promise nor a resource request of a known Promise; it has no pipeline logs`,
    );
  }
  let pods;
  try {
    pods = await listPipelinePods(calls, target, scope, request.pipeline);
  } catch (error) {
    return { ...base, available: false, reason: reasonOf(error) };
  }
  const pod = request.pod
    ? pods.find(p => p.metadata.name === request.pod)
    : pods[0];
  if (!pod) {
    throw new NotFoundError(
      request.pod
        ? `Pod '${request.pod}' is not a run of pipeline '${request.pipeline}' of ${target.entityRef}`
        : `Pipeline '${request.pipeline}' of ${target.entityRef} has no Pods on the cluster (yet, or any more)`,
    );
  }
  const containers = podContainers(pod).filter(
    c => !request.container || c.name === request.container,
  );
  if (request.container && containers.length === 0) {
    throw new NotFoundError(
      `Pod '${pod.metadata.name}' has no container '${request.container}'`,
    );
  }

  const logs: KratixContainerLog[] = [];
  let budget = request.maxBytes;
  for (const container of containers) {
    if (budget <= 0) {
      logs.push({
        container: container.name,
        init: container.init,
        log: '',
        truncated: true,
      });
      continue;
    }
    const limit = budget;
    try {
      const text = await calls.run(
        target.cluster,
        `reading the logs of ${pod.metadata.name}/${container.name}`,
        client =>
          client.getPodLogs({
            namespace: pod.metadata.namespace!,
            pod: pod.metadata.name!,
            container: container.name,
            tailLines: request.tailLines,
            limitBytes: limit,
            previous: request.previous,
          }),
      );
      const log = capBytes(String(text ?? ''), limit);
      const size = Buffer.byteLength(log.text);
      budget -= size;
      logs.push({
        container: container.name,
        init: container.init,
        log: log.text,
        // The server cuts at limitBytes without saying so; a log that fills the limit was probably cut.
        truncated: log.truncated || size >= limit,
      });
    } catch (error) {
      logs.push({
        container: container.name,
        init: container.init,
        log: '',
        truncated: false,
        error: reasonOf(error),
      });
    }
  }
  return {
    ...base,
    available: true,
    pod: pod.metadata.name!,
    namespace: pod.metadata.namespace!,
    containers: logs,
  };
}

/** Cuts text to at most `max` UTF-8 bytes, on a character boundary. */
export function capBytes(
  text: string,
  max: number,
): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return { text, truncated: false };
  let cut = bytes.subarray(0, max).toString('utf8');
  // A cut inside a multi-byte character decodes to U+FFFD; drop it.
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return { text: cut, truncated: true };
}
