/* eslint-disable no-console */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  readResourceRequests,
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  DefaultKratixInformerService,
  kratixClusterServiceRef,
  kratixInformerServiceRef,
  KratixInformerLease,
  KratixInformerSelection,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import {
  startDrillBackend,
  waitForEntities,
} from './__testUtils__/drillBackend';
import {
  APIS,
  DrillPlatform,
  PromiseName,
} from './__testUtils__/DrillPlatform';
import { LogRecorder } from './__testUtils__/LogRecorder';

jest.setTimeout(1_800_000);

const describeWithCluster = testClusterSkipReason(
  'what sharing informers saves',
)
  ? describe.skip
  : describe;

/** Resource requests on the platform; `KRATIX_SHARING_SCALE=1000` for the figures in docs/benchmarks.md. */
const SCALE = Number(process.env.KRATIX_SHARING_SCALE ?? 150);
const NAMESPACES = ['team-a', 'team-b'];
const KRATIX = ['promises', 'destinations', 'works', 'workplacements'].map(
  plural => ({ group: 'platform.kratix.io', plural }),
);
const RESOURCES = [
  ...KRATIX,
  ...Object.values(APIS).map(a => ({ group: a.group, plural: a.plural })),
];

setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');

function usedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Every lease handed out, so a run can count the objects the informers behind them cache. */
class CountingInformers implements KratixInformerService {
  readonly leases: Array<{
    selection: KratixInformerSelection;
    lease: KratixInformerLease;
  }> = [];

  constructor(
    private readonly inner: (s: KratixInformerSelection) => KratixInformerLease,
    readonly shared: boolean,
  ) {}

  acquire<T extends KubernetesObject = KubernetesObject>(
    selection: KratixInformerSelection,
  ) {
    const lease = this.inner(selection);
    this.leases.push({ selection, lease });
    return lease as unknown as KratixInformerLease<T>;
  }

  /** Objects in the caches: one per lease without sharing; with it, one cluster-wide cache serves every namespace. */
  cachedObjects(): number {
    if (!this.shared) {
      return this.leases.reduce((n, { lease }) => n + lease.list().length, 0);
    }
    const byKind = new Map<string, Map<string, number>>();
    for (const { selection, lease } of this.leases) {
      const kind = `${selection.cluster}|${selection.apiVersion}|${selection.kind}`;
      const caches = byKind.get(kind) ?? new Map<string, number>();
      byKind.set(kind, caches);
      caches.set(selection.namespace ?? '*', lease.list().length);
    }
    let total = 0;
    for (const caches of byKind.values()) {
      total += caches.has('*')
        ? caches.get('*')!
        : Array.from(caches.values()).reduce((a, b) => a + b, 0);
    }
    return total;
  }
}

function informersFactory(shared: boolean, seen: CountingInformers[]) {
  return createServiceFactory({
    service: kratixInformerServiceRef,
    deps: {
      clusters: kratixClusterServiceRef,
      lifecycle: coreServices.rootLifecycle,
    },
    factory({ clusters, lifecycle }) {
      const services: DefaultKratixInformerService[] = [];
      const make = () => {
        const service = DefaultKratixInformerService.create({ clusters });
        services.push(service);
        return service;
      };
      const one = make();
      // Without sharing, every lease gets an informer of its own, as each plugin started its own before.
      const counting = new CountingInformers(
        s => (shared ? one : make()).acquire(s),
        shared,
      );
      seen.push(counting);
      lifecycle.addShutdownHook(async () => {
        await Promise.all(services.map(s => s.close()));
      });
      return counting;
    },
  });
}

describeWithCluster(
  `what sharing informers saves, at ${SCALE} requests`,
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;

    beforeAll(async () => {
      env = await startTestPlatform({ workers: ['worker-1'] });
      drill = new DrillPlatform(env);
      const third = Math.round(SCALE * 0.4);
      await drill.seed({
        redis: third,
        kafka: third,
        s3buckets: SCALE - 2 * third,
        namespaces: NAMESPACES,
      });
    }, 900_000);

    afterAll(async () => {
      await env?.destroy();
    });

    /**
     * One backend with the catalog module and the backend plugin; users look at one request of each kind in each
     * namespace, so the live updates watch every (kind, namespace) of requests, as on a busy portal.
     */
    async function measure(shared: boolean) {
      const seen: CountingInformers[] = [];
      const requests = () =>
        Promise.all(
          RESOURCES.map(r => readResourceRequests(drill.platform.admin, r)),
        );
      const before = await requests();
      const heapBefore = usedHeap();
      const backend = await startDrillBackend({
        platform: drill.platform,
        worker: drill.worker,
        log: new LogRecorder(),
        features: [kratixBackendPlugin, informersFactory(shared, seen)],
      });
      try {
        await waitForEntities(
          backend.catalog,
          drill.requests.map(r => drill.requestRef(r)),
          'the requests',
          600_000,
        );
        for (const promise of Object.keys(APIS) as PromiseName[]) {
          for (const namespace of NAMESPACES) {
            const request = drill.requests.find(
              r => r.promise === promise && r.namespace === namespace,
            );
            if (!request) continue;
            const name = drill.requestRef(request).split('/')[1];
            const response = await fetch(
              `${backend.baseUrl}/api/kratix/entities/resource/default/${name}/summary`,
              { headers: { Authorization: mockCredentials.user.header() } },
            );
            expect(response.status).toBe(200);
          }
        }
        // Let the live updates' informers list and open their watches.
        await new Promise(r => setTimeout(r, 3_000));
        const after = await requests();
        const heap = usedHeap() - heapBefore;
        const [informers] = seen;
        const delta = (i: number, key: 'lists' | 'watches') =>
          after[i][key] - before[i][key];
        const requestKinds = RESOURCES.map((_, i) => i).slice(KRATIX.length);
        return {
          // Informer lists and watches of the requests' kinds (the summaries read Works and WorkPlacements on demand).
          requestKindLists: requestKinds.reduce(
            (n, i) => n + delta(i, 'lists'),
            0,
          ),
          requestKindWatches: requestKinds.reduce(
            (n, i) => n + delta(i, 'watches'),
            0,
          ),
          openWatches: after.reduce((n, r) => n + r.openWatches, 0),
          cachedObjects: informers.cachedObjects(),
          heapMb: Math.round(heap / 1e5) / 10,
        };
      } finally {
        await backend.stop();
      }
    }

    it('lists, watches and caches less with one informer per kind per cluster', async () => {
      // The first backend of the process loads the plugins' code: a run of its own, left out of both figures.
      await measure(true);
      const unshared = await measure(false);
      const shared = await measure(true);
      console.log(
        `Sharing informers at ${SCALE} requests:\n${JSON.stringify(
          { unshared, shared },
          null,
          2,
        )}`,
      );
      expect(shared.requestKindWatches).toBeLessThan(
        unshared.requestKindWatches,
      );
      expect(shared.openWatches).toBeLessThan(unshared.openWatches);
      expect(shared.cachedObjects).toBeLessThan(unshared.cachedObjects);
    });
  },
);
