import type {
  KubeConnection,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
import { KratixKubernetesClient } from '@kratix-backstage/plugin-kratix-node';

/** One demo cluster as the seeder and the simulator reach it. */
export interface DemoCluster {
  /** The plugins' own Kubernetes client, as the admin. */
  client: KratixKubernetesClient;
  /** The admin connection, for kube-test-cluster's `applyCrd`, which waits until a CRD is served. */
  admin: KubeConnection;
  /** Whether it is a whole control plane (Namespaces, Jobs, Pods), not a CRD-only server. */
  full: boolean;
  /** The cluster's data dir, where the log files of its Pods go. */
  dataDir: string;
}

/** The clusters of a demo platform. */
export interface DemoClients {
  platform: DemoCluster;
  /** Worker clusters by name (the names Destinations stand for). */
  workers: Record<string, DemoCluster>;
}

/** A demo cluster for a running test cluster, connecting as its admin through its kubeconfig. */
export function demoCluster(cluster: TestCluster): DemoCluster {
  return {
    client: KratixKubernetesClient.fromClusterConfig({
      name: cluster.name,
      url: cluster.url,
      isDefault: false,
      auth: { type: 'kubeconfig', path: cluster.adminKubeconfigPath },
      skipTLSVerify: false,
      source: 'kratix',
    }),
    admin: cluster.admin,
    full: cluster.full,
    dataDir: cluster.dataDir,
  };
}

/** Clients for a platform and its workers, e.g. those of `startTestPlatform`. */
export function demoClients(clusters: {
  platform: TestCluster;
  workers: TestCluster[];
}): DemoClients {
  return {
    platform: demoCluster(clusters.platform),
    workers: Object.fromEntries(
      clusters.workers.map(w => [w.name, demoCluster(w)]),
    ),
  };
}
