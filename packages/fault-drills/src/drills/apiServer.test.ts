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

const describeWithCluster = testClusterSkipReason('API server drills', {
  full: true,
})
  ? describe.skip
  : describe;

/** How long the killed API server stays down. */
const DOWN_MS = 4_000;

describeWithCluster(
  'drills: the platform API server fails under the provider',
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;
    let proxy: FaultProxy | undefined;
    let backend: DrillBackend | undefined;
    const log = new LogRecorder();

    beforeAll(async () => {
      // Without the watch cache, a watch from a compacted resourceVersion is a real 410 Gone from etcd. The
      // platform is a whole control plane (kube-apiserver, controller-manager, scheduler, kwok), as in production.
      env = await startTestPlatform({
        workers: [WORKER],
        watchCache: false,
        fullPlatform: true,
      });
      drill = new DrillPlatform(env);
      await drill.seed({ redis: 20, kafka: 20, s3buckets: 15 });
      // A plain TCP relay: the provider's view of the platform can be cut without touching the server.
      proxy = await FaultProxy.forCluster(env.platform, 'tcp');
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

    const status = (ref: string) =>
      backend!.catalog.annotation(ref, KRATIX_ANNOTATIONS.status);

    const pick = (promise: DrillRequest['promise'], nth = 0) =>
      drill.requests.filter(r => r.promise === promise)[nth];

    it('etcd-compaction: relists after 410 Gone, loses nothing and sees a change made after the compaction', async () => {
      const { catalog } = backend!;
      const baseline = drill.expectedRefs();
      const watch = new LossWatch(catalog, baseline).start();

      const startedAt = Date.now();
      const revision = await env!.platform.compactEtcd();
      // Every watch reconnects from a resourceVersion that etcd has now compacted away.
      const dropped = proxy!.dropConnections();
      const added: DrillRequest = {
        promise: 'kafka',
        namespace: 'team-b',
        name: 'after-compaction',
      };
      await drill.createRequest(added);
      const failing = pick('redis', 2);
      await drill.setRequestState(failing, 'failed');

      const converge = await timeUntil(
        async () =>
          (await catalog.refs()).has(drill.requestRef(added)) &&
          (await status(drill.requestRef(failing))) === 'failed',
        'the changes made after the compaction',
        60_000,
      );
      const loss = await watch.stop();
      const relists = log.find(['debug'], startedAt, /410 Gone/);
      const warnings = log.warnings(startedAt);

      printDrill('etcd-compaction', [
        ['entities', baseline.size],
        ['revision', revision],
        ['dropped', dropped],
        ['relists410', relists.length],
        ['lost', loss.lost.length],
        ['polls', loss.polls],
        ['converge', seconds(converge)],
        ...warningFigures(warnings),
      ]);
      expect(loss.lost).toEqual([]);
      expect(loss.polls).toBeGreaterThanOrEqual(2);
      expect(dropped).toBeGreaterThan(0);
      // The drill only means something if the informers really got 410 Gone and listed again.
      expect(relists.length).toBeGreaterThan(0);
      expect(converge).toBeLessThan(30_000);
    });

    it('apiserver-kill: keeps every entity while the API server is down, and catches up with what changed meanwhile', async () => {
      const { catalog } = backend!;
      const baseline = drill.expectedRefs();
      const watch = new LossWatch(catalog, baseline).start();

      const killedAt = Date.now();
      await env!.platform.kill();
      // From the provider's side the outage lasts until the proxy lets it through again, after the changes below.
      proxy!.refuse(true);
      await new Promise(r => setTimeout(r, DOWN_MS));
      await env!.platform.restart();

      // Changes the provider cannot see as they happen: the store (an embedded etcd) can only be written through
      // the API server, so they are made while the provider still cannot reach it.
      const added: DrillRequest[] = [0, 1, 2].map(i => ({
        promise: 'redis',
        namespace: 'team-a',
        name: `while-down-${i}`,
      }));
      for (const request of added) await drill.createRequest(request);
      const failing = pick('kafka', 0);
      await drill.setRequestState(failing, 'failed');
      const removed = pick('redis', 1);
      watch.excuse(drill.requestRef(removed));
      await drill.deleteRequest(removed);

      proxy!.refuse(false);
      const reopenedAt = Date.now();
      const converge = await timeUntil(
        async () => {
          const refs = await catalog.refs();
          return (
            added.every(r => refs.has(drill.requestRef(r))) &&
            !refs.has(drill.requestRef(removed)) &&
            (await status(drill.requestRef(failing))) === 'failed'
          );
        },
        'the changes made while the API server was unreachable',
        90_000,
      );
      const loss = await watch.stop();
      const warnings = log.warnings(killedAt);

      // Once caught up, one dropped connection: how long until a change shows again. Watches reconnect after a
      // backoff; this is what it is right after an outage.
      proxy!.dropConnections();
      const blip: DrillRequest = {
        promise: 'redis',
        namespace: 'team-b',
        name: 'after-recovery',
      };
      await drill.createRequest(blip);
      const afterBlip = await timeUntil(
        async () => (await catalog.refs()).has(drill.requestRef(blip)),
        'a change after one dropped connection, after the recovery',
        60_000,
      );

      printDrill('apiserver-kill', [
        ['entities', baseline.size],
        ['unreachable', seconds(reopenedAt - killedAt)],
        ['lost', loss.lost.length],
        ['polls', loss.polls],
        ['converge', seconds(converge)],
        ['next-blip', seconds(afterBlip)],
        ...warningFigures(warnings, /reading .* failed/),
      ]);
      expect(loss.lost).toEqual([]);
      expect(loss.polls).toBeGreaterThanOrEqual(10);
      // An outage must be visible to operators.
      expect(warnings.some(w => /reading .* failed/.test(w.message))).toBe(
        true,
      );
      expect(converge).toBeLessThan(60_000);
      expect(afterBlip).toBeLessThan(45_000);
    });
  },
);
