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

/**
 * A Work no Destination matches: `ScheduleSucceeded=False` (reason `UnscheduledWorkloads`, upstream
 * `internal/controller/scheduler.go`), or undefined when it was scheduled or not yet looked at.
 *
 * @public
 */
export function getWorkScheduleProblem(
  work: Pick<KratixWork, 'status'> | undefined,
): KratixDeliveryProblem | undefined {
  const scheduled = getCondition(
    work,
    KRATIX_CONDITION_TYPES.scheduleSucceeded,
  );
  if (scheduled?.status !== 'False') return undefined;
  return {
    condition: scheduled.type,
    ...(scheduled.reason && { reason: scheduled.reason }),
    ...(scheduled.message && { message: scheduled.message }),
  };
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
  const written = getCondition(
    placement,
    KRATIX_CONDITION_TYPES.writeSucceeded,
  );
  if (written?.status !== 'False') return undefined;
  return {
    condition: written.type,
    ...(written.reason && { reason: written.reason }),
    ...(written.message && { message: written.message }),
  };
}
