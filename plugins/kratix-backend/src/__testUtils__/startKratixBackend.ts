import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { kratixPlugin } from '../plugin';

/** Options of {@link startKratixBackend}. */
export interface StartKratixBackendOptions {
  /** The `kratix` config block: `clusters`, and `backend` settings when needed. */
  kratix: JsonObject;
  /** What the catalog holds for every caller. */
  entities: Entity[];
  /** Receives each signal the plugin publishes; dropped unless given. */
  publish?: SignalsService['publish'];
}

/** A real backend with the kratix plugin, a catalog of the given entities and a signals sink. */
export async function startKratixBackend(options: StartKratixBackendOptions) {
  const publish: SignalsService['publish'] =
    options.publish ?? (async () => {});
  return startTestBackend({
    features: [
      kratixPlugin,
      mockServices.rootConfig.factory({ data: { kratix: options.kratix } }),
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish }),
      }),
    ],
  });
}
