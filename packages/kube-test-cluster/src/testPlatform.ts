import fs from 'fs';
import path from 'path';
import { TestCluster, TestClusterOptions } from './TestCluster';
import { crossplaneCrdFiles, kratixCrdFiles } from './fixtures';
import { KubeConnection } from './kubeRequest';

/** A platform cluster (Kratix CRDs) and worker clusters (Crossplane CRDs). */
export interface TestPlatform {
  platform: TestCluster;
  workers: TestCluster[];
  /** Stops every cluster and removes their data, unless it is kept in a given `dataDir`. */
  destroy(): Promise<void>;
  /** Stops every cluster gracefully; their data stays for a restart. */
  stop(): Promise<void>;
}

/** Options of {@link startTestPlatform}. */
export interface TestPlatformOptions {
  /** Names of the worker clusters; one, `worker-1`, by default. */
  workers?: string[];
  watchCache?: boolean;
  /**
   * Folder to keep the clusters' data in, one sub-folder per cluster named
   * after it; starting again on it keeps the data. Temporary folders by default.
   */
  dataDir?: string;
  /** Extra options for every cluster (e.g. timeouts). */
  clusterOptions?: Partial<TestClusterOptions>;
  /**
   * Makes the platform cluster a whole control plane (see
   * {@link TestClusterOptions.full}), where Kratix's pipeline Jobs run Pods;
   * the workers stay CRD servers. Default false.
   */
  fullPlatform?: boolean;
}

/**
 * Starts a platform cluster with the Kratix CRDs and worker clusters with the
 * Crossplane CRDs, all from the shared fixtures, and waits until every CRD is
 * Established.
 */
export async function startTestPlatform(
  options: TestPlatformOptions = {},
): Promise<TestPlatform> {
  const start = (name: string, crds: string[], full = false) =>
    TestCluster.start({
      ...options.clusterOptions,
      name,
      crds,
      ...(full && { full }),
      watchCache: options.watchCache,
      ...(options.dataDir && { dataDir: path.join(options.dataDir, name) }),
    });
  const started = await Promise.allSettled([
    start('platform', kratixCrdFiles(), options.fullPlatform),
    ...(options.workers ?? ['worker-1']).map(name =>
      start(name, crossplaneCrdFiles()),
    ),
  ]);
  const clusters = started.flatMap(r =>
    r.status === 'fulfilled' ? [r.value] : [],
  );
  const destroy = async () => {
    await Promise.all(clusters.map(c => c.destroy()));
  };
  const stop = async () => {
    await Promise.all(clusters.map(c => c.stop()));
  };
  const failure = started.find(r => r.status === 'rejected');
  if (failure) {
    // Data meant to be kept is left as a clean stop leaves it.
    await (options.dataDir ? stop() : destroy());
    throw (failure as PromiseRejectedResult).reason;
  }
  const [platform, ...workers] = clusters;
  return { platform, workers, destroy, stop };
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
