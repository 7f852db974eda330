import {
  CROSSPLANE_CONDITION_REASONS,
  CROSSPLANE_CONDITION_TYPES,
} from '../constants';
import { ConditionStatus } from '../types';
import { getCondition, ObjectWithConditions } from './getCondition';

/**
 * Where a Crossplane claim, composite or managed resource stands, with its raw `Ready` and `Synced` statuses.
 *
 * @public
 */
export interface CrossplaneState {
  /** `paused` when Crossplane was told to stop reconciling (the `crossplane.io/paused` annotation): not a failure. */
  state: 'ready' | 'in-progress' | 'paused' | 'failed' | 'unknown';
  reason?: string;
  message?: string;
  ready?: ConditionStatus;
  synced?: ConditionStatus;
}

const X = CROSSPLANE_CONDITION_REASONS;

// Ready=False reasons that mean "not yet" rather than "broken". Every new claim sits at `Waiting` until its
// composite resource is ready (upstream `internal/controller/apiextensions/claim/reconciler.go`).
const PENDING_READY_REASONS: ReadonlySet<string> = new Set([
  X.creating,
  X.deleting,
  X.waiting,
  'Unknown',
]);

/**
 * Sums up Crossplane's `Ready` and `Synced` conditions: a paused or failed sync wins, then an unready resource, then
 * ready.
 *
 * @public
 */
export function getCrossplaneState(
  obj: ObjectWithConditions | undefined,
): CrossplaneState {
  const ready = getCondition(obj, CROSSPLANE_CONDITION_TYPES.ready);
  const synced = getCondition(obj, CROSSPLANE_CONDITION_TYPES.synced);
  const base = { ready: ready?.status, synced: synced?.status };

  if (!ready && !synced) {
    const conditions = obj?.status?.conditions;
    const hasAny = Array.isArray(conditions) && conditions.length > 0;
    // No conditions at all means Crossplane has not looked at the object yet.
    return { ...base, state: hasAny ? 'unknown' : 'in-progress' };
  }
  if (synced?.status === 'False') {
    return {
      ...base,
      // `ReconcilePaused` only means someone paused the object (upstream `apis/core/v2/condition.go`).
      state: synced.reason === X.reconcilePaused ? 'paused' : 'failed',
      reason: synced.reason,
      message: synced.message,
    };
  }
  if (
    ready?.status === 'False' &&
    !PENDING_READY_REASONS.has(ready.reason ?? '')
  ) {
    return {
      ...base,
      state: 'failed',
      reason: ready.reason,
      message: ready.message,
    };
  }
  if (ready?.status === 'True' && synced?.status === 'True') {
    return {
      ...base,
      state: 'ready',
      reason: ready.reason,
      message: ready.message,
    };
  }
  const pending = ready?.status !== 'True' ? ready : synced;
  return {
    ...base,
    state: 'in-progress',
    reason: pending?.reason,
    message: pending?.message,
  };
}
