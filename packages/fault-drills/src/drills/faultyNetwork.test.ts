import {
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import { FaultProxy } from '../FaultProxy';
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
  printDrill,
  seconds,
  timeUntil,
  warningFigures,
} from '../__testUtils__/report';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason('faulty network drill', {
  full: true,
})
  ? describe.skip
  : describe;

/** How long the faults last, and what share of requests gets each. */
const FAULT_MS = 12_000;
const FAULTS = {
  error500: 0.3,
  reset: 0.15,
  stall: 0.15,
  stallMs: 10_000,
};

describeWithCluster(
  'drill: a faulty network between the provider and the platform',
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;
    let proxy: FaultProxy | undefined;
    let backend: DrillBackend | undefined;
    const log = new LogRecorder();

    beforeAll(async () => {
      env = await startTestPlatform({ workers: [WORKER], fullPlatform: true });
      drill = new DrillPlatform(env);
      await drill.seed({ redis: 20, kafka: 20, s3buckets: 15 });
      // Terminates TLS with the platform's own certificate, so it can answer requests itself.
      proxy = await FaultProxy.forCluster(env.platform, 'http', 2);
      backend = await startDrillBackend({
        platform: env.platform,
        worker: env.workers[0],
        platformUrl: proxy.url,
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
      await proxy?.close();
      await env?.destroy();
    });

    it('faulty-network: 500s, resets and 10 s stalls lose nothing, and the catalog converges once they stop', async () => {
      const { catalog } = backend!;
      const status = (ref: string) =>
        catalog.annotation(ref, KRATIX_ANNOTATIONS.status);
      const baseline = drill.expectedRefs();
      const watch = new LossWatch(catalog, baseline).start();
      const before = { ...proxy!.counts };

      const startedAt = Date.now();
      proxy!.setFaults(FAULTS);
      // Every open watch has to come back through the faults.
      proxy!.dropConnections();

      // Changes spread over the faulty window.
      const added: DrillRequest[] = [];
      const failing = drill.requests
        .filter(r => r.promise === 'redis')
        .slice(3, 5);
      const removed = drill.requests.filter(r => r.promise === 'kafka')[3];
      const steps = [
        async () => {
          const request: DrillRequest = {
            promise: 'kafka',
            namespace: 'team-a',
            name: 'during-faults-0',
          };
          await drill.createRequest(request);
          added.push(request);
        },
        () => drill.setRequestState(failing[0], 'failed'),
        async () => {
          watch.excuse(drill.requestRef(removed));
          await drill.deleteRequest(removed);
        },
        async () => {
          const request: DrillRequest = {
            promise: 's3buckets',
            namespace: 'team-b',
            name: 'during-faults-1',
          };
          await drill.createRequest(request);
          added.push(request);
        },
        () => drill.setRequestState(failing[1], 'failed'),
      ];
      // One step per tick; each tick also cuts every open connection, so watches keep coming back through the faults.
      const tickMs = FAULT_MS / (steps.length + 1);
      let dropped = 0;
      for (const step of steps) {
        await new Promise(r => setTimeout(r, tickMs));
        dropped += proxy!.dropConnections();
        await step();
      }
      await new Promise(r =>
        setTimeout(r, Math.max(0, startedAt + FAULT_MS - Date.now())),
      );
      proxy!.clearFaults();
      const clearedAt = Date.now();

      const converge = await timeUntil(
        async () => {
          const refs = await catalog.refs();
          if (!added.every(r => refs.has(drill.requestRef(r)))) return false;
          if (!refs.has(drill.claimRef(added[1]))) return false;
          if (refs.has(drill.requestRef(removed))) return false;
          for (const request of failing) {
            if ((await status(drill.requestRef(request))) !== 'failed')
              return false;
          }
          return true;
        },
        'the changes made during the faults',
        90_000,
      );
      const loss = await watch.stop();
      const counts = proxy!.counts;
      const injected = {
        requests: counts.requests - before.requests,
        error500: counts.error500 - before.error500,
        reset: counts.reset - before.reset,
        stall: counts.stall - before.stall,
      };
      const warnings = log.warnings(startedAt);

      printDrill('faulty-network', [
        ['entities', baseline.size],
        ['faults', seconds(clearedAt - startedAt)],
        ['requests', injected.requests],
        ['500s', injected.error500],
        ['resets', injected.reset],
        ['dropped', dropped],
        ['stalls', injected.stall],
        ['lost', loss.lost.length],
        ['polls', loss.polls],
        ['converge', seconds(converge)],
        ...warningFigures(warnings, /500|fault injected/),
      ]);
      expect(loss.lost).toEqual([]);
      expect(loss.polls).toBeGreaterThanOrEqual(10);
      // The drill only means something if every kind of fault was injected.
      expect(injected.error500).toBeGreaterThan(0);
      expect(injected.reset).toBeGreaterThan(0);
      expect(injected.stall).toBeGreaterThan(0);
      expect(warnings.length).toBeGreaterThan(0);
      expect(converge).toBeLessThan(75_000);
    });
  },
);
