import { performance } from 'perf_hooks';
import v8 from 'v8';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  kratixClusterConfig,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { KratixEntityProvider } from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import {
  crossplaneEntityName,
  KRATIX_ENTITY_ANNOTATIONS,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  DefaultKratixClusterService,
  DefaultKratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import { BenchDataset, ObjectCoordinates } from '../generator/BenchDataset';
import { ObjectWriter } from '../generator/ObjectWriter';
import { measureFloor } from './floor';
import { spreadIndices, writeClaimReady } from './measureIngestion';
import {
  ChangeDistribution,
  distribution,
  gc,
  heapUsed,
  providerConfig,
  RecordingConnection,
  silentLogger,
} from './measureProviderChange';
import { median } from './stats';

const MERGE = 'application/merge-patch+json';
const MB = 2 ** 20;

/** What {@link measureProviderOnClusters} measured at one scale. */
export interface ProviderOnClustersResult {
  requests: number;
  objects: number;
  /** The raw paged LIST of every kind the provider reads, every kind at once (median of three). */
  floorMs: number;
  /** Provider connected → its full mutation handed to the connection. */
  syncMs: number;
  /** Entities in the full mutation. */
  entities: number;
  /** Heap used by this process, in MB: after GC before the provider started, the highest during its sync (no GC), and after GC once synced. */
  heap: { baselineMb: number; peakMb: number; afterSyncMb: number };
  /** Heap the informer caches of every kind take alone (after GC), in MB: part of `afterSyncMb - baselineMb`. */
  cachesMb: number;
  /** PATCH of a request's `status.message` sent → the delta with its entity handed to the connection. */
  requestChange: ChangeDistribution;
  /** PATCH of a claim's `Ready` message sent → the delta with its entity handed to the connection. */
  claimChange: ChangeDistribution;
  loadMs: number;
}

/**
 * The provider alone on real API servers: the data set is loaded into a platform and two worker API servers, the
 * floor is a raw paged LIST of every kind, and the provider runs in this process on real informers with a recording
 * connection instead of the catalog (no database, no catalog processing). Each change is a PATCH through the API
 * server; its time runs until the delta carrying the changed entity is handed over. The data grows from one scale
 * to the next.
 */
export async function measureProviderOnClusters(options: {
  scales: number[];
  changes: number;
  concurrency: number;
  log: (line: string) => void;
}): Promise<ProviderOnClustersResult[]> {
  const { log } = options;
  const collect = gc();
  const env = await startTestPlatform({ workers: ['worker-1', 'worker-2'] });
  const clusters = [env.platform, ...env.workers];
  const writers = Object.fromEntries(
    clusters.map(c => [c.name, new ObjectWriter(c.admin, 8)]),
  );
  const results: ProviderOnClustersResult[] = [];
  try {
    const dataset = new BenchDataset(env, {
      promises: 50,
      concurrency: options.concurrency,
    });
    await dataset.setUp();
    const readers = clusters.map(c => ({
      name: c.name,
      url: c.url,
      caData: c.caDataBase64,
      token: c.readerToken,
    }));
    const clusterService = DefaultKratixClusterService.fromConfig(
      mockServices.rootConfig({
        data: {
          kratix: {
            clusters: [
              kratixClusterConfig(env.platform, { isDefault: true }),
              ...env.workers.map(w =>
                kratixClusterConfig(w, { identity: 'reader' }),
              ),
            ],
          },
        },
      }),
    );

    for (const requests of options.scales) {
      const loaded = await dataset.growTo(requests);
      log(
        `provider on API servers, ${requests} requests: ${dataset.objectsRead()} objects (loaded ${
          loaded.to - loaded.from
        } requests in ${(loaded.ms / 1000).toFixed(1)} s)`,
      );
      const floors: number[] = [];
      for (let i = 0; i < 3; i++) {
        const floor = await measureFloor(readers, dataset.kindsRead());
        if (floor.objects !== dataset.objectsRead()) {
          throw new Error(
            `The floor listed ${
              floor.objects
            } objects, but the data set has ${dataset.objectsRead()}: the load is incomplete`,
          );
        }
        floors.push(floor.ms);
      }
      const floorMs = median(floors);
      log(`  floor ${Math.round(floorMs)} ms (median of 3)`);

      const cachesMb = await cachesAlone(dataset, clusterService, collect);
      log(`  informer caches alone: +${cachesMb.toFixed(0)} MB`);

      collect();
      const baseline = heapUsed();
      const informers = DefaultKratixInformerService.create({
        clusters: clusterService,
      });
      const connection = new RecordingConnection();
      const abort = new AbortController();
      const [provider] = KratixEntityProvider.fromConfig(
        mockServices.rootConfig({ data: providerConfig(env.platform.name) }),
        {
          logger: silentLogger(),
          clusters: clusterService,
          informers,
          taskRunner: {
            run: async task => {
              void task.fn(abort.signal);
            },
          },
        },
      );
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, heapUsed());
      }, 50);
      try {
        const started = performance.now();
        const full = connection.next(60 * 60_000);
        await provider.connect(connection);
        await full;
        const syncMs = performance.now() - started;
        clearInterval(sampler);
        // A sync that keeps the event loop busy leaves the timer few turns: read the heap at its end too.
        peak = Math.max(peak, heapUsed());
        // The catalog, not the provider, keeps what it was handed: drop the recorded entities before reading the heap.
        let entities = 0;
        for (const m of connection.mutations) {
          if (m.mutation.type === 'full') {
            entities = m.mutation.entities.length;
            m.mutation = { type: 'full', entities: [] };
          }
        }
        // Let the first publish's follow-ups settle before reading what stays.
        await new Promise(r => setTimeout(r, 2_000));
        collect();
        const afterSync = heapUsed();
        const snapshotDir = process.env.KRATIX_BENCH_HEAP_SNAPSHOT_DIR;
        if (snapshotDir) {
          const file = v8.writeHeapSnapshot(
            `${snapshotDir}/provider-${requests}.heapsnapshot`,
          );
          log(`  heap snapshot: ${file}`);
        }
        log(
          `  full mutation of ${entities} entities after ${(
            syncMs / 1000
          ).toFixed(1)} s (${(syncMs / floorMs).toFixed(
            2,
          )}× the floor); heap +${((afterSync - baseline) / MB).toFixed(
            0,
          )} MB retained, +${((peak - baseline) / MB).toFixed(
            0,
          )} MB at the peak`,
        );

        const indices = spreadIndices(dataset, options.changes);
        const requestTimes: number[] = [];
        const claimTimes: number[] = [];
        for (const [i, index] of indices.entries()) {
          const nonce = `provider-change-${requests}-${i}`;
          const rr = dataset.request(index);
          requestTimes.push(
            await timeChange(
              connection,
              () =>
                writers[rr.cluster].send(
                  'PATCH',
                  `${rr.path}/status`,
                  { status: { message: nonce } },
                  MERGE,
                ),
              entityName(rr, resourceRequestEntityName),
              nonce,
            ),
          );
          const claim = dataset.claim(index);
          claimTimes.push(
            await timeChange(
              connection,
              () => writeClaimReady(writers[claim.cluster], claim, nonce),
              entityName(claim, crossplaneEntityName),
              nonce,
            ),
          );
        }
        const requestChange = distribution(requestTimes);
        const claimChange = distribution(claimTimes);
        log(
          `  request change p50/p95 ${requestChange.p50Ms}/${requestChange.p95Ms} ms, claim change ${claimChange.p50Ms}/${claimChange.p95Ms} ms`,
        );
        results.push({
          requests,
          objects: dataset.objectsRead(),
          floorMs: Math.round(floorMs),
          syncMs: Math.round(syncMs),
          entities,
          heap: {
            baselineMb: Math.round(baseline / MB),
            peakMb: Math.round(peak / MB),
            afterSyncMb: Math.round(afterSync / MB),
          },
          cachesMb: Math.round(cachesMb),
          requestChange,
          claimChange,
          loadMs: loaded.ms,
        });
      } finally {
        clearInterval(sampler);
        abort.abort();
        await informers.close();
      }
    }
  } finally {
    Object.values(writers).forEach(w => w.close());
    await env.destroy();
  }
  return results;
}

/**
 * The heap the informer caches of every kind take alone (after GC, in MB): every kind read and nothing else, so the
 * rest of the provider's heap can be told apart. The informers are stopped and dropped before it returns.
 */
async function cachesAlone(
  dataset: BenchDataset,
  clusters: DefaultKratixClusterService,
  collect: () => void,
): Promise<number> {
  collect();
  const before = heapUsed();
  const informers = DefaultKratixInformerService.create({ clusters });
  const leases = dataset.kindsRead().map(({ cluster, kind }) =>
    informers.acquire({
      cluster,
      apiVersion: kind.apiVersion,
      kind: kind.kind,
    }),
  );
  await Promise.all(leases.map(l => l.waitForSync()));
  collect();
  const mb = (heapUsed() - before) / MB;
  await informers.close();
  return mb;
}

/** The catalog name of the entity made of a request or a claim. */
function entityName(
  o: ObjectCoordinates,
  name: typeof resourceRequestEntityName,
): string {
  return name({
    cluster: o.cluster,
    namespace: o.namespace,
    name: o.name,
    kind: o.kind.kind,
    group: o.kind.apiVersion.split('/')[0],
  });
}

/** Sends a write and waits for the delta that carries entity `name` with `message`; ms from sending. */
async function timeChange(
  connection: RecordingConnection,
  write: () => Promise<unknown>,
  name: string,
  message: string,
): Promise<number> {
  const shows = (e: Entity) =>
    e.metadata.name === name &&
    e.metadata.annotations?.[KRATIX_ENTITY_ANNOTATIONS.statusMessage] ===
      message;
  const seen = connection.mutations.length;
  const sent = performance.now();
  await write();
  const deadline = sent + 60_000;
  for (let next = seen; ; ) {
    while (next < connection.mutations.length) {
      const { at, mutation } = connection.mutations[next++];
      const entities =
        mutation.type === 'delta'
          ? mutation.added.map(a => a.entity)
          : mutation.entities.map(a => a.entity);
      if (entities.some(shows)) {
        // Space the changes so each is one debounce window of its own.
        await new Promise(r => setTimeout(r, 20));
        return at - sent;
      }
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new Error(`No delta showed '${message}' on ${name} within 60 s`);
    }
    await connection.next(left).catch(() => undefined);
  }
}
