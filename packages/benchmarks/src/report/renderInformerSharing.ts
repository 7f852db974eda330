import os from 'os';
import type { InformerSharingResult } from '@kratix-backstage/fault-drills';
import type { PrintedRun } from './renderProviderChange';

/** The table `yarn bench --sharing` prints, ready for docs/benchmarks.md. */
export function renderInformerSharing(
  results: InformerSharingResult[],
  run: PrintedRun,
): string {
  const rows: Array<[string, (r: InformerSharingResult) => [string, string]]> =
    [
      [
        'LIST requests of the request kinds (provider + live updates)',
        r => [`${r.unshared.requestKindLists}`, `${r.shared.requestKindLists}`],
      ],
      [
        'WATCH requests of the request kinds',
        r => [
          `${r.unshared.requestKindWatches}`,
          `${r.shared.requestKindWatches}`,
        ],
      ],
      [
        'watches open on the platform afterwards (every Kratix kind)',
        r => [`${r.unshared.openWatches}`, `${r.shared.openWatches}`],
      ],
      [
        'objects held in informer caches',
        r => [
          r.unshared.cachedObjects.toLocaleString('en'),
          r.shared.cachedObjects.toLocaleString('en'),
        ],
      ],
      [
        'heap retained by the backend, after GC (from before it started)',
        r => [`${r.unshared.heapMb} MB`, `${r.shared.heapMb} MB`],
      ],
    ];
  const tables = results.flatMap(r => [
    `| ${r.requests.toLocaleString(
      'en',
    )} requests, one backend with both plugins | without sharing | shared |`,
    '| --- | --- | --- |',
    ...rows.map(([label, values]) => `| ${label} | ${values(r).join(' | ')} |`),
    '',
  ]);
  return [
    'One backend with the catalog module and the backend plugin (SQLite); a user opens the summary of one request of',
    'each kind in each namespace. Requests counted by the platform API server; "without sharing" gives every lease an',
    'informer of its own.',
    '',
    ...tables,
    `\`${run.command}\`, ${run.wallSeconds} s in all, on ${
      os.cpus().length
    } cores; load average (1, 5, 15 min) ${run.loadBefore} before and ${
      run.loadAfter
    } after.`,
  ].join('\n');
}
