const DURATION_UNITS: Array<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** A duration as its largest unit and the one below it, e.g. "2m 5s" or "1h 3m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const total = Math.floor(ms / 1000);
  if (total === 0) return '<1s';
  const counts = DURATION_UNITS.map(([unit, size], i) => {
    const above = i > 0 ? DURATION_UNITS[i - 1][1] : Infinity;
    return [unit, Math.floor((total % above) / size)] as const;
  });
  const first = counts.findIndex(([, count]) => count > 0);
  return counts
    .slice(first, first + 2)
    .filter(([, count]) => count > 0)
    .map(([unit, count]) => `${count}${unit}`)
    .join(' ');
}

/** Milliseconds from `start` to `end` (or to `now` while there is no end); undefined without a valid start. */
export function durationBetween(
  start: string | undefined,
  end: string | undefined,
  now: number = Date.now(),
): number | undefined {
  const from = start ? Date.parse(start) : NaN;
  if (Number.isNaN(from)) return undefined;
  const to = end ? Date.parse(end) : now;
  return Number.isNaN(to) ? undefined : Math.max(0, to - from);
}
