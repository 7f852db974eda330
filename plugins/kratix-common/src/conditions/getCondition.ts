import { Condition } from '../types';

/**
 * Anything with `status.conditions`: every Kratix and Crossplane object.
 *
 * @public
 */
export interface ObjectWithConditions {
  status?: { conditions?: Condition[] | null } | null;
}

/**
 * Returns the condition of the given type from `status.conditions`, or undefined.
 *
 * @public
 */
export function getCondition(
  obj: ObjectWithConditions | undefined,
  type: string,
): Condition | undefined {
  const conditions = obj?.status?.conditions;
  // Real objects may carry `conditions: null`; treat anything but an array as none.
  if (!Array.isArray(conditions)) {
    return undefined;
  }
  return conditions.find(c => c?.type === type);
}
