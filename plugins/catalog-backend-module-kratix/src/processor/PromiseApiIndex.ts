import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getPromiseApi,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixClusterService } from '@kratix-backstage/plugin-kratix-node';

/** How long a cluster's list of Promise APIs is reused before it is read again. */
const TTL_MS = 60_000;

/**
 * The groups of the kinds the Promises of each cluster offer, read on demand and briefly cached. A failed read keeps
 * the last good answer, so a cluster outage does not make hand-written entities lose their relations.
 */
export class PromiseApiIndex {
  readonly #clusters: KratixClusterService;
  readonly #logger: LoggerService;
  readonly #pageSize?: number;
  readonly #cache = new Map<
    string,
    { at: number; groups: Map<string, string[]> }
  >();
  readonly #loading = new Map<
    string,
    Promise<Map<string, string[]> | undefined>
  >();

  constructor(
    clusters: KratixClusterService,
    logger: LoggerService,
    options: { pageSize?: number } = {},
  ) {
    this.#clusters = clusters;
    this.#logger = logger;
    this.#pageSize = options.pageSize;
  }

  /** Groups offering `kind` on `cluster` (usually one); `undefined` when the cluster has never been read. */
  async groupsOfKind(
    cluster: string,
    kind: string,
  ): Promise<string[] | undefined> {
    const cached = this.#cache.get(cluster);
    if (cached && Date.now() - cached.at < TTL_MS)
      return cached.groups.get(kind) ?? [];
    let loading = this.#loading.get(cluster);
    if (!loading) {
      loading = this.#load(cluster).finally(() =>
        this.#loading.delete(cluster),
      );
      this.#loading.set(cluster, loading);
    }
    const groups = await loading;
    return groups ? groups.get(kind) ?? [] : undefined;
  }

  async #load(cluster: string): Promise<Map<string, string[]> | undefined> {
    try {
      const { items } = await this.#clusters
        .getClient(cluster)
        .list<KratixPromise>({
          apiVersion: KRATIX_API_VERSION,
          kind: KRATIX_KINDS.promise,
          pageSize: this.#pageSize,
        });
      const groups = new Map<string, string[]>();
      for (const promise of items) {
        const api = getPromiseApi(promise);
        if (api)
          groups.set(api.kind, [...(groups.get(api.kind) ?? []), api.group]);
      }
      this.#cache.set(cluster, { at: Date.now(), groups });
      return groups;
    } catch (error) {
      const last = this.#cache.get(cluster);
      this.#logger.warn(
        `Reading the Promises of cluster '${cluster}' to resolve resource request references failed (${error}); ${
          last
            ? 'using the last good list'
            : 'references without kind.group cannot be resolved until it succeeds'
        }`,
      );
      return last?.groups;
    }
  }
}
