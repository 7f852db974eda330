import { ServiceUnavailableError } from '@backstage/errors';
import type {
  KratixClusterService,
  KratixKubernetesClient,
} from '@kratix-backstage/plugin-kratix-node';

/**
 * Runs calls against the configured clusters with a time limit each, so a slow cluster yields a 503 with a reason
 * instead of a hanging request.
 */
export class ClusterCalls {
  readonly #clusters: KratixClusterService;
  readonly #timeoutMs: number;

  constructor(clusters: KratixClusterService, timeoutMs: number) {
    this.#clusters = clusters;
    this.#timeoutMs = timeoutMs;
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
}
