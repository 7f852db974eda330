import { KRATIX_CONDITION_REASONS, KRATIX_CONDITION_TYPES } from '../constants';
import { KratixPromise, KratixResourceRequest } from '../types';
import { getCondition } from './getCondition';
import { getResourceState, KratixResourceState } from './getResourceState';

const R = KRATIX_CONDITION_REASONS;
const T = KRATIX_CONDITION_TYPES;
const REQUIREMENT_INSTALLED = 'Requirement installed';

/**
 * Where a Promise stands. Kratix writes `status.status: Unavailable` at the start of every reconcile and keeps it
 * while the first configure workflow runs, while paused or suspended and while required Promises are missing
 * (upstream `internal/controller/promise_controller.go`), so `Unavailable` alone is in progress; only a failed
 * workflow or failing Works make a Promise failed. The reason says which case it is.
 *
 * @public
 */
export function getPromiseState(
  promise: Pick<KratixPromise, 'status'> | undefined,
): KratixResourceState {
  const message =
    typeof promise?.status?.message === 'string'
      ? promise.status.message
      : undefined;
  const conditions = getResourceState(
    promise as Pick<KratixResourceRequest, 'status'> | undefined,
  );
  if (conditions.state === 'failed') return conditions;
  if (promise?.status?.status === 'Available') {
    return { state: 'ready', reason: 'Available', message };
  }

  const requirements = getCondition(promise, T.requirementsFulfilled);
  if (requirements?.status === 'False') {
    // Each required Promise's state is a sentence such as "Requirement not installed" (promise_controller.go).
    const missing = (promise?.status?.requiredPromises ?? [])
      .filter(r => r?.name && r.state !== REQUIREMENT_INSTALLED)
      .map(
        r =>
          `${r.name}${r.version ? `@${r.version}` : ''}${
            r.state ? ` (${r.state})` : ''
          }`,
      );
    return {
      state: 'in-progress',
      reason: requirements.reason || R.requirementsNotFulfilled,
      message: missing.length
        ? `Waiting for required Promises: ${missing.join(', ')}`
        : requirements.message || message,
    };
  }

  const available = getCondition(promise, T.available);
  // `PromiseUnavailable` is the generic mark of a reconcile under way; the Reconciled condition says more.
  const specific =
    available?.status === 'False' && available.reason !== R.promiseUnavailable
      ? available
      : undefined;
  return {
    state: 'in-progress',
    reason:
      specific?.reason ||
      conditions.reason ||
      available?.reason ||
      promise?.status?.status,
    message: specific?.message || conditions.message || message,
  };
}
