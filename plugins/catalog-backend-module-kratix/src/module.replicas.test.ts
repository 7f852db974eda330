import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  describeWithFixtures,
  eventually,
  postgresSkipReason,
  startTestPlatform,
  startTestPostgres,
  TestPlatform,
  TestPostgres,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixClusterService,
  kratixClusterServiceRef,
  KratixClusterService,
} from '@kratix-backstage/plugin-kratix-node';
import { startCatalogTestBackend } from './__testUtils__/catalogTestBackend';
import { clustersConfig, setReconciled } from './__testUtils__/testPlatform';
import { SEEDED, seedPlatform } from './__testUtils__/seedPlatform';

jest.setTimeout(180_000);

const ORDERS =
  'resource:default/orders_default_kafka.marketplace.kratix.io_platform';

/** A replica: a backend on the shared database, counting the informers its Kratix provider starts. */
async function startReplica(env: TestPlatform, pg: TestPostgres) {
  const informers = { started: 0, stopped: 0 };
  const { backend, getEntity } = await startCatalogTestBackend({
    clusters: clustersConfig([env.platform, ...env.workers]),
    // Held for 54 s: long enough that a hand-over within this test can only come from a stop.
    provider: {
      schedule: { frequency: { seconds: 1 }, timeout: { seconds: 60 } },
    },
    config: { backend: { database: pg.databaseConfig } },
    features: [
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
    ],
  });
  return {
    backend,
    informers,
    /** Whether this replica holds informers right now. */
    ingesting: () => informers.started > informers.stopped,
    async status(): Promise<string | undefined> {
      // Undefined on any failure too: a replica may still be starting or stopping.
      const entity = await getEntity(ORDERS).catch(() => undefined);
      return entity?.metadata.annotations?.['kratix.backstage.io/status'];
    },
  };
}

describeWithFixtures('the Kratix module on several replicas', () => {
  // Skipped (with the reason) without PostgreSQL, except under CI=true, where its absence fails the suite.
  const describeWithPostgres =
    postgresSkipReason('the catalog on several replicas') === undefined
      ? describe
      : describe.skip;

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
        await setReconciled(env.platform, `${SEEDED.kafkas}/orders`, false);
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
