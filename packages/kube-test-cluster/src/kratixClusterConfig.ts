import { TestCluster } from './TestCluster';

/** Options of {@link kratixClusterConfig}. */
export interface KratixClusterConfigOptions {
  /** Which identity the plugins use: admin (default) or the read-only reader. */
  identity?: 'admin' | 'reader';
  /** Marks the cluster as the default one. */
  isDefault?: boolean;
  /** Name to give the cluster; the test cluster's own name by default. */
  name?: string;
  /** A token of another identity, e.g. a ServiceAccount's from `serviceAccountToken`; overrides `identity`. */
  token?: string;
}

/**
 * The `kratix.clusters[]` entry of a test cluster, as an app-config would hold
 * it: service account token and the CA as base64 of its PEM.
 */
export function kratixClusterConfig(
  cluster: TestCluster,
  options: KratixClusterConfigOptions = {},
) {
  return {
    name: options.name ?? cluster.name,
    url: cluster.url,
    authProvider: 'serviceAccount',
    serviceAccountToken:
      options.token ??
      (options.identity === 'reader'
        ? cluster.readerToken
        : cluster.adminToken),
    caData: cluster.caDataBase64,
    ...(options.isDefault && { default: true }),
  };
}
