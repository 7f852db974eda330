import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { KratixClient, kratixApiRef } from './api';
import {
  isCrossplaneResource,
  isKratixPromise,
  isKratixResource,
} from './entityPredicates';
import { requestTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The Kratix client, talking to the kratix backend plugin.
 *
 * @alpha
 */
export const kratixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kratixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KratixClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Promise card on the overview of Promise entities.
 *
 * @alpha
 */
export const kratixPromiseEntityCard = EntityCardBlueprint.make({
  name: 'promise',
  params: {
    filter: isKratixPromise,
    loader: () =>
      import('./components/EntityKratixPromiseCard').then(m => (
        <m.EntityKratixPromiseCard />
      )),
  },
});

/**
 * The request card on the overview of resource request entities and the Crossplane objects behind them.
 *
 * @alpha
 */
export const kratixResourceEntityCard = EntityCardBlueprint.make({
  name: 'resource',
  params: {
    filter: entity => isKratixResource(entity) || isCrossplaneResource(entity),
    loader: () =>
      import('./components/EntityKratixResourceCard').then(m => (
        <m.EntityKratixResourceCard />
      )),
  },
});

/**
 * The Kratix tab of Promise and resource request entities.
 *
 * @alpha
 */
export const kratixEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'kratix',
    title: 'Kratix',
    filter: entity => isKratixPromise(entity) || isKratixResource(entity),
    loader: () =>
      import('./components/KratixContent').then(m => <m.KratixContent />),
  },
});

/**
 * The Kratix marketplace page at `/kratix`, with its item in the sidebar.
 *
 * @alpha
 */
export const kratixMarketplacePage = PageBlueprint.make({
  params: {
    path: '/kratix',
    routeRef: rootRouteRef,
    title: 'Kratix',
    icon: <StorefrontIcon fontSize="inherit" />,
    loader: () =>
      import('./components/MarketplacePage').then(m => (
        <m.KratixMarketplacePage />
      )),
  },
});

/**
 * The Kratix frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kratix',
  title: 'Kratix',
  icon: <StorefrontIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
  },
  externalRoutes: {
    requestTemplate: requestTemplateRouteRef,
  },
  extensions: [
    kratixApi,
    kratixPromiseEntityCard,
    kratixResourceEntityCard,
    kratixEntityContent,
    kratixMarketplacePage,
  ],
});
