import { mockServices } from '@backstage/backend-test-utils';
import {
  createOrReplace,
  describeWithFixtures,
  eventually,
  installPromise,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixInformerService,
  DefaultKratixClusterService,
  KratixClusterService,
  KratixInformer,
} from '@kratix-backstage/plugin-kratix-node';
import {
  kafkaPromise,
  providerConfig,
  RecordingConnection,
} from '../__testUtils__/testPlatform';
import { readKratixEntityProviderConfigs } from './KratixEntityProviderConfig';
import { KratixIngestion, KratixIngestionMemory } from './KratixIngestion';

jest.setTimeout(120_000);

describeWithFixtures('KratixIngestion against a real API server', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    // A platform alone, with a Destination standing for the platform cluster itself, which has no Crossplane: the
    // CompositeResourceDefinition kind is not served there.
    env = await startTestPlatform({ workers: [] });
    await installPromise(env.platform.admin, kafkaPromise());
    await createOrReplace(
      env.platform.admin,
      '/apis/platform.kratix.io/v1alpha1/destinations',
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: {
          name: 'in-cluster',
          labels: { 'kratix.backstage.io/cluster': env.platform.name },
        },
        spec: { path: 'in-cluster' },
      },
    );
  });

  afterAll(async () => {
    await env?.destroy();
  });

  /** Runs the ingestion once until its full mutation, recording for each informer whether another had synced before it started. */
  const runUntilFull = async (
    memory: KratixIngestionMemory,
    extra: object = {},
    notServedAfterMs = 3_000,
    /** Called with each informer the run starts, with its kind; may delay its start. */
    onInformer?: (kind: string, informer: KratixInformer<any>) => void,
  ) => {
    const config = providerConfig([env.platform], {
      syncTimeoutSeconds: 1,
      ...extra,
    });
    const [providerSettings] = readKratixEntityProviderConfigs(config);
    const real = DefaultKratixClusterService.fromConfig(config);
    const started: Array<{ kind: string; afterASync: boolean }> = [];
    const informers: KratixInformer<any>[] = [];
    const clusters: KratixClusterService = {
      listClusters: () => real.listClusters(),
      getDefaultClusterName: () => real.getDefaultClusterName(),
      getClient: name =>
        new Proxy(real.getClient(name), {
          get(target, prop, receiver) {
            if (prop !== 'informer') {
              const value = Reflect.get(target, prop, receiver);
              return typeof value === 'function' ? value.bind(target) : value;
            }
            return (options: any) => {
              started.push({
                kind: options.kind,
                afterASync: informers.some(i => i.hasSynced()),
              });
              const informer = target.informer(options);
              informers.push(informer);
              onInformer?.(options.kind, informer);
              return informer;
            };
          },
        }),
    };
    const logger = mockServices.logger.mock();
    const connection = new RecordingConnection();
    const ingestion = new KratixIngestion({
      config: providerSettings,
      clusters,
      informers: DefaultKratixInformerService.create({ clusters }),
      logger,
      connection,
      memory,
      notServedAfterMs,
    });
    const abort = new AbortController();
    const startedAt = Date.now();
    const running = ingestion.run(abort.signal, 60_000);
    const full = await eventually(
      () => connection.mutations.find(m => m.type === 'full'),
      'the full mutation',
      30_000,
    );
    const fullAfterMs = Date.now() - startedAt;
    abort.abort();
    await running;
    return { connection, logger, full, fullAfterMs, started };
  };

  it('starts every kind the previous run read at once, in one wave of lists', async () => {
    const memory = new KratixIngestionMemory();
    const first = await runUntilFull(memory, { syncTimeoutSeconds: 30 }, 500);
    // The first run can only learn the request kind from the Promise it lists first.
    expect(first.started.find(s => s.kind === 'kafka')?.afterASync).toBe(true);

    const second = await runUntilFull(memory, { syncTimeoutSeconds: 30 }, 500);
    expect(second.started.map(s => s.kind).sort()).toEqual(
      first.started.map(s => s.kind).sort(),
    );
    expect(second.started.filter(s => s.afterASync)).toEqual([]);
  });

  it("reads a Promise's request kind as soon as the Promises are listed, without waiting for the Works", async () => {
    // The Works are held back until the request kind has started: a run that waits for every list of a wave before
    // planning the next would only start it at its sync timeout, and publish without the full mutation first.
    let requestKindStarted!: () => void;
    const startWorks = new Promise<void>(r => (requestKindStarted = r));
    const run = await runUntilFull(
      new KratixIngestionMemory(),
      { syncTimeoutSeconds: 10 },
      500,
      (kind, informer) => {
        if (kind === 'kafka') requestKindStarted();
        if (kind !== 'Work') return;
        const start = informer.start.bind(informer);
        informer.start = () => {
          startWorks.then(start);
        };
      },
    );
    expect(run.started.map(s => s.kind)).toContain('kafka');
    expect(run.connection.mutations[0].type).toBe('full');
    expect(run.fullAfterMs).toBeLessThan(10_000);
    expect(run.logger.warn).not.toHaveBeenCalledWith(
      expect.stringMatching(/not every source could be read/),
    );
  });

  it('remembers a kind not served on a cluster, so later runs publish their full mutation at once and do not warn', async () => {
    const memory = new KratixIngestionMemory();
    const runOnce = () => runUntilFull(memory);

    // The first run learns that the kind is missing: it waits out the sync timeout, then the grace period.
    const first = await runOnce();
    expect(first.connection.mutations[0].type).toBe('delta');
    expect(first.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/not every source could be read/),
    );
    expect(first.fullAfterMs).toBeGreaterThanOrEqual(3_000);

    // The next run knows it: its first publish is the full one, without a warning or a wait.
    const second = await runOnce();
    expect(second.connection.mutations[0].type).toBe('full');
    expect(second.logger.warn).not.toHaveBeenCalled();
    expect(second.fullAfterMs).toBeLessThan(3_000);
    expect(
      second.full.type === 'full' &&
        second.full.entities.some(
          d => d.entity.metadata.name === `in-cluster_${env.platform.name}`,
        ),
    ).toBe(true);
  });
});
