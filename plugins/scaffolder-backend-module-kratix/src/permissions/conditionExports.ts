import { createConditionExports } from '@backstage/plugin-permission-node';
import { kratixPromisePermissionResourceRef } from './kratixPromisePermissionResourceRef';
import { kratixPromisePermissionRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: kratixPromisePermissionResourceRef,
  rules: kratixPromisePermissionRules,
});

/**
 * Conditions on a Promise for permission policies: `isPromise({ promises, cluster? })` and
 * `hasPromiseLabel({ label, value? })`.
 *
 * @public
 */
export const kratixPromiseConditions = conditions;

/**
 * Turns conditions on a Promise into the conditional decision a permission policy returns for the Kratix Promise
 * permissions (`kratix.resource.request`, `.update`, `.delete`).
 *
 * @public
 */
export const createKratixPromiseConditionalDecision = createConditionalDecision;
