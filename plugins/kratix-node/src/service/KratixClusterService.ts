import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';

/**
 * What callers may know about a configured cluster; never its credentials.
 *
 * @public
 */
export interface KratixClusterInfo {
  name: string;
  title?: string;
  /** The API server's URL when configured; absent when it comes from a kubeconfig file or the in-cluster environment. */
  url?: string;
  isDefault: boolean;
  authProvider: 'serviceAccount' | 'kubeconfig' | 'inCluster';
}

/**
 * The clusters configured under `kratix.clusters`, and one {@link KratixKubernetesClient} per cluster.
 *
 * @public
 */
export interface KratixClusterService {
  /** Every configured cluster, in config order. */
  listClusters(): KratixClusterInfo[];
  /** The cluster marked `default: true`, else the first; throws `NotFoundError` when none is configured. */
  getDefaultClusterName(): string;
  /** The client of a cluster (the default one when no name is given); throws `NotFoundError` naming the configured clusters for an unknown name. */
  getClient(name?: string): KratixKubernetesClient;
}
