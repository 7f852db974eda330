import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  kratixClusterServiceRef,
  kratixInformerServiceRef,
} from '@kratix-backstage/plugin-kratix-node';
import { PromiseApiIndex } from './processor/PromiseApiIndex';
import {
  KratixRelationsProcessor,
  KratixRelationsProcessorTarget,
} from './processor/KratixRelationsProcessor';
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
        lifecycle: coreServices.lifecycle,
        clusters: kratixClusterServiceRef,
        informers: kratixInformerServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        lifecycle,
        scheduler,
        clusters,
        informers,
      }) {
        catalog.addEntityProvider(
          KratixEntityProvider.fromConfig(config, {
            logger,
            clusters,
            informers,
            scheduler,
            promiseToTemplate,
          }),
        );
        const clusterNames = clusters.listClusters().map(c => c.name);
        if (clusterNames.length === 0) return;
        // References name entities the way the provider of their cluster does; unnamed clusters, the first provider.
        const providers = readKratixEntityProviderConfigs(config).map(p => ({
          cluster: p.cluster ?? clusters.getDefaultClusterName(),
          entityNamespace: p.entityNamespace,
          requestEntityKind: p.resourceRequests.entityKind,
          pageSize: p.pageSize,
        }));
        const targets: Record<string, KratixRelationsProcessorTarget> = {};
        for (const p of providers) targets[p.cluster] ??= p;
        const [first] = providers;
        const index = new PromiseApiIndex(informers, logger, {
          pageSize: first?.pageSize,
        });
        lifecycle.addShutdownHook(() => index.close());
        catalog.addProcessor(
          new KratixRelationsProcessor({
            defaultCluster: first?.cluster ?? clusters.getDefaultClusterName(),
            entityNamespace: first?.entityNamespace ?? 'default',
            requestEntityKind: first?.requestEntityKind ?? 'Resource',
            targets,
            clusterNames,
            groupsOfKind: (cluster, kind) => index.groupsOfKind(cluster, kind),
          }),
        );
      },
    });
  },
});
