import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { kratixClusterServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { PromiseApiIndex } from './processor/PromiseApiIndex';
import { KratixRelationsProcessor } from './processor/KratixRelationsProcessor';
import { KratixEntityProvider } from './providers/KratixEntityProvider';
import { readKratixEntityProviderConfigs } from './providers/KratixEntityProviderConfig';
import { promiseToTemplate } from './template/promiseToTemplate';

/**
 * Registers a {@link KratixEntityProvider} per `catalog.providers.kratix.<id>` block and the
 * {@link KratixRelationsProcessor} for hand-written entities.
 *
 * @public
 */
export const catalogModuleKratix = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'kratix',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clusters: kratixClusterServiceRef,
      },
      async init({ catalog, config, logger, scheduler, clusters }) {
        catalog.addEntityProvider(
          KratixEntityProvider.fromConfig(config, {
            logger,
            clusters,
            scheduler,
            promiseToTemplate,
          }),
        );
        if (clusters.listClusters().length === 0) return;
        // The processor resolves references the same way the first provider names entities.
        const [first] = readKratixEntityProviderConfigs(config);
        const index = new PromiseApiIndex(clusters, logger);
        catalog.addProcessor(
          new KratixRelationsProcessor({
            defaultCluster: first?.cluster ?? clusters.getDefaultClusterName(),
            entityNamespace: first?.entityNamespace ?? 'default',
            requestEntityKind: first?.resourceRequests.entityKind ?? 'Resource',
            groupsOfKind: (cluster, kind) => index.groupsOfKind(cluster, kind),
          }),
        );
      },
    });
  },
});
