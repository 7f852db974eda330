import { KRATIX_CONDITION_REASONS, KRATIX_CONDITION_TYPES } from '../constants';
import { getCondition, ObjectWithConditions } from './getCondition';

/**
 * A deletion that cannot finish by itself: the delete workflow failed, or a pipeline suspended it.
 *
 * @public
 */
export interface KratixStuckDeletion {
  state: 'failed' | 'suspended';
  reason: string;
  message?: string;
}

/**
 * A stuck deletion of a Promise or resource request, from `DeleteWorkflowCompleted=False` with
 * `DeleteWorkflowFailed` or `DeleteWorkflowSuspended` (upstream `lib/resourceutil/util.go`), or undefined.
 *
 * @public
 */
export function getDeletionState(
  obj: ObjectWithConditions | undefined,
): KratixStuckDeletion | undefined {
  const deletion = getCondition(
    obj,
    KRATIX_CONDITION_TYPES.deleteWorkflowCompleted,
  );
  if (deletion?.status !== 'False') return undefined;
  const reason = deletion.reason;
  if (reason === KRATIX_CONDITION_REASONS.deleteWorkflowFailed) {
    return { state: 'failed', reason, message: deletion.message };
  }
  if (reason === KRATIX_CONDITION_REASONS.deleteWorkflowSuspended) {
    return { state: 'suspended', reason, message: deletion.message };
  }
  return undefined;
}
