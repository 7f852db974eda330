import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  kratixClusterServiceRef,
  kratixInformerServiceRef,
  readKratixScaffolderConfig,
} from '@kratix-backstage/plugin-kratix-node';
import { registerKratixActions } from './actions/registerKratixActions';
import { readKratixBackendConfig } from './config/readKratixBackendConfig';
import { ClusterCalls } from './kubernetes/ClusterCalls';
import { createRouter } from './router';
import { EntityChangeNotifier } from './service/EntityChangeNotifier';
import { TtlCache } from './service/TtlCache';

/**
 * The Kratix backend plugin: live status, pipelines, logs and the Crossplane tree of Kratix catalog entities, and the
 * Promise marketplace, under `/api/kratix`; and the `kratix:*` actions of the actions registry, which AI assistants
 * reach through the MCP actions backend.
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
        informers: kratixInformerServiceRef,
        signals: signalsServiceRef,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        catalog,
        clusters,
        informers,
        signals,
        logger,
        lifecycle,
        actionsRegistry,
      }) {
        const settings = readKratixBackendConfig(config, { logger });
        const calls = new ClusterCalls(
          clusters,
          settings.clusterTimeoutMs,
          informers,
        );
        lifecycle.addShutdownHook(() => calls.close());
        const cache = new TtlCache(settings.cacheTtlMs);
        const notifier = settings.signals.enabled
          ? new EntityChangeNotifier({
              calls,
              informers,
              signals,
              cache,
              logger,
              idleTimeoutMs: settings.signals.idleTimeoutMs,
            })
          : undefined;
        if (notifier) lifecycle.addShutdownHook(() => notifier.close());
        // The actions check requests as the scaffolder does, so they read its settings (namespace policy...).
        registerKratixActions(actionsRegistry, {
          clusters,
          permissions,
          config: readKratixScaffolderConfig(config, {
            defaultCluster: () =>
              clusters.listClusters().find(c => c.isDefault)?.name,
          }),
          calls,
          catalog,
          settings,
        });
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
