import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  kratixClusterConfig,
  startTestPlatform,
  startTestPostgres,
  TestCluster,
  TestPlatform,
  TestPostgres,
} from '@kratix-backstage/kube-test-cluster';
import type { BenchBackendOptions } from './backend/benchBackendProtocol';
import { BenchDataset, LoadReport } from './generator/BenchDataset';
import { ObjectWriter } from './generator/ObjectWriter';
import { environmentInfo, EnvironmentInfo } from './environmentInfo';
import { FloorResult, measureFloor } from './measure/floor';
import {
  IngestionContext,
  IngestionResult,
  measureOurs,
  measurePeer,
} from './measure/measureIngestion';
import {
  benchmarkTemplate,
  measureScaffolder,
  ScaffolderResult,
} from './measure/measureScaffolder';
import { median } from './measure/stats';
import { sourceFingerprint, SourceFingerprint } from './sourceFingerprint';

/** The databases a run can use. */
export type BenchDatabase = 'sqlite' | 'postgres';

/** Options of {@link runBenchmark}. */
export interface BenchmarkOptions {
  /** Numbers of resource requests, measured in this order (the data grows from one to the next). */
  scales: number[];
  databases: BenchDatabase[];
  /** Measure the peer (TeraSky's kubernetes-ingestor) too. */
  peer: boolean;
  /** Scaffolder tasks started at once at the largest scale; 0 to skip. */
  scaffolderTasks: number;
  /** Changes per change-latency measurement. */
  changes: number;
  /** Milliseconds between two streamed claim changes. */
  claimChangeSpacingMs: number;
  promises: number;
  /** Requests in flight per API server while loading. */
  concurrency: number;
  /** The peer's task frequency, in seconds. */
  peerCycleSeconds: number;
  /** On PostgreSQL, break each request change's latency down (provider, processing queue, stitching). */
  breakdown?: boolean;
  /** `catalog.processingInterval` in seconds for both backends; Backstage's default (100–150 s) when absent. */
  processingIntervalSeconds?: number;
  /** `catalog.processingInterval` in seconds at some scales (by number of requests); wins over the single value. */
  processingIntervalByScale?: Record<number, number>;
  /** `catalog.stitchingStrategy.pollingInterval` of both backends, in ms (Backstage's default is 1000). */
  stitchIntervalMs: number;
  /** How many times the floor is measured per scale (the median is reported). */
  floorRepeats: number;
  /** How long to wait for everything to be visible in the catalog. */
  visibleTimeoutMs: number;
  /** How long to wait for every claim in the peer's catalog; `visibleTimeoutMs` when absent. */
  peerVisibleTimeoutMs?: number;
  /** Where logs (and PostgreSQL's data) go while running. */
  workDir: string;
  log(line: string): void;
  /** Called with the results so far after each database's run, so an interrupted run still leaves its figures. */
  onProgress?(results: BenchmarkResults): void;
}

/** One database's runs at one scale. */
export interface DatabaseRun {
  db: BenchDatabase;
  ours?: IngestionResult & {
    scaffolder?: ScaffolderResult;
    scaffolderError?: string;
  };
  oursError?: string;
  peer?: IngestionResult;
  peerError?: string;
}

/** Everything measured at one scale. */
export interface ScaleResult {
  scale: number;
  load: LoadReport;
  /** Objects every ingestion reads at this scale. */
  objects: number;
  floor: FloorResult;
  floorRuns: FloorResult[];
  runs: DatabaseRun[];
}

/** What {@link runBenchmark} returns. */
export interface BenchmarkResults {
  startedAt: string;
  durationMs: number;
  setupMs: number;
  environment: EnvironmentInfo;
  options: Omit<BenchmarkOptions, 'log' | 'workDir' | 'onProgress'>;
  scales: ScaleResult[];
  /** `os.loadavg()` at the start of each phase, and when it started (ms after the run's start). */
  load: Array<{ phase: string; loadavg: number[]; atMs: number }>;
  /** The sources measured: the commit, and whether they changed while the run went on. */
  sources: SourceFingerprint & { changedDuringRun: boolean };
}

const ENTITY_KINDS = [
  'Component',
  'API',
  'Resource',
  'Template',
  'Group',
  'User',
  'System',
  'Domain',
  'Location',
];

/** Catalog settings the run chooses for both backends, at one scale. */
type CatalogTuning = Pick<
  BenchmarkOptions,
  'processingIntervalSeconds' | 'stitchIntervalMs'
>;

/** The `catalog.processingInterval` of both backends at a scale, in seconds; undefined for Backstage's default. */
export function processingIntervalAt(
  options: Pick<
    BenchmarkOptions,
    'processingIntervalSeconds' | 'processingIntervalByScale'
  >,
  scale: number,
): number | undefined {
  return (
    options.processingIntervalByScale?.[scale] ??
    options.processingIntervalSeconds
  );
}

/** The `catalog` settings both backends share. */
function catalogConfig(tuning: CatalogTuning) {
  return {
    rules: [{ allow: ENTITY_KINDS }],
    ...(tuning.processingIntervalSeconds && {
      processingInterval: { seconds: tuning.processingIntervalSeconds },
    }),
    stitchingStrategy: {
      pollingInterval: { milliseconds: tuning.stitchIntervalMs },
    },
  };
}

/** `catalog` and `kratix` config of our backend. */
function oursConfig(env: TestPlatform, tuning: CatalogTuning) {
  return {
    kratix: {
      // The scaffolder writes requests on the platform; the workers are only read.
      clusters: [
        kratixClusterConfig(env.platform, { isDefault: true }),
        ...env.workers.map(w => kratixClusterConfig(w, { identity: 'reader' })),
      ],
      scaffolder: { wait: { timeoutSeconds: 60 } },
    },
    catalog: {
      ...catalogConfig(tuning),
      providers: {
        kratix: {
          benchmark: {
            cluster: env.platform.name,
            owner: { default: 'group:default/platform' },
            crossplane: { enabled: true, managedResources: true, xrds: true },
            syncTimeoutSeconds: 1800,
            // One run holds its watches for the whole measurement.
            schedule: { frequency: { hours: 2 }, timeout: { hours: 3 } },
          },
        },
      },
    },
  };
}

/** The Kubernetes plugin's clusters and the peer's config: every claim and XRD, on every cluster. */
function peerConfig(
  env: TestPlatform,
  cycleSeconds: number,
  tuning: CatalogTuning,
) {
  const cluster = (c: TestCluster) => ({
    name: c.name,
    url: c.url,
    authProvider: 'serviceAccount',
    serviceAccountToken: c.readerToken,
    caData: c.caDataBase64,
  });
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [env.platform, ...env.workers].map(cluster),
        },
      ],
    },
    kubernetesIngestor: {
      components: {
        enabled: true,
        taskRunner: { frequency: cycleSeconds, timeout: 1800 },
      },
      crossplane: {
        enabled: true,
        claims: { ingestAllClaims: true },
        xrds: {
          enabled: true,
          ingestAllXRDs: true,
          taskRunner: { frequency: cycleSeconds, timeout: 1800 },
        },
      },
    },
    catalog: catalogConfig(tuning),
  };
}

const loadavg = () => os.loadavg().map(n => Math.round(n * 100) / 100);

/**
 * The whole benchmark: starts a platform and two worker clusters, loads the data set scale by scale, and at each
 * scale measures the floor, our provider (and the scaffolder at the largest scale) and the peer, on each database.
 */
export async function runBenchmark(
  options: BenchmarkOptions,
): Promise<BenchmarkResults> {
  const started = Date.now();
  const { log } = options;
  const sourcesAtStart = sourceFingerprint();
  const load: BenchmarkResults['load'] = [];
  const phase = (name: string) => {
    const avg = loadavg();
    load.push({ phase: name, loadavg: avg, atMs: Date.now() - started });
    log(`${name} (load average ${avg.join(' ')})`);
  };
  fs.mkdirSync(options.workDir, { recursive: true });
  const logFile = path.join(options.workDir, 'backends.log');
  log(`Backend logs: ${logFile}`);

  phase('Starting the API servers');
  const env = await startTestPlatform({ workers: ['worker-1', 'worker-2'] });
  let pg: TestPostgres | undefined;
  const writers: Record<string, ObjectWriter> = {};
  // Interrupted: stop what was started (the API servers and backends also stop with this process).
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    Promise.allSettled([pg?.stop(), env.destroy()]).finally(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    if (options.databases.includes('postgres')) {
      pg = await startTestPostgres({ maxConnections: 300, installWith: log });
      log(`PostgreSQL: ${pg.version}`);
    }
    const clusters = [env.platform, ...env.workers];
    for (const c of clusters) writers[c.name] = new ObjectWriter(c.admin, 8);
    const dataset = new BenchDataset(env, {
      promises: options.promises,
      concurrency: options.concurrency,
    });
    phase(
      `Installing ${options.promises} Promises, Destinations, XRDs and Compositions`,
    );
    const setupMs = await dataset.setUp();
    const environment = await environmentInfo(env, pg?.version);

    const scales: ScaleResult[] = [];
    /** The results so far (the scale being measured holds the runs done). */
    const results = (): BenchmarkResults => {
      const { log: _log, workDir: _workDir, onProgress: _p, ...rest } = options;
      const sourcesNow = sourceFingerprint();
      return {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        setupMs,
        environment,
        options: rest,
        scales,
        load,
        sources: {
          ...sourcesAtStart,
          changedDuringRun: sourcesNow.hash !== sourcesAtStart.hash,
        },
      };
    };
    const largest = Math.max(...options.scales);
    for (const scale of options.scales) {
      phase(`Loading up to ${scale} resource requests`);
      const loaded = await dataset.growTo(scale);
      log(
        `  ${loaded.to - loaded.from} requests: ${Object.entries(loaded.objects)
          .map(([c, n]) => `${n} objects on ${c}`)
          .join(', ')} in ${(loaded.ms / 1000).toFixed(1)} s (${
          loaded.requests
        } requests)`,
      );

      phase(`Floor at ${scale}`);
      const readers = clusters.map(c => ({
        name: c.name,
        url: c.url,
        caData: c.caDataBase64,
        token: c.readerToken,
      }));
      const floorRuns: FloorResult[] = [];
      for (let i = 0; i < options.floorRepeats; i++) {
        floorRuns.push(await measureFloor(readers, dataset.kindsRead()));
      }
      const { bytes, bytesWithoutManagedFields } = await measureFloor(
        readers,
        dataset.kindsRead(),
        { sizes: true },
      );
      const floorMs = median(floorRuns.map(f => f.ms));
      const floor = floorRuns.find(f => f.ms === floorMs)!;
      if (floor.objects !== dataset.objectsRead()) {
        throw new Error(
          `The floor listed ${
            floor.objects
          } objects, but the data set has ${dataset.objectsRead()}: the load is incomplete`,
        );
      }
      log(
        `  ${floor.objects} objects in ${floor.pages} pages: ${floorMs.toFixed(
          0,
        )} ms (median of ${floorRuns.length})`,
      );

      const runs: DatabaseRun[] = [];
      scales.push({
        scale,
        load: loaded,
        objects: dataset.objectsRead(),
        floor: { ...floor, ms: floorMs, bytes, bytesWithoutManagedFields },
        floorRuns,
        runs,
      });
      for (const db of options.databases) {
        const run: DatabaseRun = { db };
        runs.push(run);
        const runId = `${db}-${scale}`;
        const database = (who: string) =>
          db === 'postgres'
            ? { ...pg!.databaseConfig, prefix: `bench_${who}_${scale}_` }
            : { client: 'better-sqlite3', connection: ':memory:' };
        const ctx: IngestionContext = {
          dataset,
          clusters: clusters.map(c => c.admin),
          writers,
          changes: options.changes,
          claimChangeSpacingMs: options.claimChangeSpacingMs,
          log,
          logFile,
          runId,
          visibleTimeoutMs: options.visibleTimeoutMs,
          peerVisibleTimeoutMs:
            options.peerVisibleTimeoutMs ?? options.visibleTimeoutMs,
        };
        const tuning: CatalogTuning = {
          processingIntervalSeconds: processingIntervalAt(options, scale),
          stitchIntervalMs: options.stitchIntervalMs,
        };

        phase(`Our provider at ${scale} on ${db}`);
        const scaffolder = scale === largest && options.scaffolderTasks > 0;
        const template = benchmarkTemplate(dataset.promises[0]);
        const oursOptions: BenchBackendOptions = {
          target: 'ours',
          database: database('ours'),
          config: oursConfig(env, tuning),
          scaffolder: true,
          template,
          breakdown: options.breakdown,
        };
        try {
          let scaffolderResult: ScaffolderResult | undefined;
          let scaffolderError: string | undefined;
          const result = await measureOurs(
            ctx,
            oursOptions,
            async (_backend, catalog) => {
              if (!scaffolder) return;
              phase(`Scaffolder at ${scale} on ${db}`);
              try {
                scaffolderResult = await measureScaffolder({
                  catalog,
                  promise: dataset.promises[0],
                  writer: writers[env.platform.name],
                  tasks: options.scaffolderTasks,
                  sequential: 10,
                  runId,
                });
                log(
                  `  scaffolder: ${scaffolderResult.succeeded}/${
                    scaffolderResult.tasks
                  } succeeded in ${(
                    scaffolderResult.burstWallMs / 1000
                  ).toFixed(
                    1,
                  )} s; overhead p50 ${scaffolderResult.overheadP50Ms.toFixed(
                    0,
                  )} ms`,
                );
              } catch (error) {
                scaffolderError = String(error);
                log(`  scaffolder failed: ${scaffolderError}`);
              }
            },
          );
          run.ours = {
            ...result,
            scaffolder: scaffolderResult,
            scaffolderError,
          };
        } catch (error) {
          run.oursError = String((error as Error)?.message ?? error);
          log(`  our provider failed: ${run.oursError}`);
        }

        if (options.peer) {
          phase(`Peer at ${scale} on ${db}`);
          try {
            run.peer = await measurePeer(
              ctx,
              {
                target: 'peer',
                database: database('peer'),
                config: peerConfig(env, options.peerCycleSeconds, tuning),
              },
              options.peerCycleSeconds,
            );
          } catch (error) {
            run.peerError = String((error as Error)?.message ?? error);
            log(`  the peer failed: ${run.peerError}`);
          }
        }
        // This database's figures are complete: keep them even if the run is interrupted later.
        options.onProgress?.(results());
      }
    }
    phase('Done');
    const final = results();
    if (final.sources.changedDuringRun) {
      log(
        '  the measured sources changed while the benchmark ran; its figures may mix versions',
      );
    }
    return final;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const w of Object.values(writers)) w.close();
    await pg?.stop();
    await env.destroy();
  }
}
