import fs from 'fs';
import http from 'http';
import https from 'https';
import net from 'net';
import path from 'path';
import tls from 'tls';
import type { TestCluster } from '@kratix-backstage/kube-test-cluster';

/**
 * How a {@link FaultProxy} handles traffic: `tcp` passes bytes through (TLS end to end, faults act on
 * connections); `http` terminates TLS with the upstream's own certificate and forwards each request, so it can
 * answer requests itself (500s) as well as reset and stall them.
 *
 * @public
 */
export type FaultProxyMode = 'tcp' | 'http';

/**
 * Faults a {@link FaultProxy} injects; each fraction is the share of new requests (`http`) or connections (`tcp`)
 * that get it. One draw decides, so the fractions add up to at most 1.
 *
 * @public
 */
export interface FaultProxyFaults {
  /** Answered `500 Internal Server Error` (a Kubernetes `Status`) by the proxy itself; `http` mode only. */
  error500?: number;
  /** Reset (TCP RST) instead of served. */
  reset?: number;
  /** Held for `stallMs` before being forwarded. */
  stall?: number;
  /** How long a stall lasts; 10 s unless given. */
  stallMs?: number;
}

/**
 * What a {@link FaultProxy} has done so far.
 *
 * @public
 */
export interface FaultProxyCounts {
  connections: number;
  requests: number;
  error500: number;
  reset: number;
  stall: number;
  refused: number;
  dropped: number;
}

/**
 * Options of {@link FaultProxy.start}.
 *
 * @public
 */
export interface FaultProxyOptions {
  /** The API server behind the proxy, e.g. `https://127.0.0.1:6443`. */
  upstream: string;
  /** PEM of the CA that signed the upstream's certificate (`http` mode checks it). */
  ca: string;
  mode: FaultProxyMode;
  /** Certificate and key the proxy presents in `http` mode; they must be valid for 127.0.0.1 and trusted by clients. */
  tls?: { cert: string; key: string };
  /** Seed of the draws, so a run's faults can be replayed; 1 unless given. */
  seed?: number;
}

// Headers that belong to one connection and must not be forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** mulberry32: a small seeded generator, so a drill's draws are the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withoutHopByHop(headers: http.IncomingHttpHeaders) {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())),
  );
}

/**
 * A fault-injecting proxy on loopback in front of a Kubernetes API server: point a client's cluster URL at
 * {@link FaultProxy.url} and keep the cluster's CA. Faults are switched on and off while it runs; it can also
 * refuse every new connection (the server looks down) and reset every open one (watches break).
 *
 * @public
 */
export class FaultProxy {
  readonly #options: FaultProxyOptions;
  readonly #server: net.Server;
  readonly #http?: http.Server;
  readonly #agent: https.Agent;
  readonly #upstream: URL;
  readonly #random: () => number;
  readonly #sockets = new Set<net.Socket>();
  readonly #rawOf = new WeakMap<object, net.Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #faults: FaultProxyFaults = {};
  #refusing = false;
  #port = 0;
  readonly counts: FaultProxyCounts = {
    connections: 0,
    requests: 0,
    error500: 0,
    reset: 0,
    stall: 0,
    refused: 0,
    dropped: 0,
  };

  /** Starts a proxy on a free loopback port. */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await proxy.#listen();
    return proxy;
  }

  /**
   * A proxy in front of a test cluster; `http` mode presents the cluster's own serving certificate, so clients
   * keep trusting the cluster's CA.
   */
  static async forCluster(
    cluster: TestCluster,
    mode: FaultProxyMode,
    seed?: number,
  ): Promise<FaultProxy> {
    const certs = path.join(cluster.dataDir, 'certs');
    return FaultProxy.start({
      upstream: cluster.url,
      ca: cluster.caData,
      mode,
      seed,
      tls:
        mode === 'http'
          ? {
              cert: fs.readFileSync(path.join(certs, 'serving.crt'), 'utf8'),
              key: fs.readFileSync(path.join(certs, 'serving.key'), 'utf8'),
            }
          : undefined,
    });
  }

  private constructor(options: FaultProxyOptions) {
    if (options.mode === 'http' && !options.tls) {
      throw new Error(
        'A FaultProxy in http mode needs tls.cert and tls.key to present to its clients',
      );
    }
    this.#options = options;
    this.#upstream = new URL(options.upstream);
    this.#random = seededRandom(options.seed ?? 1);
    this.#agent = new https.Agent({ keepAlive: true, ca: options.ca });
    this.#server = net.createServer(socket => this.#accept(socket));
    if (options.mode === 'http') {
      this.#http = http.createServer((req, res) => this.#handle(req, res));
      // Watches stay open for minutes.
      this.#http.requestTimeout = 0;
      this.#http.headersTimeout = 0;
    }
  }

  /** `https://127.0.0.1:<port>`. */
  get url(): string {
    return `https://127.0.0.1:${this.#port}`;
  }

  /** Sets the faults injected from now on (replacing the previous ones). */
  setFaults(faults: FaultProxyFaults): void {
    const total =
      (faults.error500 ?? 0) + (faults.reset ?? 0) + (faults.stall ?? 0);
    if (total > 1) {
      throw new Error(`The fault fractions add up to ${total}, more than 1`);
    }
    if (faults.error500 && this.#options.mode !== 'http') {
      throw new Error('Only a FaultProxy in http mode can answer 500s');
    }
    this.#faults = { ...faults };
  }

  /** Stops injecting faults; requests already stalled still wait out their stall. */
  clearFaults(): void {
    this.#faults = {};
  }

  /** While on, every new connection is reset at once, as if nothing listened. */
  refuse(on: boolean): void {
    this.#refusing = on;
  }

  /** Resets every open connection (and so every watch); returns how many. */
  dropConnections(): number {
    const open = Array.from(this.#sockets);
    for (const socket of open) this.#reset(socket);
    this.counts.dropped += open.length;
    return open.length;
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const socket of this.#sockets) socket.destroy();
    this.#agent.destroy();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        this.#port = (this.#server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  #reset(socket: net.Socket) {
    if (socket.destroyed) return;
    try {
      socket.resetAndDestroy();
    } catch {
      socket.destroy();
    }
  }

  #draw(): 'error500' | 'reset' | 'stall' | undefined {
    const { error500 = 0, reset = 0, stall = 0 } = this.#faults;
    if (error500 + reset + stall === 0) return undefined;
    const roll = this.#random();
    if (roll < error500) return 'error500';
    if (roll < error500 + reset) return 'reset';
    if (roll < error500 + reset + stall) return 'stall';
    return undefined;
  }

  #later(ms: number, fn: () => void) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  #accept(socket: net.Socket) {
    this.counts.connections += 1;
    socket.on('error', () => socket.destroy());
    if (this.#refusing) {
      this.counts.refused += 1;
      this.#reset(socket);
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    if (this.#options.mode === 'http') {
      this.#terminateTls(socket);
      return;
    }
    const fault = this.#draw();
    if (fault === 'reset') {
      this.counts.reset += 1;
      this.#reset(socket);
      return;
    }
    if (fault === 'stall') {
      this.counts.stall += 1;
      socket.pause();
      this.#later(this.#faults.stallMs ?? 10_000, () => this.#pipe(socket));
      return;
    }
    this.#pipe(socket);
  }

  #pipe(socket: net.Socket) {
    if (socket.destroyed) return;
    const upstream = net.connect(
      Number(this.#upstream.port),
      this.#upstream.hostname,
    );
    // Whatever happens to one side happens to the other: a dead server resets its clients.
    upstream.on('error', () => this.#reset(socket));
    socket.on('close', () => upstream.destroy());
    upstream.on('close', hadError => {
      if (hadError) this.#reset(socket);
      else socket.end();
    });
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.resume();
  }

  #terminateTls(socket: net.Socket) {
    const secure = new tls.TLSSocket(socket, {
      isServer: true,
      secureContext: tls.createSecureContext(this.#options.tls),
      ALPNProtocols: ['http/1.1'],
    });
    secure.on('error', () => socket.destroy());
    this.#rawOf.set(secure, socket);
    this.#http!.emit('connection', secure);
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.counts.requests += 1;
    const fault = this.#draw();
    if (fault === 'error500') {
      this.counts.error500 += 1;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'fault injected by the drill proxy',
          reason: 'InternalError',
          code: 500,
        }),
      );
      return;
    }
    if (fault === 'reset') {
      this.counts.reset += 1;
      const raw = this.#rawOf.get(req.socket);
      if (raw) this.#reset(raw);
      else req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      this.counts.stall += 1;
      this.#later(this.#faults.stallMs ?? 10_000, () =>
        this.#forward(req, res),
      );
      return;
    }
    this.#forward(req, res);
  }

  #forward(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.socket.destroyed) return;
    const upstream = https.request(
      {
        host: this.#upstream.hostname,
        port: this.#upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...withoutHopByHop(req.headers), host: this.#upstream.host },
        agent: this.#agent,
      },
      answer => {
        res.writeHead(
          answer.statusCode ?? 502,
          withoutHopByHop(answer.headers),
        );
        // Watch events must reach the client as they come.
        res.flushHeaders();
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (res.writableFinished) return;
      const raw = this.#rawOf.get(req.socket);
      if (raw) this.#reset(raw);
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}
