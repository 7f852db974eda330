import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { KratixKubernetesClient } from '../client/KratixKubernetesClient';
import {
  KratixClusterConfig,
  readClusterConfig,
} from '../config/readClusterConfig';
import type {
  KratixClusterInfo,
  KratixClusterService,
} from './KratixClusterService';

/**
 * The {@link KratixClusterService} built from `kratix.clusters`; clients are created on first use and shared.
 *
 * @public
 */
export class DefaultKratixClusterService implements KratixClusterService {
  readonly #clusters: KratixClusterConfig[];
  readonly #logger?: LoggerService;
  readonly #clients = new Map<string, KratixKubernetesClient>();

  /** Reads and validates `kratix.clusters`; throws an `InputError` naming the wrong key. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): DefaultKratixClusterService {
    return new DefaultKratixClusterService(readClusterConfig(config), options);
  }

  private constructor(
    clusters: KratixClusterConfig[],
    options: { logger?: LoggerService },
  ) {
    this.#clusters = clusters;
    this.#logger = options.logger;
  }

  listClusters(): KratixClusterInfo[] {
    return this.#clusters.map(cluster => ({
      name: cluster.name,
      ...(cluster.title !== undefined && { title: cluster.title }),
      ...(cluster.url !== undefined && { url: cluster.url }),
      isDefault: cluster.isDefault,
      authProvider: cluster.auth.type,
    }));
  }

  getDefaultClusterName(): string {
    const cluster = this.#clusters.find(c => c.isDefault);
    if (!cluster) {
      throw new NotFoundError(
        'No Kubernetes cluster is configured for Kratix; add one under kratix.clusters in app-config.yaml',
      );
    }
    return cluster.name;
  }

  getClient(name?: string): KratixKubernetesClient {
    const clusterName = name ?? this.getDefaultClusterName();
    let client = this.#clients.get(clusterName);
    if (client) return client;

    const cluster = this.#clusters.find(c => c.name === clusterName);
    if (!cluster) {
      const known = this.#clusters.map(c => `'${c.name}'`).join(', ');
      throw new NotFoundError(
        `No Kubernetes cluster named '${clusterName}' is configured under kratix.clusters; ${
          known ? `the configured clusters are ${known}` : 'none is configured'
        }`,
      );
    }
    client = KratixKubernetesClient.fromClusterConfig(cluster, {
      logger: this.#logger?.child({ cluster: cluster.name }),
    });
    this.#clients.set(clusterName, client);
    return client;
  }

  /** Stops every watch and informer of every client; called on backend shutdown. */
  async close(): Promise<void> {
    await Promise.all(Array.from(this.#clients.values(), c => c.close()));
  }
}
