import { CROSSPLANE_CONDITION_TYPES } from '../constants';
import { getCondition, ObjectWithConditions } from './getCondition';

/**
 * True when a Crossplane object is both `Ready=True` and `Synced=True`.
 *
 * @public
 */
export function isCrossplaneReady(
  obj: ObjectWithConditions | undefined,
): boolean {
  return (
    getCondition(obj, CROSSPLANE_CONDITION_TYPES.ready)?.status === 'True' &&
    getCondition(obj, CROSSPLANE_CONDITION_TYPES.synced)?.status === 'True'
  );
}
