/** The `p`-th percentile (0–100) of some numbers, by the nearest-rank method; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The median of some numbers. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Latencies summed up. */
export interface LatencySummary {
  /** Changes made. */
  count: number;
  /** Changes seen within the time allowed. */
  seen: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** How long each change was given to show. */
  timeoutMs: number;
}

/** Sums up latencies (`undefined` = not seen within `timeoutMs`). */
export function summarize(
  latencies: Array<number | undefined>,
  timeoutMs: number,
): LatencySummary {
  const seen = latencies.filter((l): l is number => l !== undefined);
  return {
    count: latencies.length,
    seen: seen.length,
    p50Ms: percentile(seen, 50),
    p95Ms: percentile(seen, 95),
    maxMs: seen.length ? Math.max(...seen) : NaN,
    timeoutMs,
  };
}

/** Polls `check` every `intervalMs` until it returns a truthy value; undefined after `timeoutMs`. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | false | null>,
  intervalMs: number,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
