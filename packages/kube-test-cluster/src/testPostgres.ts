import { execFile, execFileSync, ExecFileOptions } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

/** A private PostgreSQL on loopback, in a temporary folder. */
export interface TestPostgres {
  /** `backend.database` for Backstage. */
  databaseConfig: {
    client: 'pg';
    connection: { host: string; port: number; user: string };
  };
  /**
   * Ends every session of the Backstage databases, as PostgreSQL does when a backend process dies: open
   * transactions roll back, locks go. Returns how many sessions were ended.
   */
  endSessions(): Promise<number>;
  /** `pg_ctl --version`, e.g. `pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`. */
  version: string;
  stop(): Promise<void>;
}

/** Options of {@link startTestPostgres}. */
export interface TestPostgresOptions {
  /** `max_connections` (default 200; each Backstage backend opens a pool per plugin). */
  maxConnections?: number;
  /**
   * When the server binaries are missing and this process runs as root on Debian or Ubuntu, install Debian's
   * `postgresql` with apt-get, saying so through this function (the benchmark does; tests are run by scripts/test.sh,
   * which installs it first).
   */
  installWith?: (line: string) => void;
}

const INSTALL_HINT =
  'Install the PostgreSQL server (Debian/Ubuntu: apt-get install -y postgresql) or set KRATIX_TEST_PG_BIN to the folder holding initdb, pg_ctl and psql.';

/** The folder holding `initdb`, `pg_ctl` and `psql`: `$KRATIX_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const candidates = process.env.KRATIX_TEST_PG_BIN
    ? [process.env.KRATIX_TEST_PG_BIN]
    : (fs.existsSync(root) ? fs.readdirSync(root) : [])
        .sort((a, b) => Number(b) - Number(a))
        .map(v => path.join(root, v, 'bin'));
  return candidates.find(dir =>
    ['initdb', 'pg_ctl', 'psql'].every(b => fs.existsSync(path.join(dir, b))),
  );
}

/**
 * Why PostgreSQL can't be started here, or undefined when it can. Under CI=true its absence is an error; elsewhere
 * the reason is printed and the caller skips.
 */
export function postgresSkipReason(suite: string): string | undefined {
  if (findPostgresBin()) return undefined;
  const reason = `PostgreSQL's initdb, pg_ctl and psql were not found. ${INSTALL_HINT}`;
  if (process.env.CI === 'true') {
    throw new Error(`Cannot run '${suite}' under CI=true: ${reason}`);
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping '${suite}': ${reason}`);
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: run it as `postgres` (else `nobody`) then. */
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
    execFile(
      file,
      args,
      { ...options, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `${path.basename(file)} ${args.join(' ')} failed: ${
                stderr || error.message
              }`,
            ),
          );
        } else resolve(String(stdout));
      },
    );
  });
}

function installPostgres(log: (line: string) => void): string | undefined {
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    return undefined;
  }
  log("PostgreSQL was not found; installing Debian's postgresql with apt-get");
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync(
    'apt-get',
    ['install', '-y', '--no-install-recommends', 'postgresql'],
    {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    },
  );
  return findPostgresBin();
}

/**
 * Starts a throw-away PostgreSQL with trust authentication for user `postgres` on 127.0.0.1, without fsync (its data
 * is thrown away).
 */
export async function startTestPostgres(
  opts: TestPostgresOptions = {},
): Promise<TestPostgres> {
  const bin =
    findPostgresBin() ??
    (opts.installWith && installPostgres(opts.installWith));
  if (!bin) throw new Error(`PostgreSQL was not found. ${INSTALL_HINT}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-test-pg-'));
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
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=${
          opts.maxConnections ?? 200
        }`,
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
    databaseConfig: {
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres' },
    },
    async endSessions() {
      const out = await run(
        path.join(bin, 'psql'),
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-tAc',
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname LIKE 'backstage_plugin_%' AND pid <> pg_backend_pid()",
        ],
        options,
      );
      return Number(out.trim()) || 0;
    },
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
