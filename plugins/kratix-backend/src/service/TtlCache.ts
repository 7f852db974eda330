/**
 * A small cache of recent answers: each value lives `ttlMs`, and concurrent askers of the same key share one
 * computation. A failed computation is not kept.
 */
export class TtlCache {
  readonly #ttlMs: number;
  readonly #entries = new Map<
    string,
    { expires: number; value: Promise<unknown> }
  >();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  /** The cached value of `key`, or the result of `compute`, kept for the TTL. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0) return compute();
    const now = Date.now();
    const entry = this.#entries.get(key);
    if (entry && entry.expires > now) return entry.value as Promise<T>;
    this.#prune(now);
    const value = compute();
    this.#entries.set(key, { expires: now + this.#ttlMs, value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  /** Forgets every key that starts with `prefix`, e.g. when a watch saw the object change. */
  invalidate(prefix: string): void {
    for (const key of this.#entries.keys()) {
      if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }

  #prune(now: number) {
    for (const [key, entry] of this.#entries) {
      if (entry.expires <= now) this.#entries.delete(key);
    }
  }
}
