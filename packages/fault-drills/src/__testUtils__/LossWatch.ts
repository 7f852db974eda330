import { CatalogClient } from './CatalogClient';

/** What a {@link LossWatch} saw. */
export interface LossReport {
  /** Polls that read the catalog. */
  polls: number;
  /** Polls that could not read it (e.g. while its backend restarted). */
  failedPolls: number;
  /** Baseline entities that were missing from at least one poll. */
  lost: string[];
}

/** Hard limit on how long a watch may run, whatever a drill does. */
const MAX_WATCH_MS = 5 * 60_000;

/**
 * Polls the catalog API while a fault lasts and records every baseline entity that is missing from any poll:
 * the drills' "lost" figure. Entities a drill deletes on purpose are excused with {@link LossWatch.excuse}.
 */
export class LossWatch {
  readonly #baseline: Set<string>;
  readonly #excused = new Set<string>();
  readonly #lost = new Set<string>();
  readonly #intervalMs: number;
  #catalog: CatalogClient;
  #polls = 0;
  #failedPolls = 0;
  #stopped = false;
  #loop?: Promise<void>;

  constructor(
    catalog: CatalogClient,
    baseline: Iterable<string>,
    options: { intervalMs?: number } = {},
  ) {
    this.#catalog = catalog;
    this.#baseline = new Set(baseline);
    this.#intervalMs = options.intervalMs ?? 250;
  }

  /** Starts polling. */
  start(): this {
    const deadline = Date.now() + MAX_WATCH_MS;
    this.#loop = (async () => {
      while (!this.#stopped && Date.now() < deadline) {
        await this.poll();
        await new Promise(r => setTimeout(r, this.#intervalMs));
      }
    })();
    return this;
  }

  /** One look at the catalog. */
  async poll(): Promise<void> {
    let refs: Set<string>;
    try {
      refs = await this.#catalog.refs();
    } catch {
      this.#failedPolls += 1;
      return;
    }
    this.#polls += 1;
    for (const ref of this.#baseline) {
      if (!refs.has(ref) && !this.#excused.has(ref)) this.#lost.add(ref);
    }
  }

  /** Adds an entity to the baseline: from now on it must not go missing. */
  watch(ref: string): void {
    this.#baseline.add(ref);
  }

  /** From now on, read this catalog (another backend on the same database). */
  use(catalog: CatalogClient): void {
    this.#catalog = catalog;
  }

  /** An entity the drill removes on purpose: its absence is no loss. */
  excuse(ref: string): void {
    this.#excused.add(ref);
  }

  /** Stops polling, takes a last look, and reports. */
  async stop(): Promise<LossReport> {
    this.#stopped = true;
    await this.#loop;
    await this.poll();
    return {
      polls: this.#polls,
      failedPolls: this.#failedPolls,
      lost: Array.from(this.#lost).sort(),
    };
  }
}
