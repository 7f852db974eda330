import type { JsonObject } from '@backstage/types';

/** Which catalog ingestion a benchmark backend runs. */
export type BackendTarget = 'ours' | 'peer';

/** What a benchmark backend process is started with (as JSON in its environment). */
export interface BenchBackendOptions {
  target: BackendTarget;
  /** `backend.database` of the backend. */
  database: JsonObject;
  /** The rest of the app-config (catalog, kratix, kubernetes, kubernetesIngestor blocks). */
  config: JsonObject;
  /** Include the scaffolder with the Kratix actions and the benchmark's Template (ours only). */
  scaffolder?: boolean;
  /** A Template entity to serve from a static provider (with `scaffolder`). */
  template?: unknown;
  /** Milliseconds between two heap samples while measuring. */
  heapSampleMs?: number;
  /** Report when the catalog processes an entity the benchmark changed (for the latency breakdown). */
  breakdown?: boolean;
}

/** Messages from the parent to a benchmark backend. */
export type ToBackend =
  | { type: 'go' }
  | { type: 'heap'; id: number; gc: boolean; resetPeak?: boolean }
  | { type: 'stop' };

/** Heap and CPU figures of a benchmark backend. */
export interface HeapReading {
  heapUsed: number;
  /** Highest `heapUsed` sampled since the last reset. */
  peakHeapUsed: number;
  rss: number;
  /** CPU time (user + system) of the process so far, in ms. */
  cpuMs: number;
}

/** Messages from a benchmark backend to the parent. Times are `Date.now()` values. */
export type FromBackend =
  | { type: 'started'; port: number; at: number; heap: HeapReading }
  | { type: 'gateOpen'; at: number }
  | { type: 'taskStart'; id: string; at: number }
  | { type: 'taskEnd'; id: string; at: number; error?: string }
  | { type: 'log'; key: string; at: number; message: string }
  | {
      type: 'informer';
      cluster: string;
      apiVersion: string;
      kind: string;
      startedAt: number;
      syncedAt: number;
      objects: number;
    }
  | { type: 'processed'; entityRef: string; message: string; at: number }
  | ({ type: 'heap'; id: number } & HeapReading)
  | { type: 'failed'; message: string };

/** Prefix of the status messages the benchmark writes on requests; the processing probe looks for it. */
export const BENCHMARK_MESSAGE_PREFIX = 'Benchmark change ';

/** Log lines the parent waits for, by key. */
export const LOG_PATTERNS: Array<{ key: string; pattern: RegExp }> = [
  // Our provider, once its full mutation is applied.
  {
    key: 'ours-published',
    pattern: /^Kratix provider \S+: published \d+ entities/,
  },
  // The peer's component provider, once per cluster and run.
  { key: 'peer-cluster-synced', pattern: /^Delta sync for cluster / },
  { key: 'peer-xrd-synced', pattern: /^XRD delta sync/ },
  { key: 'peer-cluster-failed', pattern: /^Failed to sync cluster / },
];
