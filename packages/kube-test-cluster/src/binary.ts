import { execFileSync } from 'child_process';
import path from 'path';

let cached: string | undefined;

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
  if (process.env.KUBE_APISERVER_BINARY) {
    return process.env.KUBE_APISERVER_BINARY;
  }
  if (!cached) {
    const script = path.join(repoRoot(), 'scripts', 'kube-apiserver.sh');
    cached = execFileSync('bash', [script, 'path'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024,
    }).trim();
  }
  return cached;
}
