import { KRATIX_CONDITION_TYPES } from '../constants';
import { getCondition, ObjectWithConditions } from './getCondition';

/**
 * True when Kratix has reconciled a resource request (`Reconciled=True`).
 *
 * @public
 */
export function isResourceReady(rr: ObjectWithConditions | undefined): boolean {
  return getCondition(rr, KRATIX_CONDITION_TYPES.reconciled)?.status === 'True';
}
