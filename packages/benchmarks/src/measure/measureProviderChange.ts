import { performance } from 'perf_hooks';
import v8 from 'v8';
import vm from 'vm';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { timestamp } from '@kratix-backstage/demo-platform';
import type { TestPlatform } from '@kratix-backstage/kube-test-cluster';
import {
  buildEntities,
  KratixEntityProvider,
  KratixSnapshot,
} from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import {
  KratixClusterService,
  KratixInformer,
  KratixKubernetesClient,
  KubernetesWatchEventType,
} from '@kratix-backstage/plugin-kratix-node';
import { BenchDataset } from '../generator/BenchDataset';
import { benchPromises, promiseStatus } from '../generator/benchPromises';
import { crossplaneChains, xrdStatus } from '../generator/crossplaneObjects';
import { destinationObjects } from '../generator/kratixObjects';
import { median, percentile } from './stats';

const PLATFORM = 'platform';
const WORKERS = ['worker-1', 'worker-2'];

/** The distribution of one kind of change, in ms. */
export interface ChangeDistribution {
  changes: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** What {@link measureProviderChange} measured at one scale. */
export interface ProviderChangeResult {
  requests: number;
  objects: number;
  /** Provider connected → full mutation handed over. */
  syncMs: number;
  /** Watch event of a request's status → the delta with its entity handed to the connection. */
  requestChange: ChangeDistribution;
  /** Watch event of a claim on a worker → the delta with its entity handed to the connection. */
  claimChange: ChangeDistribution;
  /** Size of the deltas: entities added or changed, and removed, per change (p95). */
  deltaEntitiesP95: number;
  /** A full recompute of the same objects (`buildEntities`, warm), what every change cost before; up to 10,000 requests. */
  fullRecompute?: ChangeDistribution;
  /** The provider's debounce, part of every change's time. */
  debounceMs: number;
  /** Parsing every object once from its JSON, every kind (median of three): the floor of a sync from these lists. */
  floorMs: number;
  /** Heap growth from before the provider started (after GC): kept after the sync (after GC), and the peak during it. */
  heap: { retainedMb: number; peakMb: number };
}

const MB = 2 ** 20;

/** `global.gc`, without needing `node --expose-gc`. */
export function gc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

/** The JS heap in use, in bytes (Buffers' contents are outside it). */
export const heapUsed = () => v8.getHeapStatistics().used_heap_size;

/** p50, p95 and max of some durations, rounded to a tenth of a ms. */
export const distribution = (values: number[]): ChangeDistribution => ({
  changes: values.length,
  p50Ms: Math.round(percentile(values, 50) * 10) / 10,
  p95Ms: Math.round(percentile(values, 95) * 10) / 10,
  maxMs: Math.round(Math.max(...values) * 10) / 10,
});

const kindKey = (cluster: string, apiVersion: string, kind: string) =>
  `${cluster} ${apiVersion} ${kind}`;
const nameKey = (o: any) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * The objects of the benchmark's data set held in memory, served to real {@link KratixInformer}s through lists and
 * watches of their own: changes go straight to the informers' watch streams, with no API server in between. Each
 * object is kept as its JSON in a Buffer, outside the JS heap, so the heap this process grows by is the provider's;
 * every list parses the objects afresh, as a client parses an API server's answer.
 */
class InMemoryClusters {
  readonly byKind = new Map<string, Map<string, Buffer>>();
  readonly #watchers = new Map<
    string,
    Set<{ onEvent(type: KubernetesWatchEventType, object: unknown): void }>
  >();
  #version = 1;

  put(cluster: string, object: any) {
    const key = kindKey(cluster, object.apiVersion, object.kind);
    const objects = this.byKind.get(key) ?? new Map();
    this.byKind.set(key, objects);
    object.metadata.resourceVersion = String(++this.#version);
    objects.set(nameKey(object), Buffer.from(JSON.stringify(object)));
    return key;
  }

  /** Replaces an object with a new version and sends the watch event. */
  modify(cluster: string, object: any) {
    const key = this.put(cluster, object);
    for (const watcher of this.#watchers.get(key) ?? [])
      watcher.onEvent('MODIFIED', structuredClone(object));
  }

  /** The objects of one kind, parsed afresh. */
  list(key: string): any[] {
    return Array.from(this.byKind.get(key)?.values() ?? [], b =>
      JSON.parse(b.toString('utf8')),
    );
  }

  /** Parses every object once, every kind, and drops them: the least any reader of all of them spends, in ms. */
  parseAll(): number {
    const started = performance.now();
    let n = 0;
    for (const key of this.byKind.keys()) n += this.list(key).length;
    if (n !== this.count)
      throw new Error('parsed a different number of objects');
    return performance.now() - started;
  }

  get count() {
    let n = 0;
    for (const objects of this.byKind.values()) n += objects.size;
    return n;
  }

  service(): KratixClusterService {
    const clusters = [PLATFORM, ...WORKERS];
    const client = (cluster: string) =>
      ({
        informer: (options: any) =>
          new KratixInformer({
            transform: options.transform,
            source: {
              cluster,
              list: async () => ({
                items: this.list(
                  kindKey(cluster, options.apiVersion, options.kind),
                ),
                resourceVersion: String(this.#version),
              }),
              watch: (_version, handlers) => {
                const key = kindKey(cluster, options.apiVersion, options.kind);
                const set = this.#watchers.get(key) ?? new Set();
                this.#watchers.set(key, set);
                set.add(handlers);
                setImmediate(() => handlers.onOpen());
                return {
                  abort: () => {
                    set.delete(handlers);
                    handlers.onDone();
                  },
                };
              },
            },
          }),
      } as unknown as KratixKubernetesClient);
    return {
      listClusters: () =>
        clusters.map(name => ({
          name,
          isDefault: name === PLATFORM,
          authProvider: 'serviceAccount' as const,
        })),
      getDefaultClusterName: () => PLATFORM,
      getClient: (name?: string) => client(name ?? PLATFORM),
    };
  }

  /** Everything, as the provider's snapshot holds it. */
  snapshot(): KratixSnapshot {
    const snapshot: KratixSnapshot = {
      platformCluster: PLATFORM,
      promises: [],
      destinations: [],
      works: [],
      workPlacements: [],
      requests: [],
      workers: Object.fromEntries(
        WORKERS.map(w => [
          w,
          { xrds: [] as unknown[], objects: [] as unknown[] },
        ]),
      ),
    };
    for (const key of this.byKind.keys()) {
      const [cluster, apiVersion, kind] = key.split(' ');
      const list = this.list(key);
      if (cluster !== PLATFORM) {
        const worker = snapshot.workers[cluster];
        if (kind === 'CompositeResourceDefinition') worker.xrds.push(...list);
        else worker.objects.push(...list);
      } else if (kind === 'Promise') snapshot.promises.push(...list);
      else if (kind === 'Destination') snapshot.destinations.push(...list);
      else if (kind === 'Work') snapshot.works.push(...list);
      else if (kind === 'WorkPlacement') snapshot.workPlacements.push(...list);
      else if (apiVersion.startsWith('platform.kratix.io/')) continue;
      else snapshot.requests.push(...list);
    }
    return snapshot;
  }
}

/** Records every mutation with the time it was handed over; `next` waits for the next one. */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: Array<{ at: number; mutation: EntityProviderMutation }> =
    [];
  #waiters: Array<() => void> = [];

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push({ at: performance.now(), mutation });
    const waiters = this.#waiters;
    this.#waiters = [];
    waiters.forEach(w => w());
  }

  async refresh(): Promise<void> {}

  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No mutation within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** A logger that says nothing unless `BENCH_DEBUG` is set (then it writes to stderr). */
export const silentLogger = (): LoggerService => {
  const say = (m: string) => {
    if (process.env.BENCH_DEBUG) process.stderr.write(`${m}\n`);
  };
  const logger: LoggerService = {
    error: say,
    warn: say,
    info: say,
    debug: () => {},
    child: () => logger,
  };
  return logger;
};

/** The provider block every provider-only measurement runs: one run that holds its watches, every Crossplane object. */
export function providerConfig(platform: string) {
  return {
    catalog: {
      providers: {
        kratix: {
          benchmark: {
            cluster: platform,
            owner: { default: 'group:default/platform' },
            crossplane: { enabled: true, managedResources: true, xrds: true },
            syncTimeoutSeconds: 1800,
            schedule: { frequency: { hours: 2 }, timeout: { hours: 3 } },
          },
        },
      },
    },
  };
}

/**
 * The provider's part of a change, alone: the provider runs on in-memory informers with a recording connection
 * instead of the catalog (no API server, no database), and each change is a watch event sent to an informer; the
 * time is from that event to the delta handed to the connection (debounce included).
 */
export async function measureProviderChange(options: {
  requests: number;
  changes: number;
  log: (line: string) => void;
}): Promise<ProviderChangeResult> {
  const { requests, changes, log } = options;
  const at = timestamp(60);
  const fakeEnv = {
    platform: { name: PLATFORM },
    workers: WORKERS.map(name => ({ name })),
  } as unknown as TestPlatform;
  const dataset = new BenchDataset(fakeEnv);
  const memory = new InMemoryClusters();
  for (const p of benchPromises(50))
    memory.put(PLATFORM, { ...p.promise, status: promiseStatus(p, at) });
  for (const o of destinationObjects(WORKERS, at)) memory.put(PLATFORM, o);
  for (const worker of WORKERS) {
    for (const chain of crossplaneChains())
      memory.put(worker, { ...chain.xrd, status: xrdStatus(chain, at) });
  }
  for (let i = 0; i < requests; i++) {
    const objects = dataset.objectsOf(i);
    for (const { object } of objects.platform) memory.put(PLATFORM, object);
    for (const { object } of objects.crossplane)
      memory.put(objects.worker, object);
  }
  log(`provider only, ${requests} requests: ${memory.count} objects in memory`);
  const floorMs = median([
    memory.parseAll(),
    memory.parseAll(),
    memory.parseAll(),
  ]);
  log(`  parsing every object once: ${Math.round(floorMs)} ms (median of 3)`);

  const collect = gc();
  collect();
  const baseline = heapUsed();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, heapUsed());
  }, 50);
  const connection = new RecordingConnection();
  const abort = new AbortController();
  const config = mockServices.rootConfig({ data: providerConfig(PLATFORM) });
  const [provider] = KratixEntityProvider.fromConfig(config, {
    logger: silentLogger(),
    clusters: memory.service(),
    taskRunner: {
      run: async task => {
        void task.fn(abort.signal);
      },
    },
  });
  const started = performance.now();
  const full = connection.next(30 * 60_000);
  await provider.connect(connection);
  await full;
  const syncMs = performance.now() - started;
  clearInterval(sampler);
  // A sync that keeps the event loop busy leaves the timer few turns: read the heap at its end too.
  peak = Math.max(peak, heapUsed());
  // The catalog, not the provider, keeps what it was handed: drop the recorded entities before reading the heap.
  for (const m of connection.mutations) {
    if (m.mutation.type === 'full') m.mutation = { type: 'full', entities: [] };
  }
  // Let the first publish's follow-ups (the index, a delta of late events) settle.
  await new Promise(r => setTimeout(r, 2_000));
  collect();
  const snapshotDir = process.env.KRATIX_BENCH_HEAP_SNAPSHOT_DIR;
  if (snapshotDir) {
    const file = v8.writeHeapSnapshot(
      `${snapshotDir}/provider-in-memory-${requests}.heapsnapshot`,
    );
    log(`  heap snapshot: ${file}`);
  }
  const heap = {
    retainedMb: Math.round((heapUsed() - baseline) / MB),
    peakMb: Math.round((peak - baseline) / MB),
  };
  log(
    `  full mutation after ${Math.round(syncMs)} ms (${(
      syncMs / floorMs
    ).toFixed(2)}× parsing every object); heap +${
      heap.retainedMb
    } MB retained, +${heap.peakMb} MB at the peak`,
  );

  const deltaSizes: number[] = [];
  const timeChange = async (cluster: string, object: any) => {
    const delta = connection.next(60_000);
    const sent = performance.now();
    memory.modify(cluster, object);
    await delta;
    const last = connection.mutations[connection.mutations.length - 1];
    if (last.mutation.type === 'delta')
      deltaSizes.push(
        last.mutation.added.length + last.mutation.removed.length,
      );
    const ms = last.at - sent;
    // Space the changes so each is one debounce window of its own.
    await new Promise(r => setTimeout(r, 20));
    return ms;
  };
  // Ready requests, spread over the platform: their status message and their claim's Ready message show in the
  // catalog, so each change changes an entity.
  const pick = (n: number) => {
    let index = (n * 7919) % requests;
    while (!dataset.isReady(index)) index = (index + 1) % requests;
    return index;
  };
  const requestTimes: number[] = [];
  const claimTimes: number[] = [];
  for (let n = 0; n < changes; n++) {
    const index = pick(n + 1);
    const objects = dataset.objectsOf(index);
    const rr = structuredClone(objects.platform[0].object);
    rr.status = {
      ...rr.status,
      message: `changed ${n}`,
      observedGeneration: (rr.status?.observedGeneration ?? 1) + n,
    };
    requestTimes.push(await timeChange(PLATFORM, rr));
    const claim = structuredClone(objects.crossplane[0].object);
    claim.status = {
      ...claim.status,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Available',
          message: `changed ${n}`,
          lastTransitionTime: at,
        },
      ],
    };
    claimTimes.push(await timeChange(objects.worker, claim));
  }
  abort.abort();
  const requestChange = distribution(requestTimes);
  const claimChange = distribution(claimTimes);
  log(
    `  request change p50/p95 ${requestChange.p50Ms}/${requestChange.p95Ms} ms, claim change ${claimChange.p50Ms}/${claimChange.p95Ms} ms`,
  );

  const result: ProviderChangeResult = {
    requests,
    objects: memory.count,
    floorMs: Math.round(floorMs),
    syncMs: Math.round(syncMs),
    heap,
    requestChange,
    claimChange,
    deltaEntitiesP95: percentile(deltaSizes, 95),
    debounceMs: 100,
  };
  // What every change cost before: a full recompute over the same objects, with warm transformer memos. Beyond
  // 10,000 requests it takes minutes and a second copy of every object, so it is left out.
  if (requests > 10_000) return result;
  const snapshot = memory.snapshot();
  const buildOptions = {
    entityNamespace: 'default',
    defaultOwner: 'group:default/platform',
    ownerByNamespace: {},
    requestEntityKind: 'Resource' as const,
    namespaces: { exclude: [] },
    templates: { enabled: false },
    crossplane: { enabled: true, managedResources: true, xrds: true },
    destinationCluster: (d: any) =>
      d.metadata.labels?.[KRATIX_ANNOTATIONS.cluster],
    isKnownCluster: (name: string) =>
      WORKERS.includes(name) || name === PLATFORM,
  };
  const fullTimes: number[] = [];
  // The first recompute fills the memos; five warm ones follow.
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    buildEntities(snapshot, buildOptions);
    if (i > 0) fullTimes.push(performance.now() - t);
  }
  return { ...result, fullRecompute: distribution(fullTimes) };
}
