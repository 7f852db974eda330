import fs from 'fs';
/* eslint-disable no-console */
import os from 'os';
import path from 'path';
import { repoRoot } from '@kratix-backstage/kube-test-cluster';
import { Simulator } from './Simulator';
import { demoEntityRefs, waitForPortal } from './portalStarted';
import { SeedReport, seedDemoPlatform } from './seedDemoPlatform';
import { startDemoClusters } from './startDemoClusters';

const USAGE = `Usage: demo-platform start [options]

Development-only stand-in for Kratix and Crossplane. Never use it in production.

Options:
  --dir <path>          State dir (cluster data, kubeconfigs, clusters.json),
                        relative to the repository root.
                        Default: .local-platform
  --step-delay <ms>     Pause between two simulator steps. Default 2000.
  --poll-interval <ms>  Pause between two looks at the platform. Default 1000.
  --no-seed             Do not seed (the clusters keep whatever they hold).
  --no-simulator        Seed, then just keep the clusters running.

       demo-platform wait-for-portal [options]

Waits until the portal has started: its frontend answers with its page and its
catalog holds every Promise and request the demo seeds. Prints how long it took.

Options:
  --app <url>           The frontend. Default http://localhost:3000
  --backend <url>       The backend. Default http://localhost:7007
  --since <epoch ms>    When the start began, for the figure printed.
                        Default: when this command started.
  --timeout <ms>        Give up after this long. Default 600000.
`;

interface CliOptions {
  dir: string;
  stepDelayMs: number;
  pollIntervalMs: number;
  seed: boolean;
  simulator: boolean;
}

const number = (flag: string, value: string | undefined) => {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n < 0) {
    throw new Error(
      `${flag} needs a number of milliseconds, got '${value ?? ''}'`,
    );
  }
  return n;
};

interface WaitOptions {
  appUrl: string;
  backendUrl: string;
  since: number;
  timeoutMs: number;
}

/** Calls `handle` with each flag (`--flag value` or `--flag=value`); `value()` takes the flag's value. */
function forEachFlag(
  args: string[],
  handle: (flag: string, value: () => string | undefined, arg: string) => void,
): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    handle(flag, () => inline ?? args[++i], arg);
  }
}

function parseWaitArgs(rest: string[]): WaitOptions {
  const options: WaitOptions = {
    appUrl: 'http://localhost:3000',
    backendUrl: 'http://localhost:7007',
    since: Date.now(),
    timeoutMs: 600_000,
  };
  forEachFlag(rest, (flag, value, arg) => {
    switch (flag) {
      case '--app':
      case '--backend': {
        const url = value();
        if (!url || !URL.canParse(url)) {
          throw new Error(`${flag} needs a URL, got '${url ?? ''}'`);
        }
        options[flag === '--app' ? 'appUrl' : 'backendUrl'] = url.replace(
          /\/+$/,
          '',
        );
        break;
      }
      case '--since':
        options.since = number(flag, value());
        break;
      case '--timeout':
        options.timeoutMs = number(flag, value());
        break;
      default:
        throw new Error(`Unknown option '${arg}'.\n\n${USAGE}`);
    }
  });
  return options;
}

function parseArgs(args: string[]): CliOptions | WaitOptions {
  const [command, ...rest] = args;
  if (command === 'wait-for-portal') return parseWaitArgs(rest);
  if (command !== 'start') {
    throw new Error(
      command && command !== 'help' && command !== '--help'
        ? `Unknown command '${command}'.\n\n${USAGE}`
        : USAGE,
    );
  }
  // `yarn workspace` runs scripts in the package folder and hides the caller's;
  // relative paths are taken from the repository root, like the default.
  const cwd = repoRoot();
  const options: CliOptions = {
    dir: path.join(repoRoot(), '.local-platform'),
    stepDelayMs: 2000,
    pollIntervalMs: 1000,
    seed: true,
    simulator: true,
  };
  forEachFlag(rest, (flag, value, arg) => {
    switch (flag) {
      case '--dir': {
        const dir = value();
        if (!dir) throw new Error('--dir needs a path');
        options.dir = path.resolve(cwd, dir);
        break;
      }
      case '--step-delay':
        options.stepDelayMs = number(flag, value());
        break;
      case '--poll-interval':
        options.pollIntervalMs = number(flag, value());
        break;
      case '--no-seed':
        options.seed = false;
        break;
      case '--no-simulator':
        options.simulator = false;
        break;
      default:
        throw new Error(`Unknown option '${arg}'.\n\n${USAGE}`);
    }
  });
  return options;
}

function formatReport(report: SeedReport): string[] {
  const width = Math.max(
    ...Object.values(report).flatMap(kinds =>
      Object.keys(kinds).map(k => k.length),
    ),
  );
  return Object.entries(report).flatMap(([cluster, kinds]) => [
    `  ${cluster}:`,
    ...Object.entries(kinds).map(
      ([kind, { created, existing }]) =>
        `    ${kind.padEnd(width)} ${String(created + existing).padStart(
          3,
        )}  (${created} created, ${existing} already there)`,
    ),
  ]);
}

/** Entry point of the `demo-platform` command. */
export async function main(args: string[]): Promise<void> {
  let parsed: CliOptions | WaitOptions;
  try {
    parsed = parseArgs(args);
  } catch (e: any) {
    console.error(e.message);
    process.exitCode = 2;
    return;
  }
  if ('appUrl' in parsed) {
    await waitForPortalCommand(parsed);
    return;
  }
  await start(parsed);
}

async function waitForPortalCommand(options: WaitOptions): Promise<void> {
  const refs = demoEntityRefs();
  try {
    await waitForPortal({ ...options, refs });
  } catch (e: any) {
    console.error(e.message);
    process.exitCode = 1;
    return;
  }
  const seconds = ((Date.now() - options.since) / 1000).toFixed(1);
  const load = os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
  console.log(
    `The portal started in ${seconds} s: ${options.appUrl} answers and the catalog has the demo's ${refs.length} Promises and requests (load average ${load})`,
  );
}

async function start(options: CliOptions): Promise<void> {
  const time = () => new Date().toISOString().slice(11, 19);
  const log = (line: string) => console.log(`${time()} ${line}`);

  log(`demo-platform (development only): starting clusters in ${options.dir}`);
  const demo = await startDemoClusters(options.dir);
  let simulator: Simulator | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log(`${signal} again: killing the clusters`);
      await Promise.all(demo.clusters.map(c => c.kill()));
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    fs.rmSync(path.join(options.dir, 'ready'), { force: true });
    await simulator?.stop();
    await demo.stop();
    log('clusters stopped; their data stays in the state dir');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    console.log('\nClusters:');
    for (const c of demo.info) {
      console.log(`  ${c.name.padEnd(9)} ${c.url}  kubeconfig ${c.kubeconfig}`);
    }
    console.log(`  described in ${path.join(options.dir, 'clusters.json')}`);
    if (options.seed) {
      const report = await seedDemoPlatform(demo.clients);
      console.log('\nSeeded:');
      formatReport(report).forEach(line => console.log(line));
    }
    if (options.simulator) {
      simulator = new Simulator({
        clients: demo.clients,
        stepDelayMs: options.stepDelayMs,
        pollIntervalMs: options.pollIntervalMs,
        log: line => log(`[simulator] ${line}`),
      });
      simulator.start();
      console.log(
        `\nSimulator running (step ${options.stepDelayMs} ms). Create a request, e.g.:\n` +
          `  KUBECONFIG=${demo.info[0].kubeconfig} kubectl apply -f <request.yaml>\n` +
          'Annotate it demo.kratix.backstage.io/fail: "true" to make its workflow fail. Ctrl-C stops.\n',
      );
    } else {
      console.log('\nClusters running; Ctrl-C stops.\n');
    }
    // scripts/demo.sh waits for this before starting Backstage.
    fs.writeFileSync(path.join(options.dir, 'ready'), new Date().toISOString());
  } catch (e: any) {
    console.error(`demo-platform failed: ${e?.stack ?? e}`);
    await simulator?.stop();
    await demo.stop();
    process.exitCode = 1;
  }
}
