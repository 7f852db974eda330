import { NotFoundError } from '@backstage/errors';
import type { KubernetesResourceType, ResolvedResource } from './types';

/** What `/apis/<group>/<version>` (or `/api/v1`) answers: an `APIResourceList`. */
interface APIResourceList {
  resources?: Array<{
    name: string;
    kind: string;
    namespaced: boolean;
    verbs?: string[];
  }>;
}

/** Fetches the `APIResourceList` of one group/version; rejects with an `ApiException` as the adapter does. */
export type FetchResourceList = (path: string) => Promise<APIResourceList>;

interface CacheEntry {
  fetchedAt: number;
  resources?: ResolvedResource[];
  /** The group/version itself is not served (HTTP 404). */
  missing?: boolean;
}

/** How long a discovery answer is trusted before it is fetched again. */
export const DEFAULT_DISCOVERY_TTL_MS = 30_000;
// A miss refetches at most this often, so asking for a kind that does not exist cannot flood the server.
const MIN_REFETCH_MS = 500;

/**
 * Maps kind or plural to the resource the cluster serves, from API discovery. Answers are cached for a short time
 * and fetched again on a miss, because custom resource definitions appear while Backstage runs (a new Promise's API).
 */
export class ResourceDiscovery {
  readonly #fetch: FetchResourceList;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<CacheEntry>>();

  constructor(options: {
    fetch: FetchResourceList;
    ttlMs?: number;
    now?: () => number;
  }) {
    this.#fetch = options.fetch;
    this.#ttlMs = options.ttlMs ?? DEFAULT_DISCOVERY_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Resolves a type to its served resource. Throws `NotFoundError` when the group/version or the kind is not served,
   * after checking with the server again if the cached answer was older than a moment.
   */
  async resolve(
    type: KubernetesResourceType,
    cluster: string,
  ): Promise<ResolvedResource> {
    const cached = this.#cache.get(type.apiVersion);
    const fresh =
      cached !== undefined && this.#now() - cached.fetchedAt < this.#ttlMs;
    let found = cached && find(cached, type);
    if (found && fresh) return found;

    // Stale, or a miss: a CRD may have appeared (or gone) since.
    const entry =
      cached && this.#now() - cached.fetchedAt < MIN_REFETCH_MS
        ? cached
        : await this.#refresh(type.apiVersion);
    found = find(entry, type);
    if (found) return found;

    const what = type.kind
      ? `kind '${type.kind}'`
      : `resource '${type.plural}'`;
    if (entry.missing) {
      throw new NotFoundError(
        `Cluster '${cluster}' does not serve the API ${type.apiVersion}, so it has no ${what}; is the CustomResourceDefinition installed?`,
      );
    }
    throw new NotFoundError(
      `Cluster '${cluster}' serves ${type.apiVersion} but no ${what} in it; is the CustomResourceDefinition installed and established?`,
    );
  }

  /** Forgets cached answers, e.g. after installing a CRD. */
  invalidate(apiVersion?: string) {
    if (apiVersion) this.#cache.delete(apiVersion);
    else this.#cache.clear();
  }

  #refresh(apiVersion: string): Promise<CacheEntry> {
    let pending = this.#inFlight.get(apiVersion);
    if (!pending) {
      pending = this.#load(apiVersion).finally(() =>
        this.#inFlight.delete(apiVersion),
      );
      this.#inFlight.set(apiVersion, pending);
    }
    return pending;
  }

  async #load(apiVersion: string): Promise<CacheEntry> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let entry: CacheEntry;
    try {
      const list = await this.#fetch(path);
      entry = {
        fetchedAt: this.#now(),
        resources: (list.resources ?? [])
          .filter(r => !r.name.includes('/'))
          .map(r => ({
            apiVersion,
            kind: r.kind,
            plural: r.name,
            namespaced: r.namespaced,
            verbs: r.verbs ?? [],
            hasStatusSubresource: (list.resources ?? []).some(
              s => s.name === `${r.name}/status`,
            ),
          })),
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 404) throw error;
      entry = { fetchedAt: this.#now(), missing: true };
    }
    this.#cache.set(apiVersion, entry);
    return entry;
  }
}

function find(
  entry: CacheEntry,
  type: KubernetesResourceType,
): ResolvedResource | undefined {
  return entry.resources?.find(r =>
    type.kind ? r.kind === type.kind : r.plural === type.plural,
  );
}
