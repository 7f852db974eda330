import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { kratixClusterServiceRef } from '@kratix-backstage/plugin-kratix-node';
import { readKratixBackendConfig } from './config/readKratixBackendConfig';
import { ClusterCalls } from './kubernetes/ClusterCalls';
import { createRouter } from './router';
import { EntityChangeNotifier } from './service/EntityChangeNotifier';
import { TtlCache } from './service/TtlCache';

/**
 * The Kratix backend plugin: live status, pipelines, logs and the Crossplane tree of Kratix catalog entities, and the
 * Promise marketplace, under `/api/kratix`.
 *
 * @public
 */
export const kratixPlugin = createBackendPlugin({
  pluginId: 'kratix',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        clusters: kratixClusterServiceRef,
        signals: signalsServiceRef,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        catalog,
        clusters,
        signals,
        logger,
        lifecycle,
      }) {
        const settings = readKratixBackendConfig(config, { logger });
        const calls = new ClusterCalls(clusters, settings.clusterTimeoutMs);
        const cache = new TtlCache(settings.cacheTtlMs);
        const notifier = settings.signals.enabled
          ? new EntityChangeNotifier({
              calls,
              signals,
              cache,
              logger,
              idleTimeoutMs: settings.signals.idleTimeoutMs,
            })
          : undefined;
        if (notifier) lifecycle.addShutdownHook(() => notifier.close());
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            calls,
            config: settings,
            cache,
            onInterest:
              notifier &&
              ((target, credentials) => notifier.track(target, credentials)),
          }),
        );
      },
    });
  },
});
