import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { kratixClusterServiceRef } from '../service/kratixClusterServiceRef';
import { DefaultKratixInformerService } from './DefaultKratixInformerService';
import type { KratixInformerService } from './KratixInformerService';

/**
 * The shared Kratix informers: one per kind per cluster for every plugin of a backend. Root-scoped, with a default
 * factory, so plugins installed together share them and a plugin installed alone needs no setup.
 *
 * @public
 */
export const kratixInformerServiceRef = createServiceRef<KratixInformerService>(
  {
    id: 'kratix.informers',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          clusters: kratixClusterServiceRef,
          lifecycle: coreServices.rootLifecycle,
        },
        factory({ clusters, lifecycle }) {
          const informers = DefaultKratixInformerService.create({ clusters });
          lifecycle.addShutdownHook(() => informers.close());
          return informers;
        },
      }),
  },
);
