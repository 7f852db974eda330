import { ServiceUnavailableError } from '@backstage/errors';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixClusterService,
  KratixInformerLease,
  KratixInformerService,
  KratixKubernetesClient,
} from '@kratix-backstage/plugin-kratix-node';

/** How long a lease on a shared informer is kept after its last read. */
const IDLE_LEASE_MS = 10 * 60_000;

/** One kind (in one namespace, or all) read through a shared informer. */
interface CachedKind {
  key: string;
  lease: KratixInformerLease;
  lastRead: number;
  /** Rejects when the informer's list fails before its first list is complete. */
  failed: Promise<never>;
}

/** A kind to read with {@link ClusterCalls.listCached}. */
export interface CachedKindSelection {
  apiVersion: string;
  kind: string;
  /** One namespace; the whole cluster when absent. */
  namespace?: string;
}

/**
 * Runs calls against the configured clusters with a time limit each, so a slow cluster yields a 503 with a reason
 * instead of a hanging request; and reads kinds from the backend's shared informers, so a page view lists nothing.
 */
export class ClusterCalls {
  readonly #clusters: KratixClusterService;
  readonly #timeoutMs: number;
  readonly #informers: KratixInformerService;
  readonly #cached = new Map<string, CachedKind>();
  #sweeper?: ReturnType<typeof setInterval>;

  constructor(
    clusters: KratixClusterService,
    timeoutMs: number,
    informers: KratixInformerService,
  ) {
    this.#clusters = clusters;
    this.#timeoutMs = timeoutMs;
    this.#informers = informers;
  }

  /** Name of the cluster a target names, or the default cluster. */
  clusterName(cluster?: string): string {
    return cluster ?? this.#clusters.getDefaultClusterName();
  }

  /** True when a cluster of that name is configured. */
  hasCluster(name: string): boolean {
    return this.#clusters.listClusters().some(c => c.name === name);
  }

  /** The client of a cluster; throws `NotFoundError` naming the configured clusters for an unknown one. */
  client(cluster?: string): KratixKubernetesClient {
    return this.#clusters.getClient(cluster);
  }

  /** Runs `call` on a cluster, failing with a `ServiceUnavailableError` after the configured time limit. */
  async run<T>(
    cluster: string | undefined,
    what: string,
    call: (client: KratixKubernetesClient, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const client = this.client(cluster);
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(
          new ServiceUnavailableError(
            `Cluster '${client.clusterName}' did not answer within ${
              this.#timeoutMs / 1000
            } s while ${what}; try again later or check the cluster's API server`,
          ),
        );
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([call(client, abort.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The objects of a kind on a cluster, from the backend's shared informer of that kind (the one the catalog module
   * watches too, when installed): a lease is taken on first use and given back after ten minutes without a read.
   * Before the informer's first list is complete, waits for it within the cluster time limit; while that list fails,
   * lists directly.
   */
  async listCached<T extends KubernetesObject>(
    cluster: string | undefined,
    selection: CachedKindSelection,
    what: string,
  ): Promise<T[]> {
    const name = this.clusterName(cluster);
    const cached = this.#lease(name, selection);
    cached.lastRead = Date.now();
    if (!cached.lease.hasSynced()) {
      // As controller-runtime's cached reads do (kubernetes-sigs/controller-runtime pkg/cache/internal/informers.go,
      // `Informers.Get` blocks until synced, bounded by the caller's context): wait for the first list rather than
      // answer from a partial cache, and rather than list on the side, which would cost the LIST this saves.
      const synced = await this.run(name, what, () =>
        Promise.race([
          cached.lease.waitForSync().then(() => true),
          cached.failed.catch(() => false),
        ]),
      );
      // The informer's list failed and it is backing off: this answer lists once, with the server's own error if
      // the failure lasts (a 403 names the missing permission) rather than a time-out.
      if (!synced) return this.#listDirectly<T>(name, selection, what);
    }
    return cached.lease.list(selection.namespace) as T[];
  }

  async #listDirectly<T extends KubernetesObject>(
    cluster: string,
    selection: CachedKindSelection,
    what: string,
  ): Promise<T[]> {
    const list = await this.run(cluster, what, (client, signal) =>
      client.list<T>({ ...selection, signal }),
    );
    return list.items;
  }

  /** Gives back every informer lease; called when the backend stops. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    const all = Array.from(this.#cached.values());
    this.#cached.clear();
    await Promise.all(all.map(c => c.lease.release().catch(() => {})));
  }

  #lease(cluster: string, selection: CachedKindSelection): CachedKind {
    const key = [
      cluster,
      selection.apiVersion,
      selection.kind,
      selection.namespace ?? '',
    ].join('|');
    const existing = this.#cached.get(key);
    if (existing) return existing;
    const lease = this.#informers.acquire({
      cluster,
      apiVersion: selection.apiVersion,
      kind: selection.kind,
      ...(selection.namespace !== undefined && {
        namespace: selection.namespace,
      }),
    });
    let fail: (error: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    failed.catch(() => {});
    const cached: CachedKind = { key, lease, lastRead: Date.now(), failed };
    lease.on('error', error => {
      // Once listed, the cache keeps its last good state while the informer retries.
      if (!lease.hasSynced()) fail(error);
    });
    this.#cached.set(key, cached);
    this.#sweeper ??= setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref?.();
    return cached;
  }

  #sweep() {
    const idleSince = Date.now() - IDLE_LEASE_MS;
    for (const cached of this.#cached.values()) {
      if (cached.lastRead >= idleSince) continue;
      this.#cached.delete(cached.key);
      cached.lease.release().catch(() => {});
    }
  }
}
