import https from 'https';

/** What is needed to talk to one API server. */
export interface KubeConnection {
  url: string;
  /** PEM of the server's CA. */
  ca: string;
  token: string;
}

/** An answer from the API server that was not 2xx. */
export class KubeRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: any,
    method: string,
    requestPath: string,
  ) {
    super(
      `${method} ${requestPath} answered ${statusCode}: ${
        body?.message ?? JSON.stringify(body)
      }`,
    );
    this.name = 'KubeRequestError';
  }
}

/**
 * One JSON request to the API server. Deliberately free of
 * @kubernetes/client-node: the harness must not share code with what it tests.
 */
export function kubeRequest<T = any>(
  conn: KubeConnection,
  method: string,
  requestPath: string,
  body?: unknown,
  options: { contentType?: string; timeoutMs?: number } = {},
): Promise<T> {
  const url = new URL(requestPath, conn.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: conn.ca,
        headers: {
          authorization: `Bearer ${conn.token}`,
          accept: 'application/json',
          ...(payload
            ? {
                'content-type': options.contentType ?? 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (e.g. /healthz answers "ok")
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            resolve(parsed);
          } else {
            reject(new KubeRequestError(code, parsed, method, requestPath));
          }
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${requestPath} timed out`)),
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
