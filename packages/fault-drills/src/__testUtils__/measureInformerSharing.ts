import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  readResourceRequests,
  startTestPlatform,
  TestPlatform,
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
import { startDrillBackend, waitForEntities } from './drillBackend';
import { APIS, DrillPlatform, PromiseName } from './DrillPlatform';
import { LogRecorder } from './LogRecorder';

const NAMESPACES = ['team-a', 'team-b'];
const KRATIX = ['promises', 'destinations', 'works', 'workplacements'].map(
  plural => ({ group: 'platform.kratix.io', plural }),
);
const RESOURCES = [
  ...KRATIX,
  ...Object.values(APIS).map(a => ({ group: a.group, plural: a.plural })),
];

function usedHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc: () => void = runInNewContext('gc');
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

/** What one backend with the catalog module and the backend plugin cost, with or without shared informers. */
export interface InformerSharingFigures {
  /** LIST requests of the requests' kinds (the provider's and the live updates' informers). */
  requestKindLists: number;
  /** WATCH requests of the requests' kinds. */
  requestKindWatches: number;
  /** Watches open on the platform afterwards, every Kratix kind included. */
  openWatches: number;
  /** Objects held in informer caches. */
  cachedObjects: number;
  /** Heap retained by the backend after GC, from before it started, in MB. */
  heapMb: number;
}

/** {@link measureInformerSharing}'s answer. */
export interface InformerSharingResult {
  requests: number;
  unshared: InformerSharingFigures;
  shared: InformerSharingFigures;
}

/**
 * What sharing one informer per kind per cluster saves: seeds `requests` resource requests (40 % redis, 40 % kafka,
 * the rest Crossplane-backed s3buckets, in two namespaces) on a fresh platform, then starts one backend with the
 * catalog module and the backend plugin, waits until every request is in the catalog, and opens the summary of one
 * request of each kind in each namespace, so the live updates watch every (kind, namespace) of requests. "Unshared"
 * is the same backend with an informer service that gives every lease an informer of its own. A first backend of the
 * process (loading the code) is left out of both figures. Requests are counted by the platform API server itself.
 */
export async function measureInformerSharing(options: {
  requests: number;
  log?: (line: string) => void;
}): Promise<InformerSharingResult> {
  const { requests: scale } = options;
  const log = options.log ?? (() => {});
  let env: TestPlatform | undefined;
  try {
    env = await startTestPlatform({ workers: ['worker-1'] });
    const drill = new DrillPlatform(env);
    const third = Math.round(scale * 0.4);
    log(`Seeding ${scale} resource requests`);
    await drill.seed({
      redis: third,
      kafka: third,
      s3buckets: scale - 2 * third,
      namespaces: NAMESPACES,
    });

    const measure = async (
      shared: boolean,
    ): Promise<InformerSharingFigures> => {
      const seen: CountingInformers[] = [];
      const counts = () =>
        Promise.all(
          RESOURCES.map(r => readResourceRequests(drill.platform.admin, r)),
        );
      const before = await counts();
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
          3_600_000,
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
            if (!response.ok) {
              throw new Error(
                `The summary of ${name} answered ${
                  response.status
                }: ${await response.text()}`,
              );
            }
          }
        }
        // Let the live updates' informers list and open their watches.
        await new Promise(r => setTimeout(r, 3_000));
        const after = await counts();
        const heap = usedHeap() - heapBefore;
        const delta = (i: number, key: 'lists' | 'watches') =>
          after[i][key] - before[i][key];
        const requestKinds = RESOURCES.map((_, i) => i).slice(KRATIX.length);
        return {
          requestKindLists: requestKinds.reduce(
            (n, i) => n + delta(i, 'lists'),
            0,
          ),
          requestKindWatches: requestKinds.reduce(
            (n, i) => n + delta(i, 'watches'),
            0,
          ),
          openWatches: after.reduce((n, r) => n + r.openWatches, 0),
          cachedObjects: seen[0].cachedObjects(),
          heapMb: Math.round(heap / 1e5) / 10,
        };
      } finally {
        await backend.stop();
      }
    };

    log('A first backend, to load the code');
    await measure(true);
    log('Without sharing');
    const unshared = await measure(false);
    log('Shared');
    const shared = await measure(true);
    return { requests: scale, unshared, shared };
  } finally {
    await env?.destroy();
  }
}
