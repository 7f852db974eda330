import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import {
  createOrReplace,
  describeWithFixtures,
  eventually,
  installPromise,
  kubeRequest,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixClusterService,
  KratixClusterService,
  KratixInformer,
  KratixInformerOptions,
} from '@kratix-backstage/plugin-kratix-node';
import {
  placeClaim,
  seedDestinationAndOrders,
} from '../__testUtils__/seedPlatform';
import {
  kafkaPromise,
  providerConfig,
  RecordingConnection,
  setReconciled,
} from '../__testUtils__/testPlatform';
import type { PromiseToTemplate } from '../transformers/types';
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

/** What the provider asked of the clusters: every informer, with its options. */
interface InformerCall {
  cluster: string;
  options: KratixInformerOptions;
  informer: KratixInformer<any>;
}

/** The cluster service, recording every informer and refusing plain lists (the provider must only use informers). */
function recordingClusters(
  clusters: KratixClusterService,
  calls: InformerCall[],
): KratixClusterService {
  return {
    listClusters: () => clusters.listClusters(),
    getDefaultClusterName: () => clusters.getDefaultClusterName(),
    getClient(name) {
      const client = clusters.getClient(name);
      return new Proxy(client, {
        get(target, prop, receiver) {
          if (prop === 'informer') {
            return (options: KratixInformerOptions) => {
              const informer = target.informer(options);
              calls.push({ cluster: target.clusterName, options, informer });
              return informer;
            };
          }
          if (prop === 'list' || prop === 'listPages' || prop === 'watch') {
            throw new Error(`unexpected ${String(prop)} call`);
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

function startProvider(
  env: TestPlatform,
  extra: object = {},
  wrap: (c: KratixClusterService) => KratixClusterService = c => c,
  connection = new RecordingConnection(),
  promiseToTemplate?: PromiseToTemplate,
) {
  const config = providerConfig([env.platform, ...env.workers], extra);
  let task: SchedulerServiceTaskFunction | undefined;
  const [provider] = KratixEntityProvider.fromConfig(config, {
    logger: process.env.KRATIX_TEST_LOG
      ? consoleLogger()
      : mockServices.logger.mock(),
    clusters: wrap(DefaultKratixClusterService.fromConfig(config)),
    taskRunner: { run: async ({ fn }) => void (task = fn) },
    promiseToTemplate,
  });
  let abort = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  return {
    provider,
    connection,
    async start() {
      await provider.connect(connection);
      running = Promise.resolve(task!(abort.signal));
    },
    /** Ends the current run and starts the next one, as the scheduler does. */
    async next() {
      abort.abort();
      await running;
      abort = new AbortController();
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
    await installPromise(env.platform.admin, kafkaPromise());
    await seedDestinationAndOrders(env);
    await placeClaim(env, {
      promise: 'kafka',
      request: 'orders',
      claim: {
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
      },
    });
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('publishes everything in one full mutation, then follows changes as deltas, losing nothing when a worker goes away', async () => {
    const run = startProvider(env);
    await run.start();
    try {
      const full = await eventually(
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
      await setReconciled(env.platform, `${KAFKAS}/orders`);
      await eventually(
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
      await createOrReplace(env.platform.admin, KAFKAS, {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'kafka',
        metadata: { name: 'payments', namespace: 'default' },
        spec: {},
      });
      await eventually(
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
      await eventually(
        () =>
          run.connection.get(CLAIM)?.metadata.annotations[
            'kratix.backstage.io/ready'
          ] === 'True',
        'the claim to be read again after the worker came back',
        60_000,
      );

      // A deleted request disappears.
      await kubeRequest(env.platform.admin, 'DELETE', `${KAFKAS}/payments`);
      await eventually(
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

  it('publishes a steady stream of changes as it goes, not only once the stream stops', async () => {
    const run = startProvider(env);
    await run.start();
    try {
      await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
      );
      // A controller updating the request every 50 ms for 3 s: the publish timer must not be pushed back each time.
      const shownDuringStream = new Set<string>();
      const until = Date.now() + 3000;
      for (let i = 0; Date.now() < until; i++) {
        await kubeRequest(
          env.platform.admin,
          'PATCH',
          `${KAFKAS}/orders/status`,
          { status: { message: `step ${i}` } },
          { contentType: 'application/merge-patch+json' },
        );
        const shown =
          run.connection.get(REQUEST)?.metadata.annotations[
            'kratix.backstage.io/status-message'
          ];
        if (shown?.startsWith('step ')) shownDuringStream.add(shown);
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      expect(shownDuringStream.size).toBeGreaterThanOrEqual(3);
    } finally {
      await run.stop();
      await setReconciled(env.platform, `${KAFKAS}/orders`);
    }
  });

  it('behind a slow recompute and a slow catalog, keeps one publish waiting at most, carrying every change seen', async () => {
    // A recompute that takes 150 ms (counted through the one Promise's Template) and a catalog that takes 500 ms per
    // mutation, while the request changes every 50 ms: publishes must not queue up one per change.
    class SlowConnection extends RecordingConnection {
      async applyMutation(mutation: any) {
        await new Promise(resolve => setTimeout(resolve, 500));
        await super.applyMutation(mutation);
      }
    }
    let recomputes = 0;
    const slowTemplate: PromiseToTemplate = () => {
      recomputes++;
      const until = Date.now() + 150;
      while (Date.now() < until) {
        // a costly recompute
      }
      return undefined;
    };
    const run = startProvider(
      env,
      {},
      undefined,
      new SlowConnection(),
      slowTemplate,
    );
    await run.start();
    try {
      await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
      );
      const before = recomputes;
      let last = '';
      const until = Date.now() + 3000;
      for (let i = 0; Date.now() < until; i++) {
        last = `burst ${i}`;
        await kubeRequest(
          env.platform.admin,
          'PATCH',
          `${KAFKAS}/orders/status`,
          { status: { message: last } },
          { contentType: 'application/merge-patch+json' },
        );
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      const streamEnded = Date.now();
      await eventually(
        () =>
          run.connection.get(REQUEST)?.metadata.annotations[
            'kratix.backstage.io/status-message'
          ] === last,
        'the last change to be published',
        20_000,
      );
      // The running publish and the one waiting behind it: the last change is out within two publishes' time.
      expect(Date.now() - streamEnded).toBeLessThan(2500);
      // About one recompute per 650 ms of stream, not one per 100 ms.
      expect(recomputes - before).toBeLessThanOrEqual(10);
    } finally {
      await run.stop();
      await setReconciled(env.platform, `${KAFKAS}/orders`);
    }
  });

  it('retries a delta the catalog failed to store, without waiting for another change', async () => {
    // The catalog's database is briefly unavailable for the first delta.
    class FlakyConnection extends RecordingConnection {
      failures = 0;
      async applyMutation(mutation: any) {
        if (mutation.type === 'delta' && this.failures === 0) {
          this.failures++;
          throw new Error('database is locked');
        }
        await super.applyMutation(mutation);
      }
    }
    const connection = new FlakyConnection();
    const run = startProvider(env, {}, undefined, connection);
    await run.start();
    try {
      await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
      );
      await setReconciled(env.platform, `${KAFKAS}/orders`, false);
      await eventually(
        () => connection.failures === 1,
        'the failed delta',
        10_000,
      );
      // No other change follows: the same delta must be stored by a retry.
      await eventually(
        () =>
          run.connection.get(REQUEST)?.metadata.annotations[
            'kratix.backstage.io/status'
          ] === 'failed',
        'the failed delta to be retried',
        10_000,
      );
      expect(connection.failures).toBe(1);
      expect(
        run.connection.mutations.filter(m => m.type === 'delta').length,
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await run.stop();
      await setReconciled(env.platform, `${KAFKAS}/orders`);
    }
  });

  it('never publishes a full mutation while a worker cannot be read after a restart', async () => {
    await env.workers[0].stop();
    const run = startProvider(env, { syncTimeoutSeconds: 3 });
    await run.start();
    try {
      await eventually(
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
      const full = await eventually(
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

  it('keeps the relation of a request to its claim from the last good read while a later run cannot read the worker', async () => {
    const run = startProvider(env, { syncTimeoutSeconds: 3 });
    await run.start();
    try {
      await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
      );
      expect(run.connection.get(REQUEST).spec.dependsOn).toContain(CLAIM);

      await env.workers[0].stop();
      const before = run.connection.mutations.length;
      await run.next();
      // The new run starts with empty informers and republishes the request from what it can read.
      const republished = await eventually(
        () =>
          run.connection.mutations
            .slice(before)
            .flatMap(m => (m.type === 'delta' ? m.added : []))
            .find(d => d.entity.metadata.name === REQUEST.split('/')[1]),
        'the request republished by the run without the worker',
        30_000,
      );
      expect(
        run.connection.mutations.slice(before).map(m => m.type),
      ).not.toContain('full');
      expect(republished.entity.spec!.dependsOn).toContain(CLAIM);
      expect(run.connection.get(REQUEST).spec.dependsOn).toContain(CLAIM);
      expect(run.connection.get(CLAIM)).toBeDefined();
    } finally {
      await env.workers[0].restart();
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
      const full = await eventually(
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

  it('with namespaces.include, reads requests, Works, WorkPlacements and ResourceBindings only in those namespaces, never cluster-wide, with the configured page size', async () => {
    const admin = env.platform.admin;
    for (const namespace of ['team-a', 'team-b', 'team-c']) {
      await kubeRequest(admin, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      }).catch(() => {});
      await createOrReplace(
        env.platform.admin,
        `/apis/marketplace.kratix.io/v1alpha1/namespaces/${namespace}/kafkas`,
        {
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'kafka',
          metadata: { name: `events-${namespace}`, namespace },
          spec: {},
        },
      );
      await createOrReplace(
        env.platform.admin,
        `/apis/platform.kratix.io/v1alpha1/namespaces/${namespace}/workplacements`,
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'WorkPlacement',
          metadata: {
            name: `kafka-events-${namespace}.worker-1`,
            namespace,
            labels: { 'kratix.io/work': `kafka-events-${namespace}` },
          },
          spec: {
            targetDestinationName: 'worker-1',
            promiseName: 'kafka',
            resourceName: `events-${namespace}`,
            id: namespace,
            workloads: [],
          },
        },
      );
    }
    const calls: InformerCall[] = [];
    const run = startProvider(
      env,
      {
        namespaces: {
          include: ['team-a', 'team-b', 'team-c'],
          exclude: ['team-c'],
        },
        pageSize: 7,
      },
      c => recordingClusters(c, calls),
    );
    await run.start();
    try {
      const full = await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
        60_000,
      );
      const requests = (full.type === 'full' ? full.entities : [])
        .map(d => d.entity)
        .filter(e => e.spec?.type === 'kratix-resource')
        .map(e => e.metadata.name)
        .sort();
      expect(requests).toEqual([
        'events-team-a_team-a_kafka.marketplace.kratix.io_platform',
        'events-team-b_team-b_kafka.marketplace.kratix.io_platform',
      ]);
      expect(
        run.connection.get(
          'resource:default/events-team-a_team-a_kafka.marketplace.kratix.io_platform',
        ).spec.dependsOn,
      ).toContain('resource:default/worker-1_platform');

      const platformCalls = calls.filter(c => c.cluster === 'platform');
      const perNamespace = platformCalls
        .filter(c =>
          ['Work', 'WorkPlacement', 'ResourceBinding', 'kafka'].includes(
            c.options.kind!,
          ),
        )
        .map(c => `${c.options.kind} ${c.options.namespace}`)
        .sort();
      // Each kind once per included namespace; nothing cluster-wide, nothing in the excluded one.
      expect(new Set(perNamespace)).toEqual(
        new Set([
          'Work team-a',
          'Work team-b',
          'WorkPlacement team-a',
          'WorkPlacement team-b',
          'ResourceBinding team-a',
          'ResourceBinding team-b',
          'kafka team-a',
          'kafka team-b',
        ]),
      );
      expect(
        platformCalls
          .filter(c => !c.options.namespace)
          .map(c => c.options.kind)
          .sort(),
      ).toEqual(['Destination', 'Promise', 'PromiseRevision']);
      expect(calls.every(c => c.options.pageSize === 7)).toBe(true);
      // Objects outside the included namespaces never arrive.
      const seen = platformCalls
        .filter(c => c.options.namespace)
        .flatMap(c => c.informer.list().map(o => o.metadata.namespace));
      expect(seen.length).toBeGreaterThanOrEqual(4);
      expect(new Set(seen)).toEqual(new Set(['team-a', 'team-b']));
    } finally {
      await run.stop();
    }
  });
});
