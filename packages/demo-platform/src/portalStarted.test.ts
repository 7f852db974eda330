import http from 'http';
import type { AddressInfo } from 'net';
import { describeWithFixtures } from '@kratix-backstage/kube-test-cluster';
import { demoEntityRefs, waitForPortal } from './portalStarted';

describeWithFixtures('demoEntityRefs', () => {
  it("names every seeded Promise and request as the catalog module does, as the portal's pages link them", () => {
    const refs = demoEntityRefs();
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.filter(r => r.startsWith('component:'))).toHaveLength(8);
    // The same names the end-to-end tests open (packages/app/e2e-tests/kratix.test.ts).
    expect(refs).toEqual(
      expect.arrayContaining([
        'component:default/s3buckets_platform',
        'component:default/kafka_platform',
        'resource:default/team-a-assets_team-a_s3bucket.syntasso.io_platform',
        'resource:default/events_team-a_kafka.marketplace.kratix.io_platform',
        'resource:default/analytics-db_team-a_rds.aws.marketplace.kratix.io_platform',
      ]),
    );
  });
});

describe('waitForPortal', () => {
  let server: http.Server | undefined;

  afterEach(async () => {
    await new Promise(resolve => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('says what it was still waiting for when nothing answers', async () => {
    // A port that was just free: nothing listens on it.
    server = http.createServer();
    await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server!.close(resolve));
    server = undefined;

    await expect(
      waitForPortal({
        appUrl: `http://127.0.0.1:${port}`,
        backendUrl: `http://127.0.0.1:${port}`,
        refs: ['component:default/s3buckets_platform'],
        timeoutMs: 300,
        pollIntervalMs: 100,
      }),
    ).rejects.toThrow(
      /^The portal had not started after 0 s: fetch failed \(ECONNREFUSED\)$/,
    );
  });

  it('waits for the page, not for any answer', async () => {
    // A frontend dev server that is still building answers, but not with the page.
    server = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('building');
    });
    await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    await expect(
      waitForPortal({
        appUrl: `http://127.0.0.1:${port}`,
        backendUrl: `http://127.0.0.1:${port}`,
        refs: [],
        timeoutMs: 300,
        pollIntervalMs: 100,
      }),
    ).rejects.toThrow(`http://127.0.0.1:${port} answered 503 (text/plain)`);
  });
});
