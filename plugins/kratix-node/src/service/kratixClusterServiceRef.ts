import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultKratixClusterService } from './DefaultKratixClusterService';
import type { KratixClusterService } from './KratixClusterService';

/**
 * The Kratix cluster service: the clusters under `kratix.clusters` and a shared client per cluster. Root-scoped, so
 * every plugin and module shares one set of clients (and their discovery caches).
 *
 * @public
 */
export const kratixClusterServiceRef = createServiceRef<KratixClusterService>({
  id: 'kratix.cluster',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
      },
      factory({ config, logger, lifecycle }) {
        const clusters = DefaultKratixClusterService.fromConfig(config, {
          logger: logger.child({ service: 'kratix.cluster' }),
        });
        lifecycle.addShutdownHook(() => clusters.close());
        return clusters;
      },
    }),
});
