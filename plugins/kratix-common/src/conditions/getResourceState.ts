import { KRATIX_CONDITION_REASONS, KRATIX_CONDITION_TYPES } from '../constants';
import { KratixResourceRequest } from '../types';
import { getCondition } from './getCondition';
import { getDeletionState } from './getDeletionState';
import { isPlatformBehind } from './isPlatformBehind';

/**
 * Where a resource request stands, as shown to users.
 *
 * @public
 */
export type KratixResourceState =
  | { state: 'ready'; reason?: string; message?: string }
  | { state: 'in-progress'; reason?: string; message?: string }
  | { state: 'failed'; reason: string; message?: string; pipeline?: string }
  | { state: 'unknown'; reason?: string; message?: string };

/**
 * Reason `getResourceState` gives when the spec changed and Kratix has not yet observed it.
 *
 * @public
 */
export const PLATFORM_BEHIND_REASON = 'PlatformBehind';

const R = KRATIX_CONDITION_REASONS;
const T = KRATIX_CONDITION_TYPES;

// Reasons Kratix uses while work is still under way, whatever the condition's status says.
const IN_PROGRESS_REASONS: ReadonlySet<string> = new Set([
  R.pipelinesInProgress,
  R.worksPending,
  R.workflowPending,
  R.workflowSuspended,
  R.pausedReconciliation,
]);

function failedPipeline(
  rr: Pick<KratixResourceRequest, 'status'>,
): string | undefined {
  const pipelines = rr.status?.kratix?.workflows?.pipelines;
  if (!Array.isArray(pipelines)) {
    return undefined;
  }
  return pipelines.find(p => p?.phase === 'Failed')?.name;
}

/**
 * Sums up a resource request's conditions as ready, in progress, failed (naming the failing pipeline) or unknown.
 * A stuck deletion, then an unavailable Promise, come first; failures count whether or not Kratix has observed the
 * latest spec, since Kratix advances `observedGeneration` only after a configure workflow succeeds.
 *
 * @public
 */
export function getResourceState(
  rr:
    | (Pick<KratixResourceRequest, 'status'> & {
        metadata?: { generation?: number };
      })
    | undefined,
): KratixResourceState {
  const statusMessage =
    typeof rr?.status?.message === 'string' ? rr.status.message : undefined;
  const conditions = rr?.status?.conditions;
  if (!rr || !Array.isArray(conditions) || conditions.length === 0) {
    // Kratix has not reconciled a brand-new request yet.
    return { state: 'in-progress', message: statusMessage };
  }

  const deletion = getDeletionState(rr);
  if (deletion?.state === 'failed') {
    return {
      state: 'failed',
      reason: deletion.reason,
      message: deletion.message || statusMessage,
      pipeline: failedPipeline(rr),
    };
  }
  if (deletion) {
    return {
      state: 'in-progress',
      reason: deletion.reason,
      message: deletion.message || statusMessage,
    };
  }

  // Kratix writes only this condition while the request's Promise cannot fulfil requests
  // (upstream `internal/controller/dynamic_resource_request_controller.go`, `lib/resourceutil/util.go`).
  const promiseAvailable = getCondition(rr, T.promiseAvailable);
  if (promiseAvailable?.status === 'False') {
    return {
      state: 'failed',
      reason: promiseAvailable.reason || R.promiseRequirementsNotInstalled,
      message:
        promiseAvailable.message ||
        "The request's Promise is not available, so Kratix does not fulfil it",
    };
  }

  const configure = getCondition(rr, T.configureWorkflowCompleted);
  if (
    configure?.status === 'False' &&
    !IN_PROGRESS_REASONS.has(configure.reason ?? '')
  ) {
    return {
      state: 'failed',
      reason: configure.reason || R.configureWorkflowFailed,
      message: configure.message || statusMessage,
      pipeline: failedPipeline(rr),
    };
  }

  const works = getCondition(rr, T.worksSucceeded);
  if (
    works?.status === 'False' &&
    !IN_PROGRESS_REASONS.has(works.reason ?? '')
  ) {
    return {
      state: 'failed',
      reason: works.reason || R.worksFailing,
      message: works.message || statusMessage,
    };
  }

  const reconciled = getCondition(rr, T.reconciled);
  if (
    reconciled?.status === 'False' &&
    !IN_PROGRESS_REASONS.has(reconciled.reason ?? '')
  ) {
    return {
      state: 'failed',
      reason: reconciled.reason || 'ReconcileFailed',
      message: reconciled.message || statusMessage,
      pipeline:
        reconciled.reason === R.configureWorkflowFailed
          ? failedPipeline(rr)
          : undefined,
    };
  }

  if (reconciled?.status === 'True') {
    if (isPlatformBehind(rr)) {
      return {
        state: 'in-progress',
        reason: PLATFORM_BEHIND_REASON,
        message: 'The request changed and Kratix has not reconciled it yet',
      };
    }
    return {
      state: 'ready',
      reason: reconciled.reason,
      message: statusMessage,
    };
  }

  // Older Kratix versions write no Reconciled condition; a failed pipeline still shows up in status.kratix.
  const pipeline = failedPipeline(rr);
  if (pipeline) {
    return {
      state: 'failed',
      reason: R.configureWorkflowFailed,
      message: statusMessage,
      pipeline,
    };
  }

  const pending = [reconciled, configure, works].filter(
    c =>
      c && (c.status === 'Unknown' || IN_PROGRESS_REASONS.has(c.reason ?? '')),
  );
  if (pending.length > 0) {
    return {
      state: 'in-progress',
      reason: pending[0]?.reason,
      message: pending.find(c => c?.message)?.message || statusMessage,
    };
  }

  return { state: 'unknown', message: statusMessage };
}
