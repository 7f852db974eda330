import https from 'https';
import type { KubeConnection } from '@kratix-backstage/kube-test-cluster';

/** An answer from the API server that was not 2xx. */
export class WriteError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED']);
const MAX_ATTEMPTS = 8;

/** One object to create. */
export interface WriteItem {
  path: string;
  body: unknown;
}

/**
 * Writes to one API server over a keep-alive connection pool, with bounded retries of 429 (a CRD's storage
 * restarting), 5xx and dropped connections. Deliberately free of @kubernetes/client-node: the generator must not
 * share code with what it measures.
 */
export class ObjectWriter {
  readonly #conn: KubeConnection;
  readonly #agent: https.Agent;
  /** Requests sent, retries included. */
  requests = 0;

  constructor(conn: KubeConnection, maxSockets: number) {
    this.#conn = conn;
    this.#agent = new https.Agent({
      keepAlive: true,
      maxSockets,
      ca: conn.ca,
    });
  }

  /** Sends one JSON request; resolves with the parsed body. */
  async send<T = any>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once<T>(method, path, body, contentType);
      } catch (error) {
        const retryable =
          error instanceof WriteError
            ? RETRYABLE_STATUS.has(error.statusCode)
            : RETRYABLE_CODES.has(
                (error as NodeJS.ErrnoException).code ?? '',
              ) || /socket hang up/.test(String(error));
        if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise(r =>
          setTimeout(r, Math.min(2000, 50 * 2 ** attempt)),
        );
      }
    }
  }

  #once<T>(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
  ): Promise<T> {
    this.requests++;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        new URL(path, this.#conn.url),
        {
          method,
          agent: this.#agent,
          headers: {
            authorization: `Bearer ${this.#conn.token}`,
            accept: 'application/json',
            ...(payload !== undefined && {
              'content-type': contentType,
              'content-length': Buffer.byteLength(payload),
            }),
          },
          timeout: 60_000,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(text ? JSON.parse(text) : undefined);
              return;
            }
            let message = text;
            try {
              message = JSON.parse(text).message ?? text;
            } catch {
              // not JSON
            }
            reject(
              new WriteError(
                status,
                `${method} ${path} answered ${status}: ${message}`,
              ),
            );
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path} timed out after 60 s`)),
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Creates every item with `concurrency` requests in flight; an object that already exists (409) is left as it
   * is. Returns how many were written.
   */
  async createAll(
    items: Iterable<WriteItem>,
    concurrency: number,
  ): Promise<number> {
    const iterator = items[Symbol.iterator]();
    let written = 0;
    let failure: unknown;
    const worker = async () => {
      for (;;) {
        if (failure) return;
        const next = iterator.next();
        if (next.done) return;
        try {
          await this.send('POST', next.value.path, next.value.body);
          written++;
        } catch (error) {
          if (error instanceof WriteError && error.statusCode === 409) continue;
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failure) throw failure;
    return written;
  }

  /** Closes the pooled connections. */
  close(): void {
    this.#agent.destroy();
  }
}
