import { KRATIX_CONDITION_TYPES } from '../constants';
import type { KratixWork, KratixWorkPlacement } from '../types';
import { getCondition } from './getCondition';

/**
 * Why a Work or WorkPlacement did not reach its Destination, from a `False` condition.
 *
 * @public
 */
export interface KratixDeliveryProblem {
  /** The condition that says so: `ScheduleSucceeded` on a Work, `WriteSucceeded` on a WorkPlacement. */
  condition: string;
  reason?: string;
  message?: string;
}

// The condition of the given type when it is False, as a problem.
function problemOf(
  obj: Pick<KratixWork | KratixWorkPlacement, 'status'> | undefined,
  type: string,
): KratixDeliveryProblem | undefined {
  const condition = getCondition(obj, type);
  if (condition?.status !== 'False') return undefined;
  return {
    condition: condition.type,
    ...(condition.reason && { reason: condition.reason }),
    ...(condition.message && { message: condition.message }),
  };
}

/**
 * A Work no Destination matches: `ScheduleSucceeded=False` (reason `UnscheduledWorkloads`, upstream
 * `internal/controller/scheduler.go`), or undefined when it was scheduled or not yet looked at.
 *
 * @public
 */
export function getWorkScheduleProblem(
  work: Pick<KratixWork, 'status'> | undefined,
): KratixDeliveryProblem | undefined {
  return problemOf(work, KRATIX_CONDITION_TYPES.scheduleSucceeded);
}

/**
 * A WorkPlacement the state store refused: `WriteSucceeded=False` (reason `WorkloadsFailedWrite`, upstream
 * `api/v1alpha1/workplacement_types.go`), or undefined.
 *
 * @public
 */
export function getPlacementWriteProblem(
  placement: Pick<KratixWorkPlacement, 'status'> | undefined,
): KratixDeliveryProblem | undefined {
  return problemOf(placement, KRATIX_CONDITION_TYPES.writeSucceeded);
}
