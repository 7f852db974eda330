import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  eventually,
  kratixClusterConfig,
  readmeClusterRole,
  startTestPlatform,
  testClusterSkipReason,
  tokenWithClusterRole,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  destinationEntityName,
  promiseEntityName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { startCatalogTestBackend } from './__testUtils__/catalogTestBackend';
import { SEEDED_PROMISES, seedPlatform } from './__testUtils__/seedPlatform';

// The platform is a whole control plane (tools/kube-control-plane), where RBAC decides what a token may read.
const describeWithControlPlane = testClusterSkipReason(
  'the catalog with the README RBAC',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const ref = (kind: string, name: string) =>
  `${kind}:default/${name}`.toLowerCase();
const BUCKET = ref(
  'resource',
  resourceRequestEntityName({
    cluster: 'platform',
    namespace: 'default',
    name: 'example-request',
    kind: 'S3Bucket',
    group: 'syntasso.io',
  }),
);
const DESTINATION = ref(
  'resource',
  destinationEntityName({ cluster: 'platform', name: 'worker-1' }),
);
const dependsOn = (entity: Entity | undefined) =>
  (entity?.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => r.targetRef)
    .sort();

describeWithControlPlane(
  'the catalog with exactly the README RBAC on the platform',
  () => {
    let env: TestPlatform;

    beforeAll(async () => {
      env = await startTestPlatform({
        workers: ['worker-1'],
        fullPlatform: true,
      });
      await seedPlatform(env);
    });

    afterAll(async () => {
      await env?.destroy();
    });

    it('ingests every Promise, request and Destination with only the ClusterRole the README grants', async () => {
      const token = await tokenWithClusterRole(
        env.platform.admin,
        readmeClusterRole(
          path.resolve(__dirname, '../README.md'),
          'backstage-kratix-catalog',
        ),
        { namespace: 'backstage', name: 'catalog' },
      );
      const { backend, getEntity } = await startCatalogTestBackend({
        clusters: [
          kratixClusterConfig(env.platform, { isDefault: true, token }),
          kratixClusterConfig(env.workers[0], { identity: 'reader' }),
        ],
      });
      try {
        const bucket = await eventually(
          async () => {
            const entity = await getEntity(BUCKET);
            return dependsOn(entity).includes(DESTINATION) && entity;
          },
          'the S3Bucket request with its Destination',
          90_000,
          250,
        );
        expect(bucket.spec).toMatchObject({ type: 'kratix-resource' });
        for (const promise of SEEDED_PROMISES) {
          const name = promiseEntityName({
            cluster: 'platform',
            name: promise,
          });
          expect(await getEntity(ref('component', name))).toMatchObject({
            spec: { type: 'kratix-promise' },
          });
        }
      } finally {
        await backend.stop();
      }
    });
  },
);
