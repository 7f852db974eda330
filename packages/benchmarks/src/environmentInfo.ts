import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  kubeRequest,
  repoRoot,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';

/** Versions and machine the figures come from. */
export interface EnvironmentInfo {
  node: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  backstage: string;
  kubernetes: string;
  postgres?: string;
  packages: Record<string, string>;
}

/** Packages whose versions the report names. */
export const REPORTED_PACKAGES = [
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-scaffolder-backend',
  '@backstage/plugin-kubernetes-backend',
  '@kubernetes/client-node',
  '@terasky/backstage-plugin-kubernetes-ingestor',
  'better-sqlite3',
  'pg',
];

function packageVersion(name: string): string {
  const candidates = [
    path.join(repoRoot(), 'node_modules', name, 'package.json'),
    path.join(
      repoRoot(),
      'packages',
      'benchmarks',
      'node_modules',
      name,
      'package.json',
    ),
  ];
  for (const file of candidates) {
    if (fs.existsSync(file))
      return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  return 'not installed';
}

/** Node, OS, CPU, memory, the Backstage release, the API server's Kubernetes version and package versions. */
export async function environmentInfo(
  env: TestPlatform,
  postgres?: string,
): Promise<EnvironmentInfo> {
  const version = await kubeRequest(env.platform.admin, 'GET', '/version');
  const backstageJson = path.join(repoRoot(), 'backstage.json');
  const cpus = os.cpus();
  return {
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    backstage: fs.existsSync(backstageJson)
      ? JSON.parse(fs.readFileSync(backstageJson, 'utf8')).version
      : 'unknown',
    kubernetes: `${version.gitVersion} (tools/kube-apiserver)`,
    postgres,
    packages: Object.fromEntries(
      REPORTED_PACKAGES.map(p => [p, packageVersion(p)]),
    ),
  };
}
