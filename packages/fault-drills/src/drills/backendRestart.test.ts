import {
  postgresSkipReason,
  startTestPlatform,
  startTestPostgres,
  TestPlatform,
  testClusterSkipReason,
  TestPostgres,
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
  PromiseName,
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

const describeWithCluster =
  testClusterSkipReason('backend restart drill', { full: true }) ||
  postgresSkipReason('backend restart drill')
    ? describe.skip
    : describe;

/**
 * After a restart the provider's next run starts when the scheduler says (at most `frequency` after the run the
 * stopped backend had started), so a short frequency keeps the drill short.
 */
const SCHEDULE = { frequency: { seconds: 10 }, timeout: { minutes: 5 } };
/**
 * What a backend that went away had claimed waits before another backend takes it: entities claimed for processing
 * wait for the catalog's processing interval (100 to 150 s by default), entities claimed for stitching for the
 * stitch timeout (60 s by default). Short ones keep the drill short.
 */
const PROCESSING_INTERVAL = { seconds: 15 };
const STITCH_TIMEOUT = { seconds: 10 };
const PUBLISHED = /published \d+ entities/;
const TASK_FINISHED = /Task worker finished: kratix-provider:drill:refresh/;

describeWithCluster(
  'drill: the backend restarts in the middle of a sync',
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;
    let pg: TestPostgres | undefined;
    const backends: DrillBackend[] = [];
    const log = new LogRecorder();

    beforeAll(async () => {
      [env, pg] = await Promise.all([
        startTestPlatform({ workers: [WORKER], fullPlatform: true }),
        startTestPostgres(),
      ]);
      drill = new DrillPlatform(env);
      await drill.seed({ redis: 20, kafka: 20, s3buckets: 15 });
    });

    afterAll(async () => {
      for (const backend of backends) await backend.stop().catch(() => {});
      await Promise.all([env?.destroy(), pg?.stop()]);
    });

    /** A backend on the drill's PostgreSQL: each one takes over the database of the one before. */
    const start = async () => {
      const backend = await startDrillBackend({
        platform: env!.platform,
        worker: env!.workers[0],
        provider: { schedule: SCHEDULE },
        config: {
          catalog: {
            processingInterval: PROCESSING_INTERVAL,
            stitchingStrategy: { stitchTimeout: STITCH_TIMEOUT },
          },
        },
        database: pg!.databaseConfig,
        log,
      });
      backends.push(backend);
      return backend;
    };

    /** Stops a backend and starts the next one; returns it and how long its catalog was unreachable. */
    const restart = async (current: DrillBackend, watch: LossWatch) => {
      const stoppedAt = Date.now();
      await current.stop();
      backends.splice(backends.indexOf(current), 1);
      // stop() returns before everything in the backend has wound down; a restarted process would be gone. Let the
      // provider's task release its lock (a graceful shutdown does), then end what is left of the old backend's
      // database sessions, as the database does when a process exits.
      await waitUntil(
        async () => log.find(['info'], stoppedAt, TASK_FINISHED).length > 0,
        "the stopped backend's provider task to finish",
        30_000,
        20,
      );
      const quiescedMs = Date.now() - stoppedAt;
      await pg!.endSessions();
      const next = await Promise.race([
        start(),
        new Promise<never>((_, reject) =>
          setTimeout(
            () =>
              reject(new Error('The next backend did not start within 60 s')),
            60_000,
          ),
        ),
      ]);
      watch.use(next.catalog);
      await waitUntil(
        async () => (await next.catalog.refs()).size > 0,
        'the new backend to serve its catalog',
        30_000,
        50,
      );
      return { next, downMs: Date.now() - stoppedAt, stoppedAt, quiescedMs };
    };

    it('backend-restart: a backend stopped during its first sync, and one stopped while changes stream in, lose nothing', async () => {
      // 1. The first sync: stop the backend the moment its provider has handed the catalog its first full read,
      // while the catalog is still processing it.
      const startedAt = Date.now();
      const first = await start();
      await waitUntil(
        async () => log.find(['info'], startedAt, PUBLISHED).length > 0,
        "the first backend's provider to publish",
        60_000,
        20,
      );
      const expected = drill.expectedRefs();
      const visible = await first.catalog.refs();
      const visibleAtStop = Array.from(expected).filter(r => visible.has(r));
      const initialWatch = new LossWatch(first.catalog, visibleAtStop);
      const initial = await restart(first, initialWatch);
      // What the new backend serves before its own provider has run: carried over in the database. None of it may
      // disappear from then on.
      const carried = await initial.next.catalog.refs();
      for (const ref of expected) {
        if (carried.has(ref)) initialWatch.watch(ref);
      }
      initialWatch.start();
      const initialConverge = await waitForEntities(
        initial.next.catalog,
        expected,
        'every entity after the restart during the first sync',
        60_000,
      );
      const initialLoss = await initialWatch.stop();
      printDrill('restart-first-sync', [
        ['entities', expected.size],
        ['visible-at-stop', `${visibleAtStop.length}/${expected.size}`],
        ['task-stopped', seconds(initial.quiescedMs)],
        [
          'carried-over',
          `${Array.from(expected).filter(r => carried.has(r)).length}/${
            expected.size
          }`,
        ],
        ['down', seconds(initial.downMs)],
        ['lost', initialLoss.lost.length],
        ['polls', initialLoss.polls],
        ['converge', seconds(initialConverge)],
        ...warningFigures(log.warnings(initial.stoppedAt)),
      ]);
      expect(initialLoss.lost).toEqual([]);

      // 2. Live: changes stream in; the backend is stopped as soon as the first of them reaches its catalog, and
      // the rest arrive while it is down and the next one starts.
      const second = initial.next;
      // Its own provider's first run (when the scheduler says): from then on its watches feed the catalog.
      await waitUntil(
        async () => log.find(['info'], initial.stoppedAt, PUBLISHED).length > 0,
        "the second backend's provider to publish",
        60_000,
        50,
      );
      const baseline = drill.expectedRefs();
      const watch = new LossWatch(second.catalog, baseline).start();
      const promises: PromiseName[] = ['redis', 'kafka', 's3buckets'];
      const added: DrillRequest[] = Array.from({ length: 24 }, (_, i) => ({
        promise: promises[i % 3],
        namespace: i % 2 ? 'team-b' : 'team-a',
        name: `streamed-${i}`,
      }));
      const removed = drill.requests
        .filter(r => r.promise !== 's3buckets')
        .slice(0, 3);
      const failing = drill.requests
        .filter(r => r.promise === 'redis')
        .slice(5, 9);
      for (const r of removed) watch.excuse(drill.requestRef(r));
      const changes: Array<() => Promise<unknown>> = [
        ...added.map(r => () => drill.createRequest(r)),
        ...removed.map(r => () => drill.deleteRequest(r)),
        ...failing.map(r => () => drill.setRequestState(r, 'failed')),
      ];
      // Deletions and status changes interleaved with the creations, one change every 150 ms.
      const order = changes
        .map((change, i) => ({ change, key: (i * 7) % changes.length }))
        .sort((a, b) => a.key - b.key);
      const streaming = (async () => {
        for (const { change } of order) {
          await change();
          await new Promise(r => setTimeout(r, 150));
        }
      })();
      const firstAdded = await waitUntil(
        async () => {
          const refs = await second.catalog.refs();
          const seen = added.filter(r => refs.has(drill.requestRef(r)));
          return seen.length > 0 && seen.length;
        },
        'the first streamed change in the catalog',
        30_000,
        50,
      );
      const live = await restart(second, watch);
      await streaming;
      const status = (ref: string) =>
        live.next.catalog.annotation(ref, KRATIX_ANNOTATIONS.status);
      let waitingFor = '';
      const converge = await timeUntil(
        async () => {
          const refs = await live.next.catalog.refs();
          const missing = Array.from(drill.expectedRefs()).filter(
            r => !refs.has(r),
          );
          const stale = removed.filter(r => refs.has(drill.requestRef(r)));
          const notFailed: string[] = [];
          for (const r of failing) {
            if ((await status(drill.requestRef(r))) !== 'failed')
              notFailed.push(r.name);
          }
          waitingFor = JSON.stringify({ missing, stale, notFailed });
          return !missing.length && !stale.length && !notFailed.length;
        },
        'every streamed change after the restart',
        60_000,
      ).catch(error => {
        throw new Error(`${error.message}; still waiting for ${waitingFor}`);
      });
      const loss = await watch.stop();
      printDrill('restart-live', [
        ['entities', drill.expectedRefs().size],
        ['changes', changes.length],
        ['visible-at-stop', `${firstAdded}/${added.length}`],
        ['task-stopped', seconds(live.quiescedMs)],
        ['down', seconds(live.downMs)],
        ['lost', loss.lost.length],
        ['polls', loss.polls],
        ['failed-polls', loss.failedPolls],
        ['converge', seconds(converge)],
        ...warningFigures(log.warnings(live.stoppedAt)),
      ]);
      expect(loss.lost).toEqual([]);
      expect(loss.polls).toBeGreaterThanOrEqual(5);
      // Stopped in the middle: not every streamed request had reached the catalog.
      expect(firstAdded).toBeLessThan(added.length);
      expect(initialConverge).toBeLessThan(45_000);
      expect(converge).toBeLessThan(45_000);
    });
  },
);
