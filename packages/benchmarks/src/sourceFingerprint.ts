import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { repoRoot } from '@kratix-backstage/kube-test-cluster';

/** The packages whose code a benchmark measures. */
export const MEASURED_SOURCES = [
  'plugins/catalog-backend-module-kratix/src',
  'plugins/scaffolder-backend-module-kratix/src',
  'plugins/kratix-node/src',
  'plugins/kratix-common/src',
];

/** Which code was measured. */
export interface SourceFingerprint {
  /** The commit checked out (`git rev-parse --short HEAD`), when the repository is a Git work tree. */
  commit: string;
  /** Hash of the files under {@link MEASURED_SOURCES}, tests left out. */
  hash: string;
}

/** The files of a source folder that end up running: tests and their helpers left out. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('__') ? [] : filesUnder(full);
    }
    return /\.test\.tsx?$/.test(entry.name) ? [] : [full];
  });
}

/** The commit and a hash of the measured sources, to tell whether they changed during a run. */
export function sourceFingerprint(): SourceFingerprint {
  const root = repoRoot();
  const hash = createHash('sha256');
  for (const dir of MEASURED_SOURCES) {
    for (const file of filesUnder(path.join(root, dir)).sort()) {
      hash.update(path.relative(root, file));
      hash.update(fs.readFileSync(file));
    }
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a Git work tree
  }
  return { commit, hash: hash.digest('hex').slice(0, 12) };
}
