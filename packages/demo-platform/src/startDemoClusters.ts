import fs from 'fs';
import path from 'path';
import {
  TestCluster,
  crossplaneCrdFiles,
  kratixCrdFiles,
} from '@kratix-backstage/kube-test-cluster';
import { KubeClient } from './KubeClient';
import { DemoClients } from './seedDemoPlatform';

/** Name of the platform cluster (Kratix). */
export const PLATFORM_CLUSTER = 'platform';

/** Names of the worker clusters (Crossplane), which are also the Destinations' names. */
export const WORKER_CLUSTERS = ['worker-1', 'worker-2'];

/** One cluster as written to `clusters.json`. */
export interface DemoClusterInfo {
  name: string;
  role: 'platform' | 'worker';
  url: string;
  /** Admin kubeconfig (copy kept in the state dir). */
  kubeconfig: string;
  /** Read-only kubeconfig (get, list, watch). */
  readerKubeconfig: string;
  /** PEM of the cluster's CA. */
  ca: string;
  /** The CA PEM, base64-encoded, as kubeconfigs and Backstage's `caData` take it. */
  caData: string;
}

/** Running demo clusters. */
export interface DemoClusters {
  clusters: TestCluster[];
  clients: DemoClients;
  info: DemoClusterInfo[];
  /** Stops every server; their data stays in the state dir. */
  stop(): Promise<void>;
}

function describe(dir: string, cluster: TestCluster): DemoClusterInfo {
  const kubeconfig = path.join(dir, `${cluster.name}.kubeconfig`);
  const readerKubeconfig = path.join(dir, `${cluster.name}-reader.kubeconfig`);
  fs.copyFileSync(cluster.adminKubeconfigPath, kubeconfig);
  fs.copyFileSync(cluster.readerKubeconfigPath, readerKubeconfig);
  return {
    name: cluster.name,
    role: cluster.name === PLATFORM_CLUSTER ? 'platform' : 'worker',
    url: cluster.url,
    kubeconfig,
    readerKubeconfig,
    ca: cluster.caData,
    caData: Buffer.from(cluster.caData).toString('base64'),
  };
}

/**
 * Starts (or restarts, keeping their data) the platform and worker clusters
 * with their data under `dir`, and writes `<name>.kubeconfig`,
 * `<name>-reader.kubeconfig` and `clusters.json` there.
 */
export async function startDemoClusters(dir: string): Promise<DemoClusters> {
  fs.mkdirSync(dir, { recursive: true });
  const started = await Promise.allSettled([
    TestCluster.start({
      name: PLATFORM_CLUSTER,
      crds: kratixCrdFiles(),
      dataDir: path.join(dir, PLATFORM_CLUSTER),
    }),
    ...WORKER_CLUSTERS.map(name =>
      TestCluster.start({
        name,
        crds: crossplaneCrdFiles(),
        dataDir: path.join(dir, name),
      }),
    ),
  ]);
  const clusters = started.flatMap(r =>
    r.status === 'fulfilled' ? [r.value] : [],
  );
  const failure = started.find(r => r.status === 'rejected');
  if (failure) {
    await Promise.all(clusters.map(c => c.stop()));
    throw (failure as PromiseRejectedResult).reason;
  }
  const info = clusters.map(c => describe(dir, c));
  fs.writeFileSync(
    path.join(dir, 'clusters.json'),
    `${JSON.stringify({ clusters: info }, null, 2)}\n`,
  );
  const [platform, ...workers] = clusters;
  return {
    clusters,
    info,
    clients: {
      platform: new KubeClient(platform.admin, platform.name),
      workers: Object.fromEntries(
        workers.map(w => [w.name, new KubeClient(w.admin, w.name)]),
      ),
    },
    stop: async () => {
      await Promise.all(clusters.map(c => c.stop()));
    },
  };
}
