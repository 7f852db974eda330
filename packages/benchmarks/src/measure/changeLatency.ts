import { LatencySummary, summarize } from './stats';

/** One change to make and how to tell that the catalog shows it. */
export interface ChangeProbe {
  /** Makes the change on the cluster; resolves once the API server has stored it. */
  write(): Promise<void>;
  /** Whether the catalog API shows the change. */
  shows(): Promise<boolean>;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Makes the changes one by one: each is written, then the catalog is polled every `pollMs` until it shows it (or
 * `timeoutMs` passes), and only then the next is written. Latency runs from the write's answer to the first poll
 * that shows it. After `giveUpAfter` changes in a row that did not show, the rest are not attempted (they count as
 * not seen), which bounds the time spent on a catalog that has fallen behind.
 */
export async function sequentialChanges(
  probes: ChangeProbe[],
  timeoutMs: number,
  pollMs = 50,
  giveUpAfter = 3,
): Promise<LatencySummary & { latenciesMs: Array<number | undefined> }> {
  const latencies: Array<number | undefined> = [];
  let missedInARow = 0;
  for (const probe of probes) {
    if (missedInARow >= giveUpAfter) {
      latencies.push(undefined);
      continue;
    }
    await probe.write();
    const written = performance.now();
    let latency: number | undefined;
    while (performance.now() - written < timeoutMs) {
      if (await probe.shows()) {
        latency = performance.now() - written;
        break;
      }
      await sleep(pollMs);
    }
    missedInARow = latency === undefined ? missedInARow + 1 : 0;
    latencies.push(latency);
  }
  return { ...summarize(latencies, timeoutMs), latenciesMs: latencies };
}

/**
 * Makes the changes as a steady stream, one every `spacingMs` without waiting, while polling every change not yet
 * shown (`pollConcurrency` at a time) until it shows or `timeoutMs` after its write has passed. Suits ingestors that
 * only pick changes up on their next full re-sync, where one-by-one changes would each wait a whole cycle.
 */
export async function streamedChanges(
  probes: ChangeProbe[],
  spacingMs: number,
  timeoutMs: number,
  options: {
    pollConcurrency?: number;
    /** Resolves when changes not shown yet will not show any more (given the time of the last write, `Date.now()`). */
    hopeless?: (lastWriteAt: number) => Promise<void>;
  } = {},
): Promise<LatencySummary & { latenciesMs: Array<number | undefined> }> {
  const pollConcurrency = options.pollConcurrency ?? 4;
  const writtenAt: Array<number | undefined> = probes.map(() => undefined);
  const latencies: Array<number | undefined> = probes.map(() => undefined);
  const done = probes.map(() => false);
  let writing = true;
  let givenUp = false;
  const writer = (async () => {
    for (let i = 0; i < probes.length; i++) {
      await probes[i].write();
      writtenAt[i] = performance.now();
      if (i < probes.length - 1) await sleep(spacingMs);
    }
    writing = false;
    options.hopeless?.(Date.now()).then(() => {
      givenUp = true;
    });
  })();
  const poller = (async () => {
    for (;;) {
      const pending = probes
        .map((_, i) => i)
        .filter(i => !done[i] && writtenAt[i] !== undefined);
      if (!writing && pending.length === 0) return;
      if (givenUp) {
        for (const i of pending) done[i] = true;
        return;
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: pollConcurrency }, async () => {
          while (next < pending.length) {
            const i = pending[next++];
            const since = performance.now() - writtenAt[i]!;
            if (await probes[i].shows()) {
              latencies[i] = performance.now() - writtenAt[i]!;
              done[i] = true;
            } else if (since >= timeoutMs) {
              done[i] = true;
            }
          }
        }),
      );
      await sleep(pending.length ? 20 : 100);
    }
  })();
  await Promise.all([writer, poller]);
  return { ...summarize(latencies, timeoutMs), latenciesMs: latencies };
}
