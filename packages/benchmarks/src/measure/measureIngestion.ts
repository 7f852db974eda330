import {
  crossplaneEntityName,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  BenchDataset,
  ObjectCoordinates,
} from '../generator/BenchDataset';
import type { ObjectWriter } from '../generator/ObjectWriter';
import { BENCHMARK_MESSAGE_PREFIX } from '../backend/benchBackendProtocol';
import type {
  BenchBackendOptions,
  FromBackend,
  HeapReading,
} from '../backend/benchBackendProtocol';
import type { KubeConnection } from '@kratix-backstage/kube-test-cluster';
import { BackendProcess } from './BackendProcess';
import { CatalogApi } from './CatalogApi';
import {
  ChangeProbe,
  sequentialChanges,
  streamedChanges,
} from './changeLatency';
import {
  readRequestCounters,
  requestsBetween,
  RequestsByVerb,
} from './apiServerRequests';
import { LatencySummary } from './stats';
import {
  CatalogDatabaseProbe,
  ChangeTimeline,
  LatencyBreakdown,
  summarizeTimelines,
} from './latencyBreakdown';

/** Annotation the benchmark sets on claims; the peer copies claim annotations into its entities. */
export const CHANGE_ANNOTATION = 'benchmark.kratix.backstage.io/change';
const STATUS_MESSAGE = KRATIX_ENTITY_ANNOTATIONS.statusMessage;
const MERGE = 'application/merge-patch+json';

/** Heap figures of one run, in bytes. */
export interface HeapFigures {
  /** Started and idle, after GC. */
  baseline: number;
  /** Highest heap seen while the first sync ran (sampled every 50 ms, no GC). */
  peakDuringSync: number;
  /** Right after the sync, after GC. */
  afterSync: number;
  /** Once every entity is visible, after GC. */
  whenVisible: number;
}

/** What one backend run measured. */
export interface IngestionResult {
  /** From the provider's task starting to its first full publish (ours) or the end of its first run (peer). */
  syncMs: number;
  /** From the task starting until every entity is visible through the catalog API. */
  visibleMs?: number;
  /** From the task starting until every claim's entity is visible. */
  claimsVisibleMs?: number;
  /** Entities published (ours: as its log says; peer: claim entities expected). */
  entities: number;
  heap: HeapFigures;
  /** CPU time the backend process spent during the sync. */
  syncCpuMs: number;
  /** Requests to the API servers from the start of the sync until everything was visible, by verb. */
  requests: RequestsByVerb;
  /** Our provider: every informer of the sync, relative to the task's start. */
  informers?: Array<{
    cluster: string;
    kind: string;
    startMs: number;
    syncedMs: number;
    objects: number;
  }>;
  /** Claim changes streamed at a steady rate. */
  claimChanges?: LatencySummary & { requests: RequestsByVerb };
  /** Our provider: resource request status changes, one by one (with where their time went, when asked for). */
  requestChanges?: LatencySummary & {
    requests: RequestsByVerb;
    breakdown?: LatencyBreakdown;
  };
  problems: string[];
}

/** What a measurement needs besides the backend. */
export interface IngestionContext {
  dataset: BenchDataset;
  clusters: KubeConnection[];
  /** Admin writers per cluster, for changes. */
  writers: Record<string, ObjectWriter>;
  changes: number;
  /** Milliseconds between two streamed claim changes. */
  claimChangeSpacingMs: number;
  log(line: string): void;
  logFile: string;
  runId: string;
  visibleTimeoutMs: number;
  /** How long to wait for every claim in the peer's catalog. */
  peerVisibleTimeoutMs: number;
}

const isTask =
  (prefix: string, type: 'taskStart' | 'taskEnd') => (e: FromBackend) =>
    e.type === type && e.id.startsWith(prefix);

/** `count` indices of ready requests, spread evenly over the data set (starting at `offset`). */
export function spreadIndices(
  dataset: BenchDataset,
  count: number,
  offset = 0,
): number[] {
  const out = new Set<number>();
  const wanted = Math.min(count, dataset.size);
  const step = Math.max(1, Math.floor(dataset.size / count));
  for (let k = 0; out.size < wanted && k < dataset.size * 2; k++) {
    const index = (offset + k * step + Math.floor(k / count)) % dataset.size;
    if (dataset.isReady(index)) out.add(index);
  }
  return Array.from(out);
}

function claimProbeWrites(
  writer: ObjectWriter,
  claim: ObjectCoordinates,
  nonce: string,
) {
  return async () => {
    await writer.send(
      'PATCH',
      claim.path,
      { metadata: { annotations: { [CHANGE_ANNOTATION]: nonce } } },
      MERGE,
    );
    await writeClaimReady(writer, claim, nonce);
  };
}

/** Sets a claim's `Ready` condition's message (which its entity shows), as Crossplane writes its conditions. */
export function writeClaimReady(
  writer: ObjectWriter,
  claim: ObjectCoordinates,
  message: string,
) {
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return writer.send(
    'PATCH',
    `${claim.path}/status`,
    {
      status: {
        conditions: [
          {
            type: 'Synced',
            status: 'True',
            reason: 'ReconcileSuccess',
            message: '',
            lastTransitionTime: at,
          },
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            message,
            lastTransitionTime: at,
          },
        ],
      },
    },
    MERGE,
  );
}

/** Claim changes: an annotation (what the peer shows) and the Ready condition's message (what ours shows). */
function claimProbes(
  ctx: IngestionContext,
  shows: (claim: ObjectCoordinates, nonce: string) => Promise<boolean>,
  offset: number,
): ChangeProbe[] {
  return spreadIndices(ctx.dataset, ctx.changes, offset).map((index, i) => {
    const claim = ctx.dataset.claim(index);
    const nonce = `claim-change-${ctx.runId}-${i}`;
    return {
      write: claimProbeWrites(ctx.writers[claim.cluster], claim, nonce),
      shows: () => shows(claim, nonce),
    };
  });
}

/**
 * Polls entity counts until each reaches what is expected; resolves with the time the first one (the main count)
 * was reached, or undefined after `timeoutMs`. Polls every 2 s while far off and every 250 ms over the last 5%, so
 * the counting itself (which shares the catalog's database) does not slow the catalog down.
 */
async function pollCounts(
  counts: Array<{
    filters: string[];
    expected: number;
    onReached?: (at: number) => void;
  }>,
  catalog: CatalogApi,
  timeoutMs: number,
): Promise<number | undefined> {
  const reached: Array<number | undefined> = counts.map(() => undefined);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let closest = 1;
    for (const [i, c] of counts.entries()) {
      if (reached[i] !== undefined) continue;
      const n = await catalog.count(c.filters);
      if (n >= c.expected) {
        reached[i] = Date.now();
        c.onReached?.(reached[i]!);
      } else {
        closest = Math.min(closest, (c.expected - n) / Math.max(1, c.expected));
      }
    }
    if (reached.every(r => r !== undefined)) return reached[0];
    if (Date.now() >= deadline) return reached[0];
    await new Promise(r => setTimeout(r, closest > 0.05 ? 2000 : 250));
  }
}

async function heapDelta(backend: BackendProcess): Promise<HeapReading> {
  return backend.heap(true);
}

/**
 * Our provider: a backend with the Kratix catalog module (and the scaffolder), timed from its task's start to the
 * full publish, then until every entity is visible; then request status changes one by one and streamed claim
 * changes. Runs `extra` (e.g. the scaffolder measurement) before stopping the backend.
 */
export async function measureOurs(
  ctx: IngestionContext,
  options: BenchBackendOptions,
  extra?: (backend: BackendProcess, catalog: CatalogApi) => Promise<void>,
): Promise<IngestionResult> {
  const backend = await BackendProcess.start(options, ctx.logFile);
  const problems: string[] = [];
  try {
    const catalog = new CatalogApi(backend.port);
    const baseline = backend.startedHeap!;
    const before = await readRequestCounters(ctx.clusters);
    await backend.go();
    const start = await backend.waitFor(
      isTask('kratix-provider:', 'taskStart'),
      "our provider's task to start",
      120_000,
    );
    const published = await backend.waitFor(
      e => e.type === 'log' && e.key === 'ours-published',
      "our provider's full publish",
      ctx.visibleTimeoutMs,
    );
    if (start.type !== 'taskStart' || published.type !== 'log')
      throw new Error('unexpected event');
    const syncMs = published.at - start.at;
    const afterSync = await heapDelta(backend);
    const entities = Number(
      /published (\d+) entities/.exec(published.message)?.[1] ?? 0,
    );
    ctx.log(
      `  ours: full publish of ${entities} entities ${(syncMs / 1000).toFixed(
        1,
      )} s after the task started`,
    );

    let claimsVisibleAt: number | undefined;
    const visibleAt = await pollCounts(
      [
        {
          filters: ['metadata.annotations.kratix.backstage.io/cluster'],
          expected: entities,
        },
        {
          filters: [`spec.type=${KRATIX_ENTITY_TYPES.crossplaneClaim}`],
          expected: ctx.dataset.size,
          onReached: at => {
            claimsVisibleAt = at;
          },
        },
      ],
      catalog,
      ctx.visibleTimeoutMs,
    );
    if (!visibleAt)
      problems.push(
        `not every entity was visible within ${ctx.visibleTimeoutMs / 1000} s`,
      );
    const whenVisible = await heapDelta(backend);
    const after = await readRequestCounters(ctx.clusters);
    ctx.log(
      `  ours: visible after ${
        visibleAt ? ((visibleAt - start.at) / 1000).toFixed(1) : '-'
      } s; heap +${(
        (whenVisible.heapUsed - baseline.heapUsed) /
        2 ** 20
      ).toFixed(0)} MB`,
    );

    // Resource request status changes, one by one.
    const rrBefore = await readRequestCounters(ctx.clusters);
    // On PostgreSQL, when asked: where each change's time went (the provider's mutation is read from the database).
    const probe =
      options.breakdown && options.database.client === 'pg'
        ? new CatalogDatabaseProbe(options.database)
        : undefined;
    const timelines: ChangeTimeline[] = [];
    const requestChanges = await sequentialChanges(
      spreadIndices(ctx.dataset, ctx.changes).map((index, i) => {
        const rr = ctx.dataset.request(index);
        const message = `${BENCHMARK_MESSAGE_PREFIX}${ctx.runId}-${i}`;
        const name = resourceRequestEntityName({
          cluster: rr.cluster,
          namespace: rr.namespace,
          name: rr.name,
          kind: rr.kind.kind,
          group: rr.kind.apiVersion.split('/')[0],
        });
        const entityRef = `resource:default/${name}`.toLowerCase();
        let writtenAt = 0;
        return {
          write: async () => {
            await ctx.writers[rr.cluster].send(
              'PATCH',
              `${rr.path}/status`,
              { status: { message } },
              MERGE,
            );
            writtenAt = Date.now();
          },
          shows: async () => {
            const shown =
              (await catalog.entity('resource', 'default', name))?.metadata
                .annotations?.[STATUS_MESSAGE] === message;
            if (shown && probe) {
              const shownAt = Date.now();
              const mutatedAt = await probe.lastDiscovery(entityRef);
              const processed = backend.events.find(
                e =>
                  e.type === 'processed' &&
                  e.entityRef === entityRef &&
                  e.message === message,
              );
              timelines.push({
                mutatedMs: mutatedAt && mutatedAt - writtenAt,
                processedMs:
                  processed?.type === 'processed'
                    ? processed.at - writtenAt
                    : undefined,
                visibleMs: shownAt - writtenAt,
              });
            }
            return shown;
          },
        };
      }),
      30_000,
    );
    await probe?.close();
    const rrAfter = await readRequestCounters(ctx.clusters);
    ctx.log(
      `  ours: request changes p50 ${requestChanges.p50Ms.toFixed(
        0,
      )} ms, p95 ${requestChanges.p95Ms.toFixed(0)} ms (${
        requestChanges.seen
      }/${requestChanges.count})`,
    );

    // Claim changes, streamed.
    const claimBefore = await readRequestCounters(ctx.clusters);
    const claimChanges = await streamedChanges(
      claimProbes(
        ctx,
        async (claim, nonce) => {
          const name = crossplaneEntityName({
            cluster: claim.cluster,
            namespace: claim.namespace,
            name: claim.name,
            kind: claim.kind.kind,
            group: claim.kind.apiVersion.split('/')[0],
          });
          return (
            (await catalog.entity('resource', 'default', name))?.metadata
              .annotations?.[STATUS_MESSAGE] === nonce
          );
        },
        1,
      ),
      ctx.claimChangeSpacingMs,
      60_000,
    );
    const claimAfter = await readRequestCounters(ctx.clusters);
    ctx.log(
      `  ours: claim changes p50 ${claimChanges.p50Ms.toFixed(
        0,
      )} ms, p95 ${claimChanges.p95Ms.toFixed(0)} ms (${claimChanges.seen}/${
        claimChanges.count
      })`,
    );

    if (extra) await extra(backend, catalog);

    const informers = backend.events.flatMap(e =>
      e.type === 'informer' && e.syncedAt <= published.at
        ? [
            {
              cluster: e.cluster,
              kind: e.kind,
              startMs: e.startedAt - start.at,
              syncedMs: e.syncedAt - start.at,
              objects: e.objects,
            },
          ]
        : [],
    );
    return {
      syncMs,
      visibleMs: visibleAt ? visibleAt - start.at : undefined,
      claimsVisibleMs: claimsVisibleAt ? claimsVisibleAt - start.at : undefined,
      entities,
      informers,
      heap: {
        baseline: baseline.heapUsed,
        peakDuringSync: afterSync.peakHeapUsed,
        afterSync: afterSync.heapUsed,
        whenVisible: whenVisible.heapUsed,
      },
      syncCpuMs: afterSync.cpuMs - baseline.cpuMs,
      requests: requestsBetween(before, after),
      requestChanges: {
        ...withoutLatencies(requestChanges),
        requests: requestsBetween(rrBefore, rrAfter),
        ...(probe && { breakdown: summarizeTimelines(timelines) }),
      },
      claimChanges: {
        ...withoutLatencies(claimChanges),
        requests: requestsBetween(claimBefore, claimAfter),
      },
      problems,
    };
  } finally {
    await backend.stop();
  }
}

function withoutLatencies<T extends { latenciesMs: unknown }>(
  value: T,
): Omit<T, 'latenciesMs'> {
  const { latenciesMs: _, ...rest } = value;
  return rest;
}

/**
 * The peer: a backend with the Kubernetes plugin and TeraSky's kubernetes-ingestor, timed from its tasks' start to
 * the end of their first run, then until every claim's entity is visible; then the same streamed claim changes.
 */
export async function measurePeer(
  ctx: IngestionContext,
  options: BenchBackendOptions,
  cycleSeconds: number,
): Promise<IngestionResult> {
  const backend = await BackendProcess.start(options, ctx.logFile);
  const problems: string[] = [];
  try {
    const catalog = new CatalogApi(backend.port);
    const baseline = backend.startedHeap!;
    const before = await readRequestCounters(ctx.clusters);
    await backend.go();
    const start = await backend.waitFor(
      isTask('KubernetesEntityProvider', 'taskStart'),
      "the peer's task to start",
      120_000,
    );
    const end = await backend.waitFor(
      isTask('KubernetesEntityProvider', 'taskEnd'),
      "the end of the peer's first run",
      ctx.visibleTimeoutMs,
    );
    const xrdEnd = await backend.waitFor(
      isTask('XRDTemplateEntityProvider', 'taskEnd'),
      "the end of the peer's first XRD run",
      ctx.visibleTimeoutMs,
    );
    const afterSyncCounters = await readRequestCounters(ctx.clusters);
    if (
      start.type !== 'taskStart' ||
      end.type !== 'taskEnd' ||
      xrdEnd.type !== 'taskEnd'
    ) {
      throw new Error('unexpected event');
    }
    const syncMs = Math.max(end.at, xrdEnd.at) - start.at;
    const afterSync = await heapDelta(backend);
    const synced = backend.events
      .filter(e => e.type === 'log' && e.key === 'peer-cluster-synced')
      .map(e => (e.type === 'log' ? e.message : ''));
    ctx.log(
      `  peer: first run done ${(syncMs / 1000).toFixed(
        1,
      )} s after its task started (${synced.join('; ')})`,
    );

    const claimFilter = ['kind=component', `spec.type=crossplane-claim`];
    const visibleAt = await pollCounts(
      [{ filters: claimFilter, expected: ctx.dataset.size }],
      catalog,
      ctx.peerVisibleTimeoutMs,
    );
    if (!visibleAt) {
      problems.push(
        `only ${await catalog.count(claimFilter)} of ${
          ctx.dataset.size
        } claims were visible after ${ctx.peerVisibleTimeoutMs / 1000} s`,
      );
    }
    const whenVisible = await heapDelta(backend);
    ctx.log(
      `  peer: claims visible after ${
        visibleAt ? ((visibleAt - start.at) / 1000).toFixed(1) : '-'
      } s; heap +${(
        (whenVisible.heapUsed - baseline.heapUsed) /
        2 ** 20
      ).toFixed(0)} MB`,
    );

    // The peer re-reads everything every cycle: a change it has not shown after two whole runs that started after
    // the last change (and a few seconds for the catalog) will not show.
    const claimTimeoutMs = Math.min(
      300_000,
      Math.max(60_000, 3 * (cycleSeconds * 1000 + syncMs) + 30_000),
    );
    const twoRunsAfter = async (after: number) => {
      const deadline = Date.now() + claimTimeoutMs;
      while (Date.now() < deadline) {
        const firstStart = backend.events.find(
          e =>
            e.type === 'taskStart' &&
            e.id.startsWith('KubernetesEntityProvider') &&
            e.at > after,
        );
        const startedAt = firstStart?.type === 'taskStart' ? firstStart.at : 0;
        const ends = firstStart
          ? backend.events.filter(
              e =>
                e.type === 'taskEnd' &&
                e.id.startsWith('KubernetesEntityProvider') &&
                e.at > startedAt,
            ).length
          : 0;
        if (ends >= 2) break;
        await new Promise(r => setTimeout(r, 500));
      }
      await new Promise(r => setTimeout(r, 5000));
    };
    const claimBefore = await readRequestCounters(ctx.clusters);
    const claimChanges = await streamedChanges(
      claimProbes(
        ctx,
        async (claim, nonce) =>
          (
            await catalog.entity('component', 'default', claim.name)
          )?.metadata.annotations?.[CHANGE_ANNOTATION] === nonce,
        2,
      ),
      ctx.claimChangeSpacingMs,
      claimTimeoutMs,
      { hopeless: twoRunsAfter },
    );
    const claimAfter = await readRequestCounters(ctx.clusters);
    ctx.log(
      `  peer: claim changes seen ${claimChanges.seen}/${claimChanges.count} (waited for two whole runs after the last change)`,
    );
    const failed = backend.events.flatMap(e =>
      e.type === 'log' && e.key === 'peer-cluster-failed' ? [e.message] : [],
    );
    if (failed.length) {
      problems.push(
        `${failed.length} of its runs failed for a cluster, e.g. "${failed[0]}"`,
      );
    }

    return {
      syncMs,
      visibleMs: visibleAt ? visibleAt - start.at : undefined,
      claimsVisibleMs: visibleAt ? visibleAt - start.at : undefined,
      entities: ctx.dataset.size,
      heap: {
        baseline: baseline.heapUsed,
        peakDuringSync: afterSync.peakHeapUsed,
        afterSync: afterSync.heapUsed,
        whenVisible: whenVisible.heapUsed,
      },
      syncCpuMs: afterSync.cpuMs - baseline.cpuMs,
      requests: requestsBetween(before, afterSyncCounters),
      claimChanges: {
        ...withoutLatencies(claimChanges),
        requests: requestsBetween(claimBefore, claimAfter),
      },
      problems,
    };
  } finally {
    await backend.stop();
  }
}
