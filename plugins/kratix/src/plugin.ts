import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KratixClient, kratixApiRef } from './api';
import type { EntityKratixPromiseCardProps } from './components/EntityKratixPromiseCard';
import type { EntityKratixResourceCardProps } from './components/EntityKratixResourceCard';
import { requestTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The Kratix frontend plugin, for apps on the legacy frontend system. Apps on the new frontend system use the default
 * export of `@kratix-backstage/plugin-kratix/alpha`.
 *
 * @public
 */
export const kratixPlugin = createPlugin({
  id: 'kratix',
  apis: [
    createApiFactory({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KratixClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
  externalRoutes: {
    requestTemplate: requestTemplateRouteRef,
  },
});

/**
 * Entity card of a Kratix Promise: availability, version, API, required Promises, workflows and a "Request" button.
 *
 * @public
 */
export const EntityKratixPromiseCard: (
  props: EntityKratixPromiseCardProps,
) => JSX.Element = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixPromiseCard',
    component: {
      lazy: () =>
        import('./components/EntityKratixPromiseCard').then(
          m => m.EntityKratixPromiseCard,
        ),
    },
  }),
);

/**
 * Entity card of a Kratix resource request (or a Crossplane object behind one): its state, conditions, message,
 * health and Destinations.
 *
 * @public
 */
export const EntityKratixResourceCard: (
  props: EntityKratixResourceCardProps,
) => JSX.Element = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixResourceCard',
    component: {
      lazy: () =>
        import('./components/EntityKratixResourceCard').then(
          m => m.EntityKratixResourceCard,
        ),
    },
  }),
);

/**
 * Entity tab of a Kratix Promise or resource request.
 *
 * @public
 */
export const EntityKratixContent: () => JSX.Element = kratixPlugin.provide(
  createComponentExtension({
    name: 'EntityKratixContent',
    component: {
      lazy: () =>
        import('./components/KratixContent').then(m => m.KratixContent),
    },
  }),
);

/**
 * The Kratix marketplace: every Promise the user can see, whether it is available, and how to request it.
 *
 * @public
 */
export const KratixMarketplacePage: () => JSX.Element = kratixPlugin.provide(
  createRoutableExtension({
    name: 'KratixMarketplacePage',
    component: () =>
      import('./components/MarketplacePage').then(m => m.KratixMarketplacePage),
    mountPoint: rootRouteRef,
  }),
);
