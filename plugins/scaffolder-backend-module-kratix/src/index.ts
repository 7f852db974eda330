/**
 * The Kratix module for the Backstage scaffolder: template actions that request, delete, write and upgrade Kratix
 * resource requests, validated against their Promise's API.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKratix as default } from './module';
export {
  createKratixResourceRequestAction,
  KRATIX_RESOURCE_REQUEST_ACTION_ID,
} from './actions/kratixResourceRequest';
export {
  createKratixResourceDeleteAction,
  KRATIX_RESOURCE_DELETE_ACTION_ID,
} from './actions/kratixResourceDelete';
export {
  createKratixResourceManifestAction,
  KRATIX_RESOURCE_MANIFEST_ACTION_ID,
} from './actions/kratixResourceManifest';
export {
  createKratixResourceUpgradeAction,
  KRATIX_RESOURCE_UPGRADE_ACTION_ID,
} from './actions/kratixResourceUpgrade';
// Moved to the Kratix node library, which the Kratix backend plugin's actions share; exported here as before.
export { readKratixScaffolderConfig } from '@kratix-backstage/plugin-kratix-node';
export type {
  KratixActionOptions,
  KratixNamespaceRule,
  KratixScaffolderConfig,
} from '@kratix-backstage/plugin-kratix-node';
export {
  kratixPromiseConditions,
  createKratixPromiseConditionalDecision,
} from './permissions/conditionExports';
export { kratixPromisePermissionResourceRef } from './permissions/kratixPromisePermissionResourceRef';
export type {
  KratixPromiseFilter,
  KratixPromiseResource,
} from './permissions/kratixPromisePermissionResourceRef';
export { kratixPromisePermissionRules } from './permissions/rules';
