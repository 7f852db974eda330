import https from 'https';
import {
  kratixCrdFiles,
  kubeRequest,
  KubeRequestError,
  TestCluster,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import { FaultProxy } from './FaultProxy';

jest.setTimeout(60_000);

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';

const describeWithCluster = testClusterSkipReason('FaultProxy')
  ? describe.skip
  : describe;

/** What a request through the proxy came to: the status code, or the network error's code. */
function outcome(request: Promise<unknown>): Promise<number | string> {
  return request.then(
    () => 200,
    e =>
      e instanceof KubeRequestError
        ? e.statusCode
        : String(e.code ?? e.message),
  );
}

/** The first event of a watch through the proxy, once a Promise is created. */
function firstWatchEvent(url: string, cluster: TestCluster): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${url}${PROMISES}?watch=1&timeoutSeconds=20`,
      {
        ca: cluster.caData,
        headers: { authorization: `Bearer ${cluster.adminToken}` },
      },
      res => {
        res.once('data', chunk => {
          resolve(JSON.parse(String(chunk).split('\n')[0]));
          req.destroy();
        });
        kubeRequest(cluster.admin, 'POST', PROMISES, {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Promise',
          metadata: { name: `watched-${Date.now()}` },
          spec: {},
        }).catch(reject);
      },
    );
    req.on('error', reject);
  });
}

describeWithCluster('FaultProxy', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'proxied',
      crds: kratixCrdFiles().filter(f =>
        f.endsWith('platform.kratix.io_promises.yaml'),
      ),
    });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it.each(['tcp', 'http'] as const)(
    'passes requests and watches through in %s mode, and refuses and drops connections',
    async mode => {
      const proxy = await FaultProxy.forCluster(cluster, mode);
      try {
        const via = { ...cluster.admin, url: proxy.url };
        await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toBe(
          200,
        );
        await expect(
          firstWatchEvent(proxy.url, cluster),
        ).resolves.toMatchObject({
          type: 'ADDED',
          object: { kind: 'Promise' },
        });

        proxy.refuse(true);
        await expect(
          outcome(kubeRequest(via, 'GET', PROMISES)),
        ).resolves.toMatch(/ECONNRESET|socket hang up/);
        expect(proxy.counts.refused).toBe(1);
        proxy.refuse(false);

        const open = https.get(`${proxy.url}${PROMISES}?watch=1`, {
          ca: cluster.caData,
          headers: { authorization: `Bearer ${cluster.adminToken}` },
        });
        const closed = new Promise(resolve => open.on('error', resolve));
        await new Promise(resolve => open.on('response', resolve));
        expect(proxy.dropConnections()).toBeGreaterThanOrEqual(1);
        await expect(closed).resolves.toBeDefined();
      } finally {
        await proxy.close();
      }
    },
  );

  it('answers 500s, resets and stalls requests in http mode', async () => {
    const proxy = await FaultProxy.forCluster(cluster, 'http');
    try {
      const via = { ...cluster.admin, url: proxy.url };
      proxy.setFaults({ error500: 1 });
      const error = await kubeRequest(via, 'GET', PROMISES).catch(e => e);
      expect(error).toBeInstanceOf(KubeRequestError);
      expect(error.statusCode).toBe(500);
      expect(error.body.message).toBe('fault injected by the drill proxy');

      proxy.setFaults({ reset: 1 });
      await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toMatch(
        /ECONNRESET|socket hang up/,
      );

      proxy.setFaults({ stall: 1, stallMs: 1_500 });
      const startedAt = Date.now();
      await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toBe(
        200,
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_400);

      proxy.clearFaults();
      await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toBe(
        200,
      );
      expect(proxy.counts).toMatchObject({ error500: 1, reset: 1, stall: 1 });
    } finally {
      await proxy.close();
    }
  });

  it('resets and stalls connections in tcp mode, and refuses 500s there', async () => {
    const proxy = await FaultProxy.forCluster(cluster, 'tcp');
    try {
      const via = { ...cluster.admin, url: proxy.url };
      expect(() => proxy.setFaults({ error500: 0.5 })).toThrow(/http mode/);
      proxy.setFaults({ reset: 1 });
      await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toMatch(
        /ECONNRESET|socket hang up/,
      );
      proxy.setFaults({ stall: 1, stallMs: 1_500 });
      const startedAt = Date.now();
      await expect(outcome(kubeRequest(via, 'GET', PROMISES))).resolves.toBe(
        200,
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_400);
    } finally {
      await proxy.close();
    }
  });
});
