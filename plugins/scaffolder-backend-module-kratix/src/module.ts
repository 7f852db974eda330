import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { kratixClusterServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { createKratixResourceDeleteAction } from './actions/kratixResourceDelete';
import { createKratixResourceManifestAction } from './actions/kratixResourceManifest';
import { createKratixResourceRequestAction } from './actions/kratixResourceRequest';
import { readKratixScaffolderConfig } from './config/readKratixScaffolderConfig';

/**
 * The Kratix module for the scaffolder: the actions `kratix:resource:request`, `kratix:resource:delete` and
 * `kratix:resource:manifest`.
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
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, clusters, permissions, config, logger }) {
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
        );
        logger.info(
          'Registered the scaffolder actions kratix:resource:request, kratix:resource:delete and kratix:resource:manifest',
        );
      },
    });
  },
});
