import os from 'os';
import type {
  ChangeDistribution,
  ProviderChangeResult,
} from '../measure/measureProviderChange';
import type { ProviderOnClustersResult } from '../measure/measureProviderOnClusters';

const ms = (d: ChangeDistribution) => `${d.p50Ms} / ${d.p95Ms} / ${d.maxMs}`;

/** How a run of one of the printed benchmarks went: its command, the load around it and how long it took. */
export interface PrintedRun {
  command: string;
  loadBefore: string;
  loadAfter: string;
  wallSeconds: number;
}

/** The table `yarn bench --provider-only` prints, ready for docs/benchmarks.md. */
export function renderProviderChange(
  results: ProviderChangeResult[],
  run: PrintedRun,
): string {
  const lines = [
    `Provider only: in-memory informers and a recording connection instead of the catalog (no API server, no`,
    `database). The objects are kept as JSON outside the JS heap and parsed afresh by every list; the floor is parsing`,
    `every object once. Heap is the growth from before the provider started (after GC), the recorded full mutation`,
    `dropped first; the peak is sampled every 50 ms and at the end of the sync, without GC. Each change is one watch event; the time is from the event to the delta handed to the connection,`,
    `including the provider's ${
      results[0]?.debounceMs ?? 100
    } ms debounce. p50 / p95 / max in ms.`,
    '',
    '| requests | objects | floor (parse every object) | sync (full mutation, ÷ floor) | heap retained / peak | request status change | claim change | entities per delta (p95) | full recompute of the same objects (what each change cost before) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      r =>
        `| ${r.requests.toLocaleString('en')} | ${r.objects.toLocaleString(
          'en',
        )} | ${(r.floorMs / 1000).toFixed(1)} s | ${(r.syncMs / 1000).toFixed(
          1,
        )} s (${(r.syncMs / r.floorMs).toFixed(
          2,
        )}×) | ${r.heap.retainedMb.toLocaleString(
          'en',
        )} / ${r.heap.peakMb.toLocaleString('en')} MB | ${ms(
          r.requestChange,
        )} | ${ms(r.claimChange)} | ${r.deltaEntitiesP95} | ${
          r.fullRecompute ? ms(r.fullRecompute) : 'not measured beyond 10,000'
        } |`,
    ),
    '',
    `${
      results[0]?.requestChange.changes ?? 0
    } changes of each kind per scale; \`${run.command}\`, ${
      run.wallSeconds
    } s in all, on ${os.cpus().length} cores; load average (1, 5, 15 min) ${
      run.loadBefore
    } before and ${run.loadAfter} after.`,
  ];
  return lines.join('\n');
}

/** The table `yarn bench --provider-only --on-api-servers` prints, ready for docs/benchmarks.md. */
export function renderProviderOnClusters(
  results: ProviderOnClustersResult[],
  run: PrintedRun,
): string {
  const d = (x: ChangeDistribution) => `${x.p50Ms} / ${x.p95Ms} / ${x.maxMs}`;
  const s = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
  const lines = [
    `Provider only, on API servers: the data set loaded into a platform and two worker API servers, the provider in`,
    `the benchmark's process on real informers with a recording connection instead of the catalog (no database, no`,
    `catalog processing). A change is a PATCH through the API server; its time runs from sending it to the delta`,
    `that carries the changed entity. Heap is this process's, from before the provider started (after GC); the`,
    `recorded full mutation is dropped before the retained figure is read. p50 / p95 / max in ms.`,
    '',
    '| requests | objects | floor (raw paged LIST) | full sync (÷ floor) | entities | heap retained after the sync / peak during it | of which the informer caches | request status change | claim change |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      r =>
        `| ${r.requests.toLocaleString('en')} | ${r.objects.toLocaleString(
          'en',
        )} | ${s(r.floorMs)} | ${s(r.syncMs)} (${(r.syncMs / r.floorMs).toFixed(
          2,
        )}×) | ${r.entities.toLocaleString('en')} | ${(
          r.heap.afterSyncMb - r.heap.baselineMb
        ).toLocaleString('en')} MB / ${(
          r.heap.peakMb - r.heap.baselineMb
        ).toLocaleString('en')} MB | ${r.cachesMb.toLocaleString(
          'en',
        )} MB | ${d(r.requestChange)} | ${d(r.claimChange)} |`,
    ),
    '',
    `${
      results[0]?.requestChange.changes ?? 0
    } changes of each kind per scale; \`${run.command}\`, ${
      run.wallSeconds
    } s in all (loading included: ${results
      .map(r => `${s(r.loadMs)} up to ${r.requests.toLocaleString('en')}`)
      .join(', ')}), on ${
      os.cpus().length
    } cores; load average (1, 5, 15 min) ${run.loadBefore} before and ${
      run.loadAfter
    } after.`,
  ];
  return lines.join('\n');
}
