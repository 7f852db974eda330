import fs from 'fs';
import { TestCluster, TestClusterOptions } from './TestCluster';
import { crossplaneCrdFiles, kratixCrdFiles } from './fixtures';
import { KubeConnection } from './kubeRequest';

/** A platform cluster (Kratix CRDs) and worker clusters (Crossplane CRDs). */
export interface TestPlatform {
  platform: TestCluster;
  workers: TestCluster[];
  /** Stops every cluster and removes their data. */
  destroy(): Promise<void>;
}

/** Options of {@link startTestPlatform}. */
export interface TestPlatformOptions {
  /** Names of the worker clusters; one, `worker-1`, by default. */
  workers?: string[];
  watchCache?: boolean;
  /** Extra options per cluster (data dirs, timeouts). */
  clusterOptions?: Partial<TestClusterOptions>;
}

/**
 * Starts a platform cluster with the Kratix CRDs and worker clusters with the
 * Crossplane CRDs, all from the shared fixtures, and waits until every CRD is
 * Established.
 */
export async function startTestPlatform(
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const workerNames = options.workers ?? ['worker-1'];
  const started = await Promise.allSettled([
    TestCluster.start({
      ...options.clusterOptions,
      name: 'platform',
      crds: kratixCrdFiles(),
      watchCache: options.watchCache,
    }),
    ...workerNames.map(name =>
      TestCluster.start({
        ...options.clusterOptions,
        name,
        crds: crossplaneCrdFiles(),
        watchCache: options.watchCache,
      }),
    ),
  ]);
  const clusters = started.flatMap(r =>
    r.status === 'fulfilled' ? [r.value] : [],
  );
  const failure = started.find(r => r.status === 'rejected');
  if (failure) {
    await Promise.all(clusters.map(c => c.destroy()));
    throw (failure as PromiseRejectedResult).reason;
  }
  const [platform, ...workers] = clusters;
  return {
    platform,
    workers,
    destroy: async () => {
      await Promise.all(clusters.map(c => c.destroy()));
    },
  };
}

/** Connection details of a running cluster, as written by {@link writeClusterFile}. */
export interface ClusterDescription {
  name: string;
  url: string;
  ca: string;
  adminToken: string;
  readerToken: string;
  adminKubeconfigPath: string;
  readerKubeconfigPath: string;
}

/** Describes a cluster in a form other processes can read. */
export function describeCluster(cluster: TestCluster): ClusterDescription {
  return {
    name: cluster.name,
    url: cluster.url,
    ca: cluster.caData,
    adminToken: cluster.adminToken,
    readerToken: cluster.readerToken,
    adminKubeconfigPath: cluster.adminKubeconfigPath,
    readerKubeconfigPath: cluster.readerKubeconfigPath,
  };
}

/** Admin connection of a described cluster. */
export function adminConnection(cluster: ClusterDescription): KubeConnection {
  return { url: cluster.url, ca: cluster.ca, token: cluster.adminToken };
}

/** Writes the description of a whole platform to a JSON file. */
export function writeClusterFile(file: string, platform: TestPlatform): void {
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        platform: describeCluster(platform.platform),
        workers: platform.workers.map(describeCluster),
      },
      null,
      2,
    ),
  );
}
