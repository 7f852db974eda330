import { ChildProcess, fork } from 'child_process';
import fs from 'fs';
import path from 'path';
import type {
  BenchBackendOptions,
  FromBackend,
  HeapReading,
  ToBackend,
} from '../backend/benchBackendProtocol';

// The package's own bin scripts; test tooling always runs from source.
// eslint-disable-next-line no-restricted-syntax
const BACKEND_BIN = path.resolve(__dirname, '../../bin/bench-backend');

/**
 * One benchmark backend in a child process (`node --expose-gc`), driven over IPC: it starts with the catalog's tasks
 * held, `go()` lets them run, `heap()` reads its heap (after a full GC when asked) and CPU time.
 */
export class BackendProcess {
  readonly events: FromBackend[] = [];
  port = 0;
  startedHeap?: HeapReading;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #heapId = 0;
  #exit?: string;

  /** Starts a backend and waits until it serves HTTP. */
  static async start(
    options: BenchBackendOptions,
    logFile: string,
    timeoutMs = 180_000,
  ): Promise<BackendProcess> {
    const backend = new BackendProcess(options, logFile);
    const started = await backend.waitFor(
      e => e.type === 'started',
      'the backend to start',
      timeoutMs,
    );
    if (started.type === 'started') {
      backend.port = started.port;
      backend.startedHeap = started.heap;
    }
    return backend;
  }

  private constructor(options: BenchBackendOptions, logFile: string) {
    const log = fs.openSync(logFile, 'a');
    this.#child = fork(BACKEND_BIN, [], {
      execArgv: [
        '--expose-gc',
        '--max-old-space-size=6144',
        // For finding out where a sync spends its time: a .cpuprofile per backend, written when it stops.
        ...(process.env.KRATIX_BENCH_CPU_PROFILE_DIR
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${process.env.KRATIX_BENCH_CPU_PROFILE_DIR}`,
            ]
          : []),
      ],
      env: { ...process.env, BENCH_BACKEND_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', log, log, 'ipc'],
    });
    fs.closeSync(log);
    this.#child.on('message', (message: FromBackend) => {
      this.events.push(message);
      for (const wake of this.#waiters) wake();
    });
    this.#child.on('exit', (code, signal) => {
      this.#exit = `exited (${signal ?? `code ${code}`}); see ${logFile}`;
      for (const wake of this.#waiters) wake();
    });
  }

  /** Base URL of a plugin's API, e.g. `catalog`. */
  url(pluginId: string): string {
    return `http://localhost:${this.port}/api/${pluginId}`;
  }

  #send(message: ToBackend) {
    this.#child.send(message);
  }

  /**
   * The first event (already received or still to come) that matches; rejects after `timeoutMs`, or when the backend
   * reports a failure or exits.
   */
  waitFor(
    match: (event: FromBackend) => boolean,
    what: string,
    timeoutMs: number,
    from = 0,
  ): Promise<FromBackend> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const check = () => {
        const found = this.events.slice(from).find(match);
        const failed = this.events.find(e => e.type === 'failed');
        let error: Error | undefined;
        if (failed?.type === 'failed') {
          error = new Error(`The benchmark backend failed: ${failed.message}`);
        } else if (!found && this.#exit) {
          error = new Error(`The benchmark backend ${this.#exit}`);
        }
        if (!found && !error) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (found) resolve(found);
        else reject(error);
      };
      timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(
          new Error(
            `Timed out after ${timeoutMs / 1000} s waiting for ${what}`,
          ),
        );
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** Lets the catalog's tasks run; resolves with the time the gate opened. */
  async go(): Promise<number> {
    const from = this.events.length;
    this.#send({ type: 'go' });
    const open = await this.waitFor(
      e => e.type === 'gateOpen',
      'the gate to open',
      30_000,
      from,
    );
    return open.type === 'gateOpen' ? open.at : Date.now();
  }

  /** The backend's heap; with `gc`, after two full collections. `resetPeak` starts a new peak from now. */
  async heap(gc: boolean, resetPeak = false): Promise<HeapReading> {
    const id = ++this.#heapId;
    const from = this.events.length;
    this.#send({ type: 'heap', id, gc, resetPeak });
    const reply = await this.waitFor(
      e => e.type === 'heap' && e.id === id,
      'a heap reading',
      60_000,
      from,
    );
    if (reply.type !== 'heap') throw new Error('unexpected reply');
    const { heapUsed, peakHeapUsed, rss, cpuMs } = reply;
    return { heapUsed, peakHeapUsed, rss, cpuMs };
  }

  /** Stops the backend (and kills it if it does not exit within 30 s). */
  async stop(): Promise<void> {
    if (this.#exit) return;
    const exited = new Promise<void>(resolve =>
      this.#child.once('exit', () => resolve()),
    );
    try {
      this.#send({ type: 'stop' });
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
