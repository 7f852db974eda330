import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getPromiseApi,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixInformerLease,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';

/** How long a first question about a cluster waits for its Promises to be listed. */
const FIRST_SYNC_WAIT_MS = 10_000;

interface ClusterIndex {
  lease: KratixInformerLease<KratixPromise>;
  /** Kind → groups; recomputed after a Promise changes. */
  groups?: Map<string, string[]>;
  /** A first question has waited for the first list already; later ones do not wait again. */
  waited: boolean;
  failing: boolean;
}

/**
 * The groups of the kinds the Promises of each cluster offer, read from the shared Promise informer of the cluster
 * (the one the provider reads too), so a new Promise counts as soon as its watch event arrives. While a cluster
 * cannot be read the informer keeps its last good list, so hand-written entities keep their relations.
 */
export class PromiseApiIndex {
  readonly #informers: KratixInformerService;
  readonly #logger: LoggerService;
  readonly #pageSize?: number;
  readonly #clusters = new Map<string, ClusterIndex>();

  constructor(
    informers: KratixInformerService,
    logger: LoggerService,
    options: { pageSize?: number } = {},
  ) {
    this.#informers = informers;
    this.#logger = logger;
    this.#pageSize = options.pageSize;
  }

  /** Groups offering `kind` on `cluster` (usually one); `undefined` while the cluster's Promises have not been listed. */
  async groupsOfKind(
    cluster: string,
    kind: string,
  ): Promise<string[] | undefined> {
    const index = this.#clusters.get(cluster) ?? this.#watch(cluster);
    if (!index.lease.hasSynced() && !index.waited) {
      index.waited = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        index.lease.waitForSync().catch(() => {}),
        new Promise(resolve => {
          timer = setTimeout(resolve, FIRST_SYNC_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    if (!index.lease.hasSynced()) return undefined;
    index.groups ??= groupsOf(index.lease.list());
    return index.groups.get(kind) ?? [];
  }

  /** Releases the informers. */
  async close(): Promise<void> {
    const all = Array.from(this.#clusters.values());
    this.#clusters.clear();
    await Promise.all(all.map(i => i.lease.release()));
  }

  #watch(cluster: string): ClusterIndex {
    const lease = this.#informers.acquire<KratixPromise>({
      cluster,
      apiVersion: KRATIX_API_VERSION,
      kind: KRATIX_KINDS.promise,
      pageSize: this.#pageSize,
    });
    const index: ClusterIndex = { lease, waited: false, failing: false };
    const changed = () => {
      index.groups = undefined;
    };
    lease.on('add', changed).on('update', changed).on('delete', changed);
    lease.on('connect', () => {
      index.failing = false;
    });
    lease.on('error', error => {
      if (index.failing) return;
      index.failing = true;
      this.#logger.warn(
        `Reading the Promises of cluster '${cluster}' to resolve resource request references failed (${error}); ${
          lease.hasSynced()
            ? 'using the last good list'
            : 'references without kind.group cannot be resolved until it succeeds'
        }`,
      );
    });
    this.#clusters.set(cluster, index);
    return index;
  }
}

function groupsOf(promises: KratixPromise[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const promise of promises) {
    const api = getPromiseApi(promise);
    if (api) groups.set(api.kind, [...(groups.get(api.kind) ?? []), api.group]);
  }
  return groups;
}
