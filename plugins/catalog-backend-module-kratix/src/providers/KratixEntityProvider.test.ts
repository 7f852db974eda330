import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import {
  applyCrd,
  describeWithFixtures,
  kubeRequest,
  loadFixture,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { DefaultKratixClusterService } from '@kratix-backstage/plugin-kratix-node';
import { gzipSync } from 'zlib';
import { stringify } from 'yaml';
import {
  installPromise,
  kafkaPromise,
  providerConfig,
  RecordingConnection,
  upsert,
  waitFor,
} from '../__testUtils__/testPlatform';
import { KratixEntityProvider } from './KratixEntityProvider';

jest.setTimeout(180_000);

const consoleLogger = (): any => {
  const log = (level: string) => (message: string) =>
    console.log(`${level}: ${message}`); // eslint-disable-line no-console
  const logger: any = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
  };
  logger.child = () => logger;
  return logger;
};

const KAFKAS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas';
const REQUEST =
  'resource:default/orders_default_kafka.marketplace.kratix.io_platform';
const CLAIM =
  'resource:default/orders_default_objectstorage.awsblueprints.io_worker-1';

const encode = (objects: unknown[]) =>
  gzipSync(Buffer.from(objects.map(o => stringify(o)).join('---\n'))).toString(
    'base64',
  );

const claimCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'objectstorages.awsblueprints.io' },
  spec: {
    group: 'awsblueprints.io',
    scope: 'Namespaced',
    names: {
      kind: 'ObjectStorage',
      plural: 'objectstorages',
      singular: 'objectstorage',
      listKind: 'ObjectStorageList',
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
};

function startProvider(env: TestPlatform, extra: object = {}) {
  const config = providerConfig([env.platform, ...env.workers], extra);
  let task: SchedulerServiceTaskFunction | undefined;
  const [provider] = KratixEntityProvider.fromConfig(config, {
    logger: process.env.KRATIX_TEST_LOG
      ? consoleLogger()
      : mockServices.logger.mock(),
    clusters: DefaultKratixClusterService.fromConfig(config),
    taskRunner: { run: async ({ fn }) => void (task = fn) },
  });
  const connection = new RecordingConnection();
  const abort = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  return {
    provider,
    connection,
    async start() {
      await provider.connect(connection);
      running = Promise.resolve(task!(abort.signal));
    },
    async stop() {
      abort.abort();
      await running;
    },
  };
}

describeWithFixtures('KratixEntityProvider against real API servers', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    env = await startTestPlatform({ workers: ['worker-1'] });
    const {
      platform,
      workers: [worker],
    } = env;
    await installPromise(platform, kafkaPromise());
    await upsert(platform, '/apis/platform.kratix.io/v1alpha1/destinations', {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: {
        name: 'worker-1',
        labels: { 'kratix.backstage.io/cluster': 'worker-1' },
      },
      spec: { path: 'worker-1' },
    });
    await upsert(platform, KAFKAS, {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'kafka',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: { 'kratix.backstage.io/owner': 'group:default/team-a' },
      },
      spec: {},
    });
    const claim = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: { name: 'orders', namespace: 'default' },
      spec: {
        resourceRef: {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          name: 'orders-x',
        },
      },
    };
    await upsert(
      platform,
      '/apis/platform.kratix.io/v1alpha1/namespaces/default/workplacements',
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'WorkPlacement',
        metadata: {
          name: 'kafka-orders.worker-1',
          namespace: 'default',
          labels: { 'kratix.io/work': 'kafka-orders' },
        },
        spec: {
          targetDestinationName: 'worker-1',
          promiseName: 'kafka',
          resourceName: 'orders',
          id: 'abc',
          workloads: [{ filepath: 'claim.yaml', content: encode([claim]) }],
        },
      },
    );
    const [xrd] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
    );
    await upsert(
      worker,
      '/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions',
      xrd,
    );
    await applyCrd(worker.admin, claimCrd);
    // What Crossplane makes from the XRD for its composite kind.
    await applyCrd(worker.admin, {
      ...claimCrd,
      metadata: { name: 'xobjectstorages.awsblueprints.io' },
      spec: {
        ...claimCrd.spec,
        scope: 'Cluster',
        names: {
          kind: 'XObjectStorage',
          plural: 'xobjectstorages',
          singular: 'xobjectstorage',
          listKind: 'XObjectStorageList',
        },
      },
    });
    await upsert(
      worker,
      '/apis/awsblueprints.io/v1alpha1/namespaces/default/objectstorages',
      claim,
    );
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('publishes everything in one full mutation, then follows changes as deltas, losing nothing when a worker goes away', async () => {
    const run = startProvider(env);
    await run.start();
    try {
      const full = await waitFor(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
      );
      const refs = (full.type === 'full' ? full.entities : []).map(d =>
        `${d.entity.kind}:${d.entity.metadata.namespace}/${d.entity.metadata.name}`.toLowerCase(),
      );
      expect(refs).toEqual(
        expect.arrayContaining([
          'component:default/kafka_platform',
          'api:default/kafka_platform',
          'resource:default/worker-1_platform',
          REQUEST,
          CLAIM,
          'api:default/xobjectstorages.awsblueprints.io_xrd_worker-1',
        ]),
      );
      expect(run.connection.get(REQUEST).spec).toMatchObject({
        owner: 'group:default/team-a',
        dependsOn: expect.arrayContaining([
          'component:default/kafka_platform',
          'resource:default/worker-1_platform',
          CLAIM,
        ]),
      });

      // A status change arrives as a delta within seconds.
      const current = await kubeRequest(
        env.platform.admin,
        'GET',
        `${KAFKAS}/orders`,
      );
      await kubeRequest(env.platform.admin, 'PUT', `${KAFKAS}/orders/status`, {
        ...current,
        status: {
          message: 'Resource requested',
          observedGeneration: current.metadata.generation,
          conditions: [
            {
              type: 'Reconciled',
              status: 'True',
              reason: 'Reconciled',
              lastTransitionTime: new Date().toISOString(),
              message: 'ok',
            },
          ],
        },
      });
      await waitFor(
        () =>
          run.connection.get(REQUEST)?.metadata.annotations[
            'kratix.backstage.io/status'
          ] === 'ready',
        'the request to become ready',
        10_000,
      );
      expect(
        run.connection.mutations.filter(m => m.type === 'full'),
      ).toHaveLength(1);

      // The worker goes away: nothing is removed, platform changes still flow.
      await env.workers[0].stop();
      await upsert(env.platform, KAFKAS, {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'kafka',
        metadata: { name: 'payments', namespace: 'default' },
        spec: {},
      });
      await waitFor(
        () =>
          run.connection.get(
            'resource:default/payments_default_kafka.marketplace.kratix.io_platform',
          ),
        'the new request',
      );
      expect(run.connection.get(CLAIM)).toBeDefined();
      expect(
        run.connection.get(
          'api:default/xobjectstorages.awsblueprints.io_xrd_worker-1',
        ),
      ).toBeDefined();

      // It comes back and a change there converges without a restart.
      await env.workers[0].restart();
      const claim = await kubeRequest(
        env.workers[0].admin,
        'GET',
        '/apis/awsblueprints.io/v1alpha1/namespaces/default/objectstorages/orders',
      );
      await kubeRequest(
        env.workers[0].admin,
        'PUT',
        '/apis/awsblueprints.io/v1alpha1/namespaces/default/objectstorages/orders/status',
        {
          ...claim,
          status: {
            conditions: [
              {
                type: 'Ready',
                status: 'True',
                reason: 'Available',
                lastTransitionTime: new Date().toISOString(),
              },
              {
                type: 'Synced',
                status: 'True',
                reason: 'ReconcileSuccess',
                lastTransitionTime: new Date().toISOString(),
              },
            ],
          },
        },
      );
      await waitFor(
        () =>
          run.connection.get(CLAIM)?.metadata.annotations[
            'kratix.backstage.io/ready'
          ] === 'True',
        'the claim to be read again after the worker came back',
        60_000,
      );

      // A deleted request disappears.
      await kubeRequest(env.platform.admin, 'DELETE', `${KAFKAS}/payments`);
      await waitFor(
        () =>
          !run.connection.get(
            'resource:default/payments_default_kafka.marketplace.kratix.io_platform',
          ),
        'the deleted request to disappear',
        10_000,
      );
      expect(
        run.connection.mutations.some(
          m =>
            m.type === 'delta' &&
            m.removed.some(
              r =>
                'entityRef' in r &&
                r.entityRef.startsWith('resource:default/payments_'),
            ),
        ),
      ).toBe(true);
      expect(run.connection.get(REQUEST)).toBeDefined();
    } finally {
      await run.stop();
    }
  });

  it('never publishes a full mutation while a worker cannot be read after a restart', async () => {
    await env.workers[0].stop();
    const run = startProvider(env, { syncTimeoutSeconds: 3 });
    await run.start();
    try {
      await waitFor(
        () => run.connection.mutations.length > 0,
        'a first mutation',
      );
      expect(run.connection.mutations[0]).toMatchObject({
        type: 'delta',
        removed: [],
      });
      expect(run.connection.get(REQUEST)).toBeDefined();
      await env.workers[0].restart();
      // Once the worker answers, the full mutation follows, with its entities.
      const full = await waitFor(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation once the worker is back',
        60_000,
      );
      expect(
        full.type === 'full' &&
          full.entities.some(
            d => d.entity.metadata.name === CLAIM.split('/')[1],
          ),
      ).toBe(true);
    } finally {
      await run.stop();
    }
  });

  it('pages through more than 1,000 requests', async () => {
    const names = Array.from({ length: 1100 }, (_, i) => `bulk-${i}`);
    const admin = env.platform.admin;
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(
        names.slice(i, i + 50).map(name =>
          kubeRequest(admin, 'POST', KAFKAS, {
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            kind: 'kafka',
            metadata: { name, namespace: 'default' },
            spec: {},
          }),
        ),
      );
    }
    const run = startProvider(env);
    await run.start();
    try {
      const full = await waitFor(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
        60_000,
      );
      const bulk =
        full.type === 'full'
          ? full.entities.filter(d =>
              d.entity.metadata.name.startsWith('bulk-'),
            )
          : [];
      expect(bulk).toHaveLength(1100);
    } finally {
      await run.stop();
    }
  });
});
