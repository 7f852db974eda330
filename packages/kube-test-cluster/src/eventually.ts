/**
 * Polls `check` every `intervalMs` until it returns (or resolves to) a truthy
 * value, and answers that value; fails with "Timed out waiting for <what>"
 * after `timeoutMs`. An error thrown by `check` fails at once.
 */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
