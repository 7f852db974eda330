import { LogLine } from './LogRecorder';

/** Milliseconds as seconds with one decimal, e.g. `3.2s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Polls until `check` resolves to a truthy value; throws naming `what` after `timeoutMs`. Unlike the harness's
 * `eventually`, a check that throws (a backend still starting, a catalog between two backends) is tried again.
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | false = undefined;
    try {
      value = await check();
    } catch {
      // not there yet (e.g. the backend is still starting)
    }
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${seconds(timeoutMs)} waiting for ${what}`,
      );
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/** Polls until `check` is true; returns how long that took. */
export async function timeUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<number> {
  const startedAt = Date.now();
  await waitUntil(check, what, timeoutMs, intervalMs);
  return Date.now() - startedAt;
}

function quote(message: string, max = 220): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

/** The warnings figure: how many, and the first one (or the first matching `prefer`). */
export function warningFigures(
  warnings: LogLine[],
  prefer?: RegExp,
): Array<[string, string | number]> {
  const shown =
    (prefer && warnings.find(w => prefer.test(w.message))) ?? warnings[0];
  return [
    ['warnings', warnings.length],
    ['logged', shown ? quote(shown.message) : '(none)'],
  ];
}

/** Prints one drill's figures on one line, e.g. `drill: apiserver-kill  lost=0  converge=3.2s`. */
export function printDrill(
  name: string,
  figures: Array<[string, string | number]>,
): void {
  const line = [
    `drill: ${name.padEnd(18)}`,
    ...figures.map(([key, value]) => `${key}=${value}`),
  ].join('  ');
  // eslint-disable-next-line no-console
  console.log(line);
}
