import { execFileSync } from 'child_process';
import path from 'path';

const cached: Record<string, string> = {};

/** Root of this repository, found from this file's location. */
export function repoRoot(): string {
  // Test tooling always runs from source, never from a production build.
  // eslint-disable-next-line no-restricted-syntax
  return path.resolve(__dirname, '../../..');
}

/**
 * Path of the loopback Kubernetes API server binary (tools/kube-apiserver),
 * built on first use and cached outside the work tree by scripts/kube-apiserver.sh.
 */
export function kubeApiServerBinary(): string {
  return process.env.KUBE_APISERVER_BINARY ?? builtBy('kube-apiserver.sh');
}

/**
 * Path of the launcher of the whole loopback control plane
 * (tools/kube-control-plane: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok), built on first use and cached outside the work
 * tree by scripts/kube-control-plane.sh.
 */
export function kubeControlPlaneBinary(): string {
  return (
    process.env.KUBE_CONTROL_PLANE_BINARY ?? builtBy('kube-control-plane.sh')
  );
}

function builtBy(script: string): string {
  cached[script] ??= execFileSync(
    'bash',
    [path.join(repoRoot(), 'scripts', script), 'path'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024,
    },
  ).trim();
  return cached[script];
}
