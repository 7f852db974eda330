import fs from 'fs';
import path from 'path';
import {
  TestCluster,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { DemoClients, demoClients } from './demoClients';

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
    caData: cluster.caDataBase64,
  };
}

/**
 * Starts (or restarts, keeping their data) the platform cluster (a whole
 * control plane) and the worker clusters (CRD servers)
 * with their data under `dir`, and writes `<name>.kubeconfig`,
 * `<name>-reader.kubeconfig` and `clusters.json` there.
 */
export async function startDemoClusters(dir: string): Promise<DemoClusters> {
  fs.mkdirSync(dir, { recursive: true });
  // The CRD-only server writes `server-url` into its data dir; the control plane does not, and cannot use its data.
  if (fs.existsSync(path.join(dir, PLATFORM_CLUSTER, 'server-url'))) {
    throw new Error(
      `The platform's data in ${dir} was made by an older demo, on a server without Jobs or Pods; delete ${dir} to start from a fresh seed on the whole control plane`,
    );
  }
  const env = await startTestPlatform({
    workers: WORKER_CLUSTERS,
    dataDir: dir,
    // Kratix's pipelines run as Jobs, whose Pods and logs need the whole control plane; the workers hold only
    // Crossplane's custom resources.
    fullPlatform: true,
  });
  const clusters = [env.platform, ...env.workers];
  const info = clusters.map(c => describe(dir, c));
  fs.writeFileSync(
    path.join(dir, 'clusters.json'),
    `${JSON.stringify({ clusters: info }, null, 2)}\n`,
  );
  return {
    clusters,
    info,
    clients: demoClients(env),
    stop: env.stop,
  };
}
