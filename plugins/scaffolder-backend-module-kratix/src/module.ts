import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kratixPromisePermissions } from '@kratix-backstage/plugin-kratix-common';
import {
  kratixClusterServiceRef,
  readKratixScaffolderConfig,
} from '@kratix-backstage/plugin-kratix-node';
import { createKratixResourceDeleteAction } from './actions/kratixResourceDelete';
import { createKratixResourceManifestAction } from './actions/kratixResourceManifest';
import { createKratixResourceRequestAction } from './actions/kratixResourceRequest';
import { createKratixResourceUpgradeAction } from './actions/kratixResourceUpgrade';
import { kratixPromisePermissionResourceRef } from './permissions/kratixPromisePermissionResourceRef';
import { loadKratixPromiseResources } from './permissions/loadKratixPromiseResources';
import { kratixPromisePermissionRules } from './permissions/rules';

/**
 * The Kratix module for the scaffolder: the actions `kratix:resource:request`, `kratix:resource:delete`,
 * `kratix:resource:manifest` and `kratix:resource:upgrade`, and the permission resource type `kratix-promise` with its rules, so that policies
 * can decide on the Promise.
 *
 * @public
 */
export const scaffolderModuleKratix = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'kratix',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clusters: kratixClusterServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({
        scaffolder,
        clusters,
        permissions,
        permissionsRegistry,
        config,
        logger,
      }) {
        permissionsRegistry.addResourceType({
          resourceRef: kratixPromisePermissionResourceRef,
          permissions: kratixPromisePermissions,
          rules: Object.values(kratixPromisePermissionRules),
          getResources: resourceRefs =>
            loadKratixPromiseResources(clusters, resourceRefs),
        });
        const options = {
          clusters,
          permissions,
          config: readKratixScaffolderConfig(config, {
            defaultCluster: () =>
              clusters.listClusters().find(c => c.isDefault)?.name,
          }),
        };
        scaffolder.addActions(
          createKratixResourceRequestAction(options),
          createKratixResourceDeleteAction(options),
          createKratixResourceManifestAction(options),
          createKratixResourceUpgradeAction(options),
        );
        logger.info(
          'Registered the scaffolder actions kratix:resource:request, kratix:resource:delete, kratix:resource:manifest and kratix:resource:upgrade',
        );
      },
    });
  },
});
