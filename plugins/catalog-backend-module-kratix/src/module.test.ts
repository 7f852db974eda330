import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import {
  describeWithFixtures,
  eventually,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  crossplaneEntityName,
  destinationEntityName,
  promiseEntityName,
  resourceRequestEntityName,
  xrdEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { startCatalogTestBackend } from './__testUtils__/catalogTestBackend';
import { clustersConfig, setReconciled } from './__testUtils__/testPlatform';
import {
  SEEDED,
  SEEDED_PROMISES,
  seedPlatform,
} from './__testUtils__/seedPlatform';

jest.setTimeout(180_000);

const PROMISE_APIS: Record<string, { kind: string; group: string }> = {
  kafka: { kind: 'kafka', group: 'marketplace.kratix.io' },
  redis: { kind: 'redis', group: 'marketplace.kratix.io' },
  s3buckets: { kind: 'S3Bucket', group: 'syntasso.io' },
};

const ref = (kind: string, name: string) =>
  `${kind}:default/${name}`.toLowerCase();

const ORDERS = ref(
  'resource',
  resourceRequestEntityName({
    cluster: 'platform',
    namespace: 'default',
    name: 'orders',
    ...PROMISE_APIS.kafka,
  }),
);
const BUCKET = ref(
  'resource',
  resourceRequestEntityName({
    cluster: 'platform',
    namespace: 'default',
    name: 'example-request',
    ...PROMISE_APIS.s3buckets,
  }),
);
const CLAIM = ref(
  'resource',
  crossplaneEntityName({
    cluster: 'worker-1',
    namespace: 'default',
    name: 'example-request',
    kind: 'ObjectStorage',
    group: 'awsblueprints.io',
  }),
);
const XR = ref(
  'resource',
  crossplaneEntityName({
    cluster: 'worker-1',
    name: 'example-request-x7k2p',
    kind: 'XObjectStorage',
    group: 'awsblueprints.io',
  }),
);
const DESTINATION = ref(
  'resource',
  destinationEntityName({ cluster: 'platform', name: 'worker-1' }),
);

/** A hand-written entity, as a team would register it, linked to a request and a Promise by annotations. */
const handWritten = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'hand-written',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'hand-written',
          connect: connection =>
            connection.applyMutation({
              type: 'full',
              entities: [
                {
                  locationKey: 'hand-written',
                  entity: {
                    apiVersion: 'backstage.io/v1alpha1',
                    kind: 'Component',
                    metadata: {
                      name: 'orders-service',
                      annotations: {
                        'backstage.io/managed-by-location':
                          'url:https://example.com/catalog-info.yaml',
                        'backstage.io/managed-by-origin-location':
                          'url:https://example.com/catalog-info.yaml',
                        'kratix.backstage.io/resource-request':
                          'default/kafka/orders',
                        'kratix.backstage.io/promise-ref': 'platform/redis',
                      },
                    },
                    spec: {
                      type: 'service',
                      owner: 'group:default/team-a',
                      lifecycle: 'production',
                    },
                  },
                },
              ],
            }),
        });
      },
    });
  },
});

const startBackend = (env: TestPlatform) =>
  startCatalogTestBackend({
    clusters: clustersConfig([env.platform, ...env.workers]),
    features: [handWritten],
  });

const dependsOn = (entity: Entity | undefined) =>
  (entity?.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => r.targetRef)
    .sort();

describeWithFixtures('the catalog with the Kratix module', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    env = await startTestPlatform({ workers: ['worker-1'] });
    await seedPlatform(env);
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('serves every Kratix entity through the catalog API and follows status changes within seconds', async () => {
    const { backend, getEntity } = await startBackend(env);
    try {
      // Everything the request depends on is in the catalog and stitched into its relations.
      const bucket = await eventually(
        async () => {
          const entity = await getEntity(BUCKET);
          return dependsOn(entity).length >= 3 && entity;
        },
        'the S3Bucket request with its relations',
        60_000,
        250,
      );
      expect(dependsOn(bucket)).toEqual(
        [ref('component', 's3buckets_platform'), DESTINATION, CLAIM].sort(),
      );
      expect(bucket.spec).toMatchObject({
        type: 'kratix-resource',
        owner: 'group:default/platform',
      });

      for (const promise of SEEDED_PROMISES) {
        const name = promiseEntityName({ cluster: 'platform', name: promise });
        const component = await getEntity(ref('component', name));
        expect(component?.spec).toMatchObject({
          type: 'kratix-promise',
          providesApis: [ref('api', name)],
        });
        const api = await getEntity(ref('api', name));
        expect(api?.spec).toMatchObject({ type: 'openapi' });
        expect(api?.metadata.annotations).toMatchObject({
          'kratix.backstage.io/api-kind': PROMISE_APIS[promise].kind,
          'kratix.backstage.io/api-group': PROMISE_APIS[promise].group,
        });
        const template = await eventually(
          () => getEntity(ref('template', name)),
          `the Template of ${promise}`,
        );
        expect(template).toMatchObject({
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          spec: { type: 'kratix-resource' },
        });
      }

      const orders = await eventually(async () => {
        const entity = await getEntity(ORDERS);
        return dependsOn(entity).length > 0 && entity;
      }, 'the kafka request');
      expect(orders.spec?.owner).toBe('group:default/team-a');
      expect(dependsOn(orders)).toEqual([ref('component', 'kafka_platform')]);

      const claim = await eventually(async () => {
        const entity = await getEntity(CLAIM);
        return dependsOn(entity).length > 0 && entity;
      }, 'the claim with its relation to its composite');
      expect(claim.spec).toMatchObject({ type: 'crossplane-claim' });
      expect(dependsOn(claim)).toEqual([XR]);
      expect((await getEntity(XR))?.spec).toMatchObject({
        type: 'crossplane-xr',
      });
      expect(
        await getEntity(
          ref(
            'api',
            xrdEntityName({
              cluster: 'worker-1',
              name: 'xobjectstorages.awsblueprints.io',
            }),
          ),
        ),
      ).toBeDefined();
      expect((await getEntity(DESTINATION))?.spec).toMatchObject({
        type: 'kratix-destination',
      });

      // A hand-written entity gets its relations from its annotations (the kind is resolved through the Promises).
      const service = await eventually(async () => {
        const entity = await getEntity('component:default/orders-service');
        return dependsOn(entity).length >= 2 && entity;
      }, 'the hand-written entity with its relations');
      expect(dependsOn(service)).toEqual(
        [ORDERS, ref('component', 'redis_platform')].sort(),
      );
      expect(
        (await getEntity(ORDERS))?.relations?.filter(
          r => r.type === RELATION_DEPENDENCY_OF,
        ),
      ).toEqual([
        expect.objectContaining({
          targetRef: 'component:default/orders-service',
        }),
      ]);

      // A status change on the platform reaches the catalog API within seconds.
      const changedAt = Date.now();
      await setReconciled(env.platform, `${SEEDED.kafkas}/orders`);
      await eventually(
        async () =>
          (
            await getEntity(ORDERS)
          )?.metadata.annotations?.['kratix.backstage.io/status'] === 'ready',
        'the status change to reach the catalog API',
        10_000,
        50,
      );
      const latencyMs = Date.now() - changedAt;
      // eslint-disable-next-line no-console
      console.log(
        `Status change on the platform → catalog API: ${latencyMs} ms`,
      );
      expect(latencyMs).toBeLessThan(10_000);
    } finally {
      await backend.stop();
    }
  });
});
