/* eslint-disable no-console */
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  repoRoot,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import { measureInformerSharing } from '@kratix-backstage/fault-drills';
import { measureProviderChange } from './measure/measureProviderChange';
import { measureProviderOnClusters } from './measure/measureProviderOnClusters';
import { renderInformerSharing } from './report/renderInformerSharing';
import {
  PrintedRun,
  renderProviderChange,
  renderProviderOnClusters,
} from './report/renderProviderChange';
import { renderReport, writeReport } from './report/renderReport';
import {
  BenchDatabase,
  BenchmarkOptions,
  BenchmarkResults,
  runBenchmark,
} from './runBenchmark';

const USAGE = `Usage: yarn bench [options]

Loads local Kubernetes API servers (a platform and two workers) with Kratix and
Crossplane objects and measures the catalog provider, the scaffolder action and
TeraSky's kubernetes-ingestor against them. Development only.

Options:
  --scales <n,n,...>       Numbers of resource requests, in order (default 1000,5000,10000)
  --db <sqlite,postgres>   Databases (default sqlite,postgres)
  --changes <n>            Changes per change-latency measurement (default 100)
  --scaffolder-tasks <n>   Scaffolder tasks at once at the largest scale; 0 skips (default 50)
  --no-peer                Do not measure the peer
  --peer-cycle <s>         The peer's task frequency in seconds (default 15)
  --concurrency <n>        Requests in flight per API server while loading (default 24)
  --processing-interval <s|scale=s,...>
                           catalog.processingInterval of both backends, in seconds: one value for every scale,
                           or per scale (e.g. 5000=900,10000=900; other scales keep Backstage's 100-150 s)
  --peer-visible-timeout <s>  How long to wait for every claim to show in the peer's catalog (default 1800)
  --stitch-interval <ms>   catalog.stitchingStrategy.pollingInterval of both backends (default 200;
                           Backstage's default is 1000)
  --breakdown              On PostgreSQL, split each request change's latency into the provider's part,
                           the catalog's processing queue and its processing and stitching
  --out <file>             Results page, relative to the repository root (default docs/benchmarks.md)
  --no-write               Print the results, do not write the page
  --from-results <file>    Do not run: render the page again from a run's results.json
  --provider-only          Only the provider's part of a change, at each of --scales with --changes changes: the
                           provider on in-memory informers with a recording connection instead of the catalog (no
                           API server, database or peer). Prints a table; writes nothing
  --on-api-servers         With --provider-only: load the data into local API servers instead, measure the floor,
                           and time each change from its PATCH (still no database or catalog)
  --sharing                What one informer per kind per cluster saves, at each of --scales: one backend with
                           the catalog module and the backend plugin, with and without shared informers, on a
                           local platform (SQLite, no peer). Prints a table; writes nothing
`;

interface CliOptions extends Omit<BenchmarkOptions, 'log' | 'workDir'> {
  out?: string;
  fromResults?: string;
  providerOnly?: boolean;
  onApiServers?: boolean;
  sharing?: boolean;
}

function parseArgs(args: string[]): CliOptions {
  const options: CliOptions = {
    scales: [1000, 5000, 10000],
    databases: ['sqlite', 'postgres'],
    peer: true,
    scaffolderTasks: 50,
    changes: 100,
    claimChangeSpacingMs: 200,
    promises: 50,
    concurrency: 24,
    peerCycleSeconds: 15,
    floorRepeats: 3,
    stitchIntervalMs: 200,
    visibleTimeoutMs: 30 * 60_000,
    out: 'docs/benchmarks.md',
  };
  const number = (flag: string, value: string | undefined, min = 0) => {
    const n = Number(value);
    if (!value || !Number.isInteger(n) || n < min) {
      throw new Error(
        `${flag} needs a whole number of at least ${min}, got '${
          value ?? ''
        }'\n\n${USAGE}`,
      );
    }
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => args[++i];
    switch (arg) {
      case '--scales':
        options.scales = (value() ?? '')
          .split(',')
          .map(s => number('--scales', s.trim(), 1));
        break;
      case '--db': {
        const dbs = (value() ?? '').split(',').map(s => s.trim());
        for (const db of dbs) {
          if (db !== 'sqlite' && db !== 'postgres') {
            throw new Error(
              `--db takes sqlite and/or postgres, got '${db}'\n\n${USAGE}`,
            );
          }
        }
        options.databases = dbs as BenchDatabase[];
        break;
      }
      case '--changes':
        options.changes = number(arg, value(), 1);
        break;
      case '--scaffolder-tasks':
        options.scaffolderTasks = number(arg, value());
        break;
      case '--no-peer':
        options.peer = false;
        break;
      case '--peer-cycle':
        options.peerCycleSeconds = number(arg, value(), 1);
        break;
      case '--breakdown':
        options.breakdown = true;
        break;
      case '--processing-interval': {
        const given = value() ?? '';
        if (!given.includes('=')) {
          options.processingIntervalSeconds = number(arg, given, 1);
          break;
        }
        const byScale: Record<number, number> = {};
        for (const pair of given.split(',')) {
          const [scale, seconds] = pair.split('=').map(s => s.trim());
          byScale[number(`${arg} (the scale of '${pair}')`, scale, 1)] = number(
            `${arg} (the seconds of '${pair}')`,
            seconds,
            1,
          );
        }
        options.processingIntervalByScale = byScale;
        break;
      }
      case '--peer-visible-timeout':
        options.peerVisibleTimeoutMs = number(arg, value(), 1) * 1000;
        break;
      case '--stitch-interval':
        options.stitchIntervalMs = number(arg, value(), 1);
        break;
      case '--concurrency':
        options.concurrency = number(arg, value(), 1);
        break;
      case '--out':
        options.out = value();
        break;
      case '--no-write':
        options.out = undefined;
        break;
      case '--from-results':
        options.fromResults = value();
        break;
      case '--provider-only':
        options.providerOnly = true;
        break;
      case '--on-api-servers':
        options.onApiServers = true;
        break;
      case '--sharing':
        options.sharing = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option '${arg}'\n\n${USAGE}`);
    }
  }
  return options;
}

/** The command that reproduces a run: its options, without those that only say where the results go. */
function reproducingCommand(args: string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-write') continue;
    if (args[i] === '--out' || args[i] === '--from-results') {
      i++;
      continue;
    }
    kept.push(args[i]);
  }
  return ['yarn bench', ...kept].join(' ');
}

/** `yarn bench`: runs the benchmark and writes the results page. */
export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  if (options.onApiServers && !options.providerOnly) {
    throw new Error(`--on-api-servers goes with --provider-only\n\n${USAGE}`);
  }
  if (options.providerOnly && options.onApiServers) {
    await runProviderOnClusters(options, reproducingCommand(args));
    return;
  }
  if (options.providerOnly) {
    await runProviderOnly(options, reproducingCommand(args));
    return;
  }
  if (options.sharing) {
    await runSharing(options, reproducingCommand(args));
    return;
  }
  let results: BenchmarkResults & { command?: string };
  if (options.fromResults) {
    results = JSON.parse(fs.readFileSync(options.fromResults, 'utf8'));
  } else {
    const skip = testClusterSkipReason('the benchmark');
    if (skip) throw new Error(`The benchmark cannot run: ${skip}`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-bench-'));
    const started = Date.now();
    const log = (line: string) =>
      console.log(
        `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`,
      );
    const resultsFile = path.join(workDir, 'results.json');
    const save = (r: BenchmarkResults) =>
      fs.writeFileSync(
        resultsFile,
        JSON.stringify({ ...r, command: reproducingCommand(args) }, null, 2),
      );
    log(
      `Raw results (written after each database's run): ${resultsFile}; render an interrupted run with --from-results`,
    );
    results = {
      ...(await runBenchmark({ ...options, workDir, log, onProgress: save })),
      command: reproducingCommand(args),
    };
    save(results);
  }
  const report = renderReport(results, results.command ?? 'yarn bench');
  console.log(`\n${report}`);
  if (options.out) {
    const file = path.resolve(repoRoot(), options.out);
    writeReport(file, report);
    console.log(`Results written to ${path.relative(repoRoot(), file)}`);
  }
}

/** Runs `measure` at each of `--scales` and prints what `render` makes of the results, with the run's load. */
async function runAtScales<R>(
  options: CliOptions,
  command: string,
  measure: (requests: number, log: (line: string) => void) => Promise<R>,
  render: (results: R[], run: PrintedRun) => string,
) {
  const started = Date.now();
  const log = (line: string) =>
    console.log(
      `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`,
    );
  const load = os.loadavg().map(l => l.toFixed(1));
  const results: R[] = [];
  for (const requests of options.scales) {
    results.push(await measure(requests, log));
  }
  const loadAfter = os.loadavg().map(l => l.toFixed(1));
  console.log(
    `\n${render(results, {
      command,
      loadBefore: load.join(' '),
      loadAfter: loadAfter.join(' '),
      wallSeconds: Math.round((Date.now() - started) / 1000),
    })}`,
  );
}

/** `yarn bench --provider-only`: the provider's part of a change at each scale, printed as a table. */
async function runProviderOnly(options: CliOptions, command: string) {
  await runAtScales(
    options,
    command,
    (requests, log) =>
      measureProviderChange({ requests, changes: options.changes, log }),
    renderProviderChange,
  );
}

/** `yarn bench --provider-only --on-api-servers`: the provider alone on loaded API servers, printed as a table. */
async function runProviderOnClusters(options: CliOptions, command: string) {
  const skip = testClusterSkipReason('the benchmark');
  if (skip) throw new Error(`The benchmark cannot run: ${skip}`);
  const started = Date.now();
  const log = (line: string) =>
    console.log(
      `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`,
    );
  const load = os.loadavg().map(l => l.toFixed(1));
  const results = await measureProviderOnClusters({
    scales: options.scales,
    changes: options.changes,
    concurrency: options.concurrency,
    log,
  });
  console.log(
    `\n${renderProviderOnClusters(results, {
      command,
      loadBefore: load.join(' '),
      loadAfter: os
        .loadavg()
        .map(l => l.toFixed(1))
        .join(' '),
      wallSeconds: Math.round((Date.now() - started) / 1000),
    })}`,
  );
}

/** `yarn bench --sharing`: what shared informers save at each scale, printed as a table. */
async function runSharing(options: CliOptions, command: string) {
  const skip = testClusterSkipReason('the sharing benchmark');
  if (skip) throw new Error(`The benchmark cannot run: ${skip}`);
  await runAtScales(
    options,
    command,
    (requests, log) => measureInformerSharing({ requests, log }),
    renderInformerSharing,
  );
}
