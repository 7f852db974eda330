// A read-only npm registry on loopback that serves the tarballs of one folder, so that an app can install packages
// not published yet with the same `yarn add` lines as after a release.
//
//   node scripts/local-npm-registry.mjs DIR PORT_FILE   listens on a free port and writes it to PORT_FILE
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [dir, portFile] = process.argv.slice(2);
const packages = new Map();
for (const file of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const path = join(dir, file);
  const data = readFileSync(path);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xOzf', path, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  packages.set(manifest.name, { file, data, manifest });
}

const server = createServer((req, res) => {
  const url = decodeURIComponent(req.url ?? '/').replace(/^\/+/, '');
  const tarball = [...packages.values()].find(p => url === `-/${p.file}`);
  if (tarball) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(tarball.data);
    return;
  }
  const pkg = packages.get(url);
  if (!pkg) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: `${url} is not among the local tarballs` }),
    );
    return;
  }
  const { version } = pkg.manifest;
  const { port } = server.address();
  const published = new Date().toISOString();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      name: pkg.manifest.name,
      'dist-tags': { latest: version },
      time: { created: published, modified: published, [version]: published },
      versions: {
        [version]: {
          ...pkg.manifest,
          _id: `${pkg.manifest.name}@${version}`,
          dist: {
            tarball: `http://127.0.0.1:${port}/-/${pkg.file}`,
            shasum: createHash('sha1').update(pkg.data).digest('hex'),
            integrity: `sha512-${createHash('sha512')
              .update(pkg.data)
              .digest('base64')}`,
          },
        },
      },
    }),
  );
});
server.listen(0, '127.0.0.1', () => {
  writeFileSync(portFile, String(server.address().port));
});
