import { execFile, execFileSync, ExecFileOptions } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { JsonObject } from '@backstage/types';

/** A private PostgreSQL server on loopback, in a temporary folder. */
export interface BenchPostgres {
  /** `backend.database` for Backstage; `prefix` keeps each backend's databases apart. */
  databaseConfig(prefix: string): JsonObject;
  version: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "Install Debian's PostgreSQL server (apt-get install -y postgresql) or point KRATIX_BENCH_PG_BIN at the folder holding initdb and pg_ctl.";

/** The folder holding `initdb` and `pg_ctl`: `$KRATIX_BENCH_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.KRATIX_BENCH_PG_BIN
    ? [process.env.KRATIX_BENCH_PG_BIN]
    : (fs.existsSync('/usr/lib/postgresql')
        ? fs.readdirSync('/usr/lib/postgresql')
        : []
      )
        .sort((a, b) => Number(b) - Number(a))
        .map(v => path.join('/usr/lib/postgresql', v, 'bin'));
  return candidates.find(dir =>
    ['initdb', 'pg_ctl'].every(b => fs.existsSync(path.join(dir, b))),
  );
}

/**
 * PostgreSQL's binaries: found, or, when running as root on Debian or Ubuntu, installed with apt-get; otherwise an
 * error that says how to install them.
 */
export function ensurePostgresBin(log: (line: string) => void): string {
  const found = findPostgresBin();
  if (found) return found;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    log(
      "PostgreSQL was not found; installing Debian's postgresql with apt-get",
    );
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'postgresql'],
      {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    const installed = findPostgresBin();
    if (installed) return installed;
  }
  throw new Error(
    `PostgreSQL's initdb and pg_ctl were not found. ${INSTALL_HINT}`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: run it as the `postgres` (else `nobody`) user then. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find(l => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error(
    'Running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as',
  );
}

function run(file: string, args: string[], options: ExecFileOptions) {
  return new Promise<string>((resolve, reject) => {
    execFile(file, args, options, (error, stdout, stderr) => {
      if (error) {
        reject(
          new Error(
            `${path.basename(file)} ${args.join(' ')} failed: ${
              stderr || error.message
            }`,
          ),
        );
      } else resolve(String(stdout));
    });
  });
}

/**
 * Starts a throw-away PostgreSQL (trust authentication for user `postgres`, 127.0.0.1 only, no fsync), the way the
 * catalog module's multi-replica test does.
 */
export async function startPostgres(
  log: (line: string) => void,
): Promise<BenchPostgres> {
  const bin = ensurePostgresBin(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-bench-pg-'));
  const data = path.join(dir, 'data');
  const user = unprivilegedUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const options: ExecFileOptions = {
    ...user,
    cwd: dir,
    env: { ...process.env, LC_ALL: 'C' },
  };
  const port = await freePort();
  try {
    await run(
      path.join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'],
      options,
    );
    await run(
      path.join(bin, 'pg_ctl'),
      [
        '-D',
        data,
        '-l',
        path.join(dir, 'postgres.log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
        'start',
      ],
      options,
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const version = (
    await run(path.join(bin, 'pg_ctl'), ['--version'], options)
  ).trim();
  return {
    version,
    databaseConfig: prefix => ({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres' },
      prefix,
    }),
    async stop() {
      await run(
        path.join(bin, 'pg_ctl'),
        ['-D', data, '-m', 'immediate', '-w', 'stop'],
        options,
      ).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
