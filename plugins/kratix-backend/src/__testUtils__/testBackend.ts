import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { TestPlatform } from '@kratix-backstage/kube-test-cluster';
import type { JsonObject } from '@backstage/types';
import { kratixPlugin } from '../plugin';
import { clusterConfig } from './testCluster';

type Features = NonNullable<Parameters<typeof startTestBackend>[0]['features']>;

/**
 * A real backend with the Kratix plugin, the platform (default) and its first worker under `kratix.clusters`, and a
 * catalog that holds `entities`.
 */
export async function startKratixTestBackend(options: {
  platform: TestPlatform;
  entities: Entity[];
  /** Settings under `kratix.backend`. */
  backend?: JsonObject;
  features?: Features;
}) {
  return startTestBackend({
    features: [
      kratixPlugin,
      mockServices.rootConfig.factory({
        data: {
          kratix: {
            clusters: [
              clusterConfig(options.platform.platform, true),
              clusterConfig(options.platform.workers[0]),
            ],
            ...(options.backend && { backend: options.backend }),
          },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.features ?? []),
    ],
  });
}
