import { CROSSPLANE_CONDITION_TYPES } from '../constants';
import { ConditionStatus } from '../types';
import { getCondition, ObjectWithConditions } from './getCondition';

/**
 * Where a Crossplane claim, composite or managed resource stands, with its raw `Ready` and `Synced` statuses.
 *
 * @public
 */
export interface CrossplaneState {
  state: 'ready' | 'in-progress' | 'failed' | 'unknown';
  reason?: string;
  message?: string;
  ready?: ConditionStatus;
  synced?: ConditionStatus;
}

// Ready=False reasons that mean "not yet" rather than "broken".
const PENDING_READY_REASONS: ReadonlySet<string> = new Set([
  'Creating',
  'Deleting',
  'Unknown',
]);

/**
 * Sums up Crossplane's `Ready` and `Synced` conditions: a failed sync wins, then an unready resource, then ready.
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
      state: 'failed',
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
