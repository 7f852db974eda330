import { execFile, ExecFileOptions } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

/** A private PostgreSQL cluster on loopback, in a temporary folder. */
export interface TestPostgres {
  /** `backend.database` for Backstage. */
  databaseConfig: {
    client: 'pg';
    connection: { host: string; port: number; user: string };
  };
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'Install PostgreSQL server binaries (Debian/Ubuntu: apt-get install -y postgresql) or point KRATIX_TEST_PG_BIN at the folder holding initdb and pg_ctl.';

/** The folder holding `initdb` and `pg_ctl`: `$KRATIX_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`. */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.KRATIX_TEST_PG_BIN
    ? [process.env.KRATIX_TEST_PG_BIN]
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
 * Whether PostgreSQL tests can run: true when its binaries are found; under CI=true their absence throws (the suite
 * fails with the reason), elsewhere it warns and returns false so the caller can skip.
 */
export function requirePostgres(): boolean {
  if (findPostgresBin()) return true;
  const message = `PostgreSQL's initdb and pg_ctl were not found. ${INSTALL_HINT}`;
  if (process.env.CI === 'true') throw new Error(message);
  // eslint-disable-next-line no-console
  console.warn(`Skipping the PostgreSQL tests: ${message}`);
  return false;
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
  return new Promise<void>((resolve, reject) => {
    execFile(file, args, options, (error, _stdout, stderr) => {
      if (error)
        reject(
          new Error(
            `${path.basename(file)} ${args.join(' ')} failed: ${
              stderr || error.message
            }`,
          ),
        );
      else resolve();
    });
  });
}

/** Starts a throw-away PostgreSQL with trust authentication for user `postgres` on 127.0.0.1. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL was not found. ${INSTALL_HINT}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kratix-pg-'));
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
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
        'start',
      ],
      options,
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    databaseConfig: {
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres' },
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
