import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  getResourceState,
  isPlatformBehind,
  KRATIX_CONDITION_REASONS,
  KratixResourceRequest,
  KratixResourceState,
} from '@kratix-backstage/plugin-kratix-common';
import {
  type KubernetesWatchHandle,
  type RequestTarget,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * Kratix reported that it could not fulfil a request (a failed configure pipeline, or Works that fail).
 */
export class ResourceRequestFailedError extends Error {
  name = 'ResourceRequestFailedError';
}

/**
 * The wait ran out before Kratix reconciled the request.
 */
export class ResourceRequestTimeoutError extends Error {
  name = 'ResourceRequestTimeoutError';
}

type Outcome =
  | { done: true; rr: KratixResourceRequest; state: KratixResourceState }
  | { done: false };

function describeState(
  rr: KratixResourceRequest | undefined,
  state: KratixResourceState,
): string {
  if (!rr?.status || Object.keys(rr.status).length === 0) {
    return 'not picked up by Kratix yet (it has no status; is Kratix running on the cluster and the Promise reconciled?)';
  }
  const pipelines = (rr?.status?.kratix?.workflows?.pipelines ?? [])
    .map(p => `${p.name} ${p.phase ?? 'Pending'}`)
    .join(', ');
  return [
    `${state.state}${state.reason ? ` (${state.reason})` : ''}`,
    rr?.status?.message && `status message '${rr.status.message}'`,
    pipelines && `pipelines: ${pipelines}`,
  ]
    .filter(Boolean)
    .join('; ');
}

// Newest lastTransitionTime of a False condition, in ms: when the request last turned to failure.
function lastFailureAt(rr: KratixResourceRequest): number | undefined {
  const times = (rr.status?.conditions ?? [])
    .filter(c => c?.status === 'False' && c.lastTransitionTime)
    .map(c => Date.parse(c.lastTransitionTime!))
    .filter(t => Number.isFinite(t));
  return times.length ? Math.max(...times) : undefined;
}

/**
 * Follows a resource request with a watch until Kratix reports it reconciled (`Reconciled=True`, at its current
 * generation) and returns it. Fails early, with the platform's own reason and the failing pipeline, when the
 * configure workflow or the Works fail; logs each pipeline phase change and status message as it happens; on
 * timeout says where the request stands. A watch that ends early is resumed from a fresh read.
 */
export async function waitForResourceRequest(options: {
  target: RequestTarget;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<KratixResourceRequest> {
  const { target, logger, signal } = options;
  const { client, api, name, namespace } = target;
  const deadline = Date.now() + options.timeoutMs;
  const phases = new Map<string, string>();
  let lastMessage: string | undefined;
  let last: KratixResourceRequest | undefined;
  const startedAt = Date.now();
  // Set once the request was seen not failed during this wait: a failure after that is the current spec's.
  let seenNotFailed = false;

  // Kratix advances observedGeneration only after a configure workflow succeeds (upstream
  // `internal/controller/dynamic_resource_request_controller.go`), so a request that failed after an update stays
  // behind: its failure counts when it turned failed during this wait, or when the Promise is unavailable.
  const isCurrentFailure = (
    rr: KratixResourceRequest,
    state: KratixResourceState,
  ): boolean => {
    if (
      state.reason === KRATIX_CONDITION_REASONS.promiseRequirementsNotInstalled
    )
      return true;
    if (seenNotFailed) return true;
    const failedAt = lastFailureAt(rr);
    return failedAt !== undefined && failedAt > startedAt;
  };

  const observe = (rr: KratixResourceRequest): Outcome => {
    last = rr;
    for (const p of rr.status?.kratix?.workflows?.pipelines ?? []) {
      const phase = p.phase ?? 'Pending';
      if (p.name && phases.get(p.name) !== phase) {
        phases.set(p.name, phase);
        logger.info(
          `Pipeline '${p.name}' is ${phase}${
            p.attempts ? ` (attempt ${p.attempts})` : ''
          }${p.message ? `: ${p.message}` : ''}`,
        );
      }
    }
    const message = rr.status?.message;
    if (message && message !== lastMessage) {
      lastMessage = message;
      logger.info(`Status: ${message}`);
    }
    const state = getResourceState(rr);
    if (state.state !== 'failed') {
      seenNotFailed = true;
    } else if (isPlatformBehind(rr) && !isCurrentFailure(rr, state)) {
      // After an update, a failure may still be the previous spec's until Kratix starts on the new one.
      return { done: false };
    } else {
      throw new ResourceRequestFailedError(
        `Kratix could not fulfil ${target.description}: ${state.reason}${
          state.pipeline ? ` in pipeline '${state.pipeline}'` : ''
        }${state.message ? `: ${state.message}` : ''}`,
      );
    }
    return state.state === 'ready'
      ? { done: true, rr, state }
      : { done: false };
  };

  const timeoutError = () =>
    new ResourceRequestTimeoutError(
      `Timed out after ${Math.round(
        options.timeoutMs / 1000,
      )} s waiting for Kratix to reconcile ${
        target.description
      }; it stands at: ${describeState(
        last,
        getResourceState(last),
      )}. The request exists; follow it in the catalog (${target.entityRef})`,
    );

  const watchOnce = (resourceVersion?: string) =>
    new Promise<Outcome>((resolve, reject) => {
      let settled = false;
      let handle: KubernetesWatchHandle | undefined = undefined;
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      let onAbort: (() => void) | undefined = undefined;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        handle?.abort();
        fn();
      };
      timer = setTimeout(
        () => finish(() => reject(timeoutError())),
        Math.max(0, deadline - Date.now()),
      );
      onAbort = () =>
        finish(() =>
          reject(new Error(`Stopped waiting for ${target.description}`)),
        );
      signal?.addEventListener('abort', onAbort);
      handle = client.watch(
        {
          apiVersion: api.apiVersion,
          kind: api.kind,
          namespace,
          fieldSelector: `metadata.name=${name}`,
          resourceVersion,
          timeoutSeconds: Math.max(
            1,
            Math.ceil((deadline - Date.now()) / 1000),
          ),
        },
        (type, object) => {
          if (settled) return;
          if (type === 'DELETED') {
            finish(() =>
              reject(
                new ResourceRequestFailedError(
                  `${target.description} was deleted while waiting for it`,
                ),
              ),
            );
          } else if (type === 'ADDED' || type === 'MODIFIED') {
            try {
              const outcome = observe(object);
              if (outcome.done) finish(() => resolve(outcome));
            } catch (error) {
              finish(() => reject(error));
            }
          }
          // BOOKMARK: nothing to do; ERROR (e.g. 410 Gone): the stream ends and we read again.
        },
        () => finish(() => resolve({ done: false })),
      );
      if (settled) handle.abort();
    });

  for (;;) {
    let rr: KratixResourceRequest;
    try {
      rr = await client.get<KratixResourceRequest>({
        apiVersion: api.apiVersion,
        kind: api.kind,
        name,
        namespace,
      });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ResourceRequestFailedError(
          `${target.description} was deleted while waiting for it`,
        );
      }
      throw error;
    }
    const outcome = observe(rr);
    if (outcome.done) return outcome.rr;
    if (Date.now() >= deadline) throw timeoutError();
    const watched = await watchOnce(rr.metadata.resourceVersion);
    if (watched.done) return watched.rr;
    if (Date.now() >= deadline) throw timeoutError();
    // The watch ended early: back off briefly so a failing server is not hammered.
    await new Promise(r => setTimeout(r, 200));
  }
}
