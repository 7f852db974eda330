import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  describeWithFixtures,
  kubeRequest,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixClusterService,
  kratixClusterServiceRef,
  KratixClusterService,
} from '@kratix-backstage/plugin-kratix-node';
import { catalogModuleKratix } from './module';
import { clustersConfig, eventually } from './__testUtils__/testPlatform';
import { SEEDED, seedPlatform } from './__testUtils__/seedPlatform';
import {
  requirePostgres,
  startTestPostgres,
  TestPostgres,
} from './__testUtils__/testPostgres';

jest.setTimeout(180_000);

const ORDERS =
  'resource/default/orders_default_kafka.marketplace.kratix.io_platform';

/** A replica: a backend on the shared database, counting the informers its Kratix provider starts. */
async function startReplica(env: TestPlatform, pg: TestPostgres) {
  const informers = { started: 0, stopped: 0 };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleKratix,
      schedulerServiceFactory,
      databaseServiceFactory,
      createServiceFactory({
        service: kratixClusterServiceRef,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }): KratixClusterService => {
          const clusters = DefaultKratixClusterService.fromConfig(config);
          return {
            listClusters: () => clusters.listClusters(),
            getDefaultClusterName: () => clusters.getDefaultClusterName(),
            getClient: name => {
              const client = clusters.getClient(name);
              return new Proxy(client, {
                get(target, prop) {
                  if (prop !== 'informer') {
                    const value = Reflect.get(target, prop, target);
                    return typeof value === 'function'
                      ? value.bind(target)
                      : value;
                  }
                  return (options: any) => {
                    const informer = target.informer(options);
                    informers.started += 1;
                    const stop = informer.stop.bind(informer);
                    informer.stop = () => {
                      informers.stopped += 1;
                      return stop();
                    };
                    return informer;
                  };
                },
              });
            },
          };
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: pg.databaseConfig },
          kratix: { clusters: clustersConfig([env.platform, ...env.workers]) },
          catalog: {
            rules: [{ allow: ['Component', 'API', 'Resource', 'Template'] }],
            providers: {
              kratix: {
                test: {
                  cluster: 'platform',
                  syncTimeoutSeconds: 20,
                  // Held for 54 s: long enough that a hand-over within this test can only come from a stop.
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { seconds: 60 },
                  },
                },
              },
            },
          },
        },
      }),
    ],
  });
  const base = `http://localhost:${backend.server.port()}/api/catalog`;
  return {
    backend,
    informers,
    /** Whether this replica holds informers right now. */
    ingesting: () => informers.started > informers.stopped,
    async status(): Promise<string | undefined> {
      const response = await fetch(`${base}/entities/by-name/${ORDERS}`, {
        headers: { Authorization: mockCredentials.user.header() },
      });
      if (!response.ok) return undefined;
      const entity = await response.json();
      return entity.metadata.annotations['kratix.backstage.io/status'];
    },
  };
}

async function setOrdersReady(env: TestPlatform, ready: boolean) {
  const current = await kubeRequest(
    env.platform.admin,
    'GET',
    `${SEEDED.kafkas}/orders`,
  );
  await kubeRequest(
    env.platform.admin,
    'PUT',
    `${SEEDED.kafkas}/orders/status`,
    {
      ...current,
      status: {
        observedGeneration: current.metadata.generation,
        conditions: [
          {
            type: 'Reconciled',
            status: ready ? 'True' : 'False',
            reason: ready ? 'Reconciled' : 'ConfigureWorkflowFailed',
            lastTransitionTime: new Date().toISOString(),
            message: ready ? 'ok' : 'pipeline failed',
          },
        ],
      },
    },
  );
}

describeWithFixtures('the Kratix module on several replicas', () => {
  // Skipped (with the reason) without PostgreSQL, except under CI=true, where its absence fails the suite.
  const describeWithPostgres = requirePostgres() ? describe : describe.skip;

  describeWithPostgres('sharing one PostgreSQL database', () => {
    let env: TestPlatform;
    let pg: TestPostgres;

    beforeAll(async () => {
      [env, pg] = await Promise.all([
        startTestPlatform({ workers: ['worker-1'] }),
        startTestPostgres(),
      ]);
      await seedPlatform(env);
    });

    afterAll(async () => {
      await Promise.all([env?.destroy(), pg?.stop()]);
    });

    it('runs the ingestion on one replica at a time, and another takes over when it stops', async () => {
      const first = await startReplica(env, pg);
      let second: Awaited<ReturnType<typeof startReplica>> | undefined;
      try {
        await eventually(
          async () => (await first.status()) !== undefined,
          'the first replica to publish the request',
          60_000,
          250,
        );
        expect(first.ingesting()).toBe(true);

        // The task's lock keeps the second replica from ingesting while the first holds it.
        second = await startReplica(env, pg);
        await new Promise(r => setTimeout(r, 8_000));
        expect(second.informers.started).toBe(0);
        // Both serve the same catalog.
        expect(await second.status()).toBe(await first.status());

        const stoppedAt = Date.now();
        await first.backend.stop();
        expect(first.ingesting()).toBe(false);
        const replica = second;
        await eventually(
          async () => replica.ingesting(),
          'the second replica to take over the ingestion',
          30_000,
          100,
        );
        // eslint-disable-next-line no-console
        console.log(
          `Second replica took over ${
            Date.now() - stoppedAt
          } ms after the first stopped`,
        );

        // And keeps the catalog live.
        await setOrdersReady(env, false);
        await eventually(
          async () => (await replica.status()) === 'failed',
          'a change made after the hand-over to reach the catalog',
          30_000,
          100,
        );
      } finally {
        await second?.backend.stop();
        await first.backend.stop();
      }
    });
  });
});
