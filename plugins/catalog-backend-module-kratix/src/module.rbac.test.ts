import path from 'path';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  createNamespace,
  createOrReplace,
  eventually,
  kratixClusterConfig,
  readmeClusterRole,
  startTestPlatform,
  testClusterSkipReason,
  tokenWithClusterRole,
  tokenWithNamespacedRole,
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
/** The ClusterRole the README tells adopters to grant on the platform cluster. */
const readmeRole = () =>
  readmeClusterRole(
    path.resolve(__dirname, '../README.md'),
    'backstage-kratix-catalog',
  );

/** A root logger that records every line its plugins' loggers write, with the level. */
function recordingRootLogger() {
  const lines: string[] = [];
  const logger: LoggerService = {
    error: m => void lines.push(`error: ${m}`),
    warn: m => void lines.push(`warn: ${m}`),
    info: m => void lines.push(`info: ${m}`),
    debug: () => {},
    child: () => logger,
  };
  const factory = createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger as any,
  });
  return { lines, factory };
}

const kafkaIn = (namespace: string, name = 'events') =>
  ref(
    'resource',
    resourceRequestEntityName({
      cluster: 'platform',
      namespace,
      name,
      kind: 'kafka',
      group: 'marketplace.kratix.io',
    }),
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
        readmeRole(),
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

    it('with `list` removed on Works, logs a warning naming the verb, the resource and what to grant, and still ingests the rest', async () => {
      const role = readmeRole();
      role.metadata.name = 'backstage-kratix-catalog-no-list-works';
      const kratixRule = role.rules.find((r: any) =>
        r.apiGroups.includes('platform.kratix.io'),
      );
      expect(kratixRule.resources).toContain('works');
      kratixRule.resources = kratixRule.resources.filter(
        (r: string) => r !== 'works',
      );
      role.rules.push({
        apiGroups: ['platform.kratix.io'],
        resources: ['works'],
        verbs: kratixRule.verbs.filter((v: string) => v !== 'list'),
      });
      const token = await tokenWithClusterRole(env.platform.admin, role, {
        namespace: 'backstage',
        name: 'catalog-no-list-works',
      });
      const logs = recordingRootLogger();
      const { backend, getEntity } = await startCatalogTestBackend({
        clusters: [
          kratixClusterConfig(env.platform, { isDefault: true, token }),
          kratixClusterConfig(env.workers[0], { identity: 'reader' }),
        ],
        features: [logs.factory],
      });
      try {
        const warning = await eventually(
          async () =>
            logs.lines.find(
              l => l.startsWith('warn: ') && l.includes('"works"'),
            ),
          'a warning about the Works',
          90_000,
          250,
        );
        expect(warning).toContain(
          'User "system:serviceaccount:backstage:catalog-no-list-works" cannot list resource "works" in API group "platform.kratix.io"',
        );
        expect(warning).toContain(
          "Grant that verb on that resource to this identity, in a ClusterRole or Role bound to it (the plugin's README lists what it needs under RBAC)",
        );
        // What the role does grant is still read: the Promises.
        const promise = promiseEntityName({
          cluster: 'platform',
          name: SEEDED_PROMISES[0],
        });
        await eventually(
          () => getEntity(ref('component', promise)),
          'the first seeded Promise',
          90_000,
          250,
        );
      } finally {
        await backend.stop();
      }
    });
    // The README's "With namespaces.include" paragraph: requests, Works and WorkPlacements granted by a Role in each
    // included namespace, Promises and Destinations (cluster-scoped) by a ClusterRole.
    it('with a namespaced Role and namespaces.include, ingests the requests of its namespace only and warns of nothing', async () => {
      const admin = env.platform.admin;
      for (const namespace of ['team-a', 'team-b']) {
        await createNamespace(admin, namespace);
        await createOrReplace(
          admin,
          `/apis/marketplace.kratix.io/v1alpha1/namespaces/${namespace}/kafkas`,
          {
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            kind: 'kafka',
            metadata: { name: 'events', namespace },
            spec: {},
          },
        );
      }
      const token = await tokenWithNamespacedRole(admin, readmeRole(), {
        serviceAccount: { namespace: 'backstage', name: 'catalog-team-a' },
        namespaces: ['team-a'],
        clusterScoped: ['promises', 'promiserevisions', 'destinations'],
      });
      const logs = recordingRootLogger();
      const { backend, getEntity } = await startCatalogTestBackend({
        clusters: [
          kratixClusterConfig(env.platform, { isDefault: true, token }),
          kratixClusterConfig(env.workers[0], { identity: 'reader' }),
        ],
        provider: { namespaces: { include: ['team-a'] } },
        features: [logs.factory],
      });
      try {
        await eventually(
          () => getEntity(kafkaIn('team-a')),
          "team-a's kafka request",
          90_000,
          250,
        );
        expect(
          await getEntity(
            ref(
              'component',
              promiseEntityName({ cluster: 'platform', name: 'kafka' }),
            ),
          ),
        ).toBeDefined();
        expect(await getEntity(DESTINATION)).toBeDefined();
        // The same-named request of team-b, and the requests of default, are neither read nor ingested.
        expect(await getEntity(kafkaIn('team-b'))).toBeUndefined();
        expect(await getEntity(kafkaIn('default', 'orders'))).toBeUndefined();
        expect(await getEntity(BUCKET)).toBeUndefined();
        expect(
          logs.lines.filter(l => /forbidden|not allowed/i.test(l)),
        ).toEqual([]);
      } finally {
        await backend.stop();
      }
    });
  },
);
