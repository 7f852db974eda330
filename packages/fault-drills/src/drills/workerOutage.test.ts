import { RELATION_DEPENDS_ON } from '@backstage/catalog-model';
import {
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import {
  DrillBackend,
  startDrillBackend,
  waitForEntities,
} from '../__testUtils__/drillBackend';
import {
  DrillPlatform,
  DrillRequest,
  WORKER,
} from '../__testUtils__/DrillPlatform';
import { LogRecorder } from '../__testUtils__/LogRecorder';
import { LossWatch } from '../__testUtils__/LossWatch';
import {
  waitUntil,
  printDrill,
  seconds,
  timeUntil,
  warningFigures,
} from '../__testUtils__/report';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason('worker outage drill', {
  full: true,
})
  ? describe.skip
  : describe;

/** A short resync cycle: every run reads everything again, holds its watches for 3.6 s, and the next one starts. */
const SCHEDULE = { frequency: { seconds: 4 }, timeout: { seconds: 4 } };
/** What a run logs when a source (here, the worker) could not be read: one line per resync cycle. */
const CYCLE_WITHOUT_WORKER = /not every source could be read/;

describeWithCluster(
  'drill: a worker cluster unreachable for several resync cycles',
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;
    let backend: DrillBackend | undefined;
    const log = new LogRecorder();

    beforeAll(async () => {
      env = await startTestPlatform({ workers: [WORKER], fullPlatform: true });
      drill = new DrillPlatform(env);
      await drill.seed({ redis: 15, kafka: 15, s3buckets: 20 });
      backend = await startDrillBackend({
        platform: env.platform,
        worker: env.workers[0],
        provider: { schedule: SCHEDULE, syncTimeoutSeconds: 2 },
        log,
      });
      await waitForEntities(
        backend.catalog,
        drill.expectedRefs(),
        'the seeded platform in the catalog',
      );
    });

    afterAll(async () => {
      await backend?.stop();
      await env?.destroy();
    });

    it('worker-outage: keeps the Crossplane entities of an unreachable worker for three resync cycles, and resumes updates after', async () => {
      const { catalog } = backend!;
      const baseline = drill.expectedRefs();
      const workerEntities = drill.workerRefs().size;
      const watch = new LossWatch(catalog, baseline).start();
      const buckets = drill.requests.filter(r => r.promise === 's3buckets');

      const killedAt = Date.now();
      await drill.worker.kill();

      // The platform keeps flowing while a worker is down.
      const duringOutage: DrillRequest = {
        promise: 'redis',
        namespace: 'team-a',
        name: 'during-outage',
      };
      const createdAt = Date.now();
      await drill.createRequest(duringOutage);
      await waitUntil(
        async () => (await catalog.refs()).has(drill.requestRef(duringOutage)),
        'a request made on the platform during the outage',
        30_000,
        100,
      );
      const platformLatency = Date.now() - createdAt;

      // Three runs of the provider that could not read the worker.
      await waitUntil(
        async () =>
          log.warnings(killedAt, CYCLE_WITHOUT_WORKER).length >= 3 || undefined,
        'three resync cycles without the worker',
        60_000,
        250,
      );
      const cycles = log.warnings(killedAt, CYCLE_WITHOUT_WORKER).length;
      // What a request entity shows of its claim while the claim's cluster is unreachable.
      const bucketEntity = await catalog.entity(drill.requestRef(buckets[0]));
      const claimRelationKept = (bucketEntity?.relations ?? []).some(
        r =>
          r.type === RELATION_DEPENDS_ON &&
          r.targetRef === drill.claimRef(buckets[0]),
      );

      await drill.worker.restart();
      const restartedAt = Date.now();
      // Updates from the worker resume: a claim changes state, and a new request places a new claim there.
      await drill.setClaimReady(buckets[1], false);
      const added: DrillRequest = {
        promise: 's3buckets',
        namespace: 'team-b',
        name: 'after-outage',
      };
      await drill.createRequest(added);
      const converge = await timeUntil(
        async () =>
          (await catalog.refs()).has(drill.claimRef(added)) &&
          (await catalog.annotation(
            drill.claimRef(buckets[1]),
            KRATIX_ANNOTATIONS.ready,
          )) === 'False',
        'the changes on the worker after it came back',
        60_000,
      );
      const loss = await watch.stop();
      const warnings = log.warnings(killedAt);

      printDrill('worker-outage', [
        ['entities', baseline.size],
        ['worker-entities', workerEntities],
        ['unreachable', seconds(restartedAt - killedAt)],
        ['cycles', cycles],
        ['platform-latency', seconds(platformLatency)],
        ['claim-relation-kept', claimRelationKept ? 'yes' : 'no'],
        ['lost', loss.lost.length],
        ['polls', loss.polls],
        ['converge', seconds(converge)],
        ...warningFigures(warnings, CYCLE_WITHOUT_WORKER),
      ]);
      expect(loss.lost).toEqual([]);
      expect(loss.polls).toBeGreaterThanOrEqual(10);
      expect(cycles).toBeGreaterThanOrEqual(3);
      expect(platformLatency).toBeLessThan(30_000);
      expect(converge).toBeLessThan(45_000);
    });
  },
);
