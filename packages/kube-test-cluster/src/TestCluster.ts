import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import readline from 'readline';
import { kubeApiServerBinary, kubeControlPlaneBinary } from './binary';
import { applyCrds } from './crds';
import { KubeConnection, kubeRequest } from './kubeRequest';

/** Options of {@link TestCluster.start}. */
export interface TestClusterOptions {
  /** Cluster name, used in kubeconfigs and log lines. */
  name: string;
  /** CRD YAML files to apply before returning (waits until each is Established). */
  crds?: string[];
  /** The apiserver's watch cache; `false` makes expired continue tokens a real 410. Default true. */
  watchCache?: boolean;
  /** Where to keep etcd data and kubeconfigs; a temporary folder by default. */
  dataDir?: string;
  /** Milliseconds to wait for the server to become healthy. Default 60 s, 180 s for a full control plane. */
  startTimeoutMs?: number;
  /**
   * A whole Kubernetes control plane (tools/kube-control-plane: kube-apiserver
   * with RBAC and the core API, kube-controller-manager, kube-scheduler and a
   * kwok Node that runs Pods) instead of the CRD server alone. Default false.
   */
  full?: boolean;
}

/** The JSON line tools/kube-apiserver prints once it is healthy. */
interface ReadyLine {
  ready: boolean;
  url: string;
  port: number;
  adminKubeconfig: string;
  readerKubeconfig: string;
  caFile: string;
  adminToken: string;
  readerToken: string;
  etcdUrl: string;
  etcdPrefix: string;
  /** The kwok Node Pods run on (full control plane only). */
  nodeName?: string;
  pid: number;
}

/**
 * A real Kubernetes API server running on loopback, with an admin and a
 * read-only identity: the upstream CRD server on an embedded etcd, or with
 * `full: true` a whole control plane whose Jobs run Pods on a kwok Node.
 */
export class TestCluster {
  private child?: ChildProcess;
  private ready?: ReadyLine;
  private port = 0;
  private stderrTail: string[] = [];
  private readonly ownsDataDir: boolean;
  readonly dataDir: string;

  /** Starts a cluster and applies the given CRDs. */
  static async start(options: TestClusterOptions): Promise<TestCluster> {
    const cluster = new TestCluster(options);
    await cluster.launch();
    if (options.crds?.length) {
      await applyCrds(cluster.admin, options.crds);
    }
    return cluster;
  }

  private constructor(private readonly options: TestClusterOptions) {
    this.ownsDataDir = !options.dataDir;
    this.dataDir =
      options.dataDir ??
      fs.mkdtempSync(path.join(os.tmpdir(), `kube-${options.name}-`));
  }

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return this.info.url;
  }

  /** PEM of the CA that signed the server's certificate. */
  get caData(): string {
    return fs.readFileSync(this.info.caFile, 'utf8');
  }

  /** The CA as base64 of its PEM, the form kubeconfigs and `kratix.clusters[].caData` take. */
  get caDataBase64(): string {
    return Buffer.from(this.caData).toString('base64');
  }

  get adminToken(): string {
    return this.info.adminToken;
  }

  get readerToken(): string {
    return this.info.readerToken;
  }

  get adminKubeconfigPath(): string {
    return this.info.adminKubeconfig;
  }

  get readerKubeconfigPath(): string {
    return this.info.readerKubeconfig;
  }

  /** The embedded etcd's client URL. */
  get etcdUrl(): string {
    return this.info.etcdUrl;
  }

  /** Connection as the admin identity (group system:masters). */
  get admin(): KubeConnection {
    return { url: this.url, ca: this.caData, token: this.adminToken };
  }

  /** Connection as the read-only identity (get, list, watch). */
  get reader(): KubeConnection {
    return { url: this.url, ca: this.caData, token: this.readerToken };
  }

  /** Whether this is a whole control plane (core API, RBAC, a kwok Node). */
  get full(): boolean {
    return this.options.full ?? false;
  }

  /** The kwok Node Pods are scheduled on; a full control plane only. */
  get nodeName(): string {
    const node = this.info.nodeName;
    if (!node) {
      throw new Error(
        `Test cluster '${this.name}' has no Node: start it with full: true`,
      );
    }
    return node;
  }

  get running(): boolean {
    const child = this.child;
    return Boolean(
      child &&
        child.exitCode === null &&
        child.signalCode === null &&
        this.ready,
    );
  }

  private get info(): ReadyLine {
    if (!this.ready) {
      throw new Error(`Test cluster '${this.name}' has not started`);
    }
    return this.ready;
  }

  private async launch(): Promise<void> {
    const args = [
      `--data-dir=${this.dataDir}`,
      `--secure-port=${this.port}`,
      `--watch-cache=${this.options.watchCache ?? true}`,
      '--exit-with-parent',
      // Passed to the upstream kube-apiserver: a graceful stop drains in-flight requests, then closes the
      // connections within 2 s. By default it waits for open watches (a client's informers) for up to the
      // request timeout, 60 s, before it exits.
      '--',
      '--shutdown-send-retry-after=true',
    ];
    const binary = this.full ? kubeControlPlaneBinary() : kubeApiServerBinary();
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stderrTail = [];
    readline.createInterface({ input: child.stderr! }).on('line', line => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 40) this.stderrTail.shift();
    });
    const timeoutMs =
      this.options.startTimeoutMs ?? (this.full ? 180_000 : 60_000);
    this.ready = await new Promise<ReadyLine>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(
          new Error(
            `Test cluster '${
              this.name
            }' did not start: ${why}\n${this.stderrTail.join('\n')}`,
          ),
        );
      };
      timer = setTimeout(
        () => fail(`not healthy after ${timeoutMs} ms`),
        timeoutMs,
      );
      child.once('exit', code => fail(`exited with code ${code}`));
      child.once('error', err => fail(String(err)));
      readline.createInterface({ input: child.stdout! }).on('line', line => {
        try {
          const parsed = JSON.parse(line);
          if (parsed.ready) {
            clearTimeout(timer);
            child.removeAllListeners('exit');
            child.removeAllListeners('error');
            resolve(parsed);
          }
        } catch {
          // not the ready line
        }
      });
    });
    this.port = this.ready.port;
  }

  private async waitForExit(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    await new Promise<void>(resolve => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Stops the server gracefully; the data stays for {@link TestCluster.restart}. */
  async stop(): Promise<void> {
    await this.waitForExit('SIGTERM');
  }

  /** Kills the server at once, as a crash would. */
  async kill(): Promise<void> {
    await this.waitForExit('SIGKILL');
  }

  /** Starts the server again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Whether /healthz answers 200. */
  async healthy(): Promise<boolean> {
    try {
      await kubeRequest(this.admin, 'GET', '/healthz', undefined, {
        timeoutMs: 2000,
      });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Compacts etcd at its current revision, so watches and lists from any
   * older resourceVersion get 410 Gone.
   */
  async compactEtcd(): Promise<number> {
    const post = async (p: string, body: unknown) => {
      const res = await fetch(new URL(p, this.etcdUrl), {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        throw new Error(
          `etcd ${p} answered ${res.status}: ${await res.text()}`,
        );
      }
      return res.json();
    };
    // Two writes past every revision handed out so far: a watch from any of
    // them would start below the compacted revision.
    const marker = {
      key: Buffer.from('/kube-test-cluster/compaction-marker').toString(
        'base64',
      ),
      value: Buffer.from(String(Date.now())).toString('base64'),
    };
    await post('/v3/kv/put', marker);
    const put = await post('/v3/kv/put', marker);
    const revision = Number(put.header.revision);
    await post('/v3/kv/compaction', { revision, physical: true });
    return revision;
  }

  /** Stops the server and removes its data unless a data dir was given. */
  async destroy(): Promise<void> {
    await this.kill();
    if (this.ownsDataDir) {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
