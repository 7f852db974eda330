import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { KratixRegistryActionOptions } from './actionOptions';
import { registerDeleteRequestAction } from './deleteRequestAction';
import { registerDescribePromiseAction } from './describePromiseAction';
import { registerGetRequestStatusAction } from './getRequestStatusAction';
import { registerListPromisesAction } from './listPromisesAction';
import { registerRequestResourceAction } from './requestResourceAction';
import { registerSetRequestVersionAction } from './setRequestVersionAction';
import { registerValidateRequestAction } from './validateRequestAction';

/**
 * The ids of the Kratix actions the plugin registers in the actions registry (MCP tools `kratix.<name>`).
 *
 * @public
 */
export const KRATIX_REGISTRY_ACTION_IDS = [
  'kratix:list-promises',
  'kratix:describe-promise',
  'kratix:validate-request',
  'kratix:request-resource',
  'kratix:get-request-status',
  'kratix:delete-request',
  'kratix:set-request-version',
] as const;

/** Registers every Kratix action (`kratix:*`) in the plugin's actions registry. */
export function registerKratixActions(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registerListPromisesAction(registry, options);
  registerDescribePromiseAction(registry, options);
  registerValidateRequestAction(registry, options);
  registerRequestResourceAction(registry, options);
  registerGetRequestStatusAction(registry, options);
  registerDeleteRequestAction(registry, options);
  registerSetRequestVersionAction(registry, options);
}
