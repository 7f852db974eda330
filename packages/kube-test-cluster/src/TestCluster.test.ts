import fs from 'fs';
import os from 'os';
import path from 'path';
import { TestCluster } from './TestCluster';
import { promiseApiCrd, applyCrd } from './crds';
import {
  describeWithFixtures,
  fixturesDir,
  kratixCrdFiles,
  listFixtures,
  loadFixture,
} from './fixtures';
import { KubeRequestError, kubeRequest } from './kubeRequest';
import { startTestPlatform, TestPlatform } from './testPlatform';

jest.setTimeout(120_000);

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';

function statusOf(promise: Promise<unknown>) {
  return promise.then(
    () => 200,
    e => (e instanceof KubeRequestError ? e.statusCode : String(e)),
  );
}

describeWithFixtures('startTestPlatform', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    env = await startTestPlatform({ workers: ['worker-1'] });
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('serves the Kratix CRDs on the platform and Crossplane CRDs on workers', async () => {
    const kratix = await kubeRequest(
      env.platform.admin,
      'GET',
      '/apis/platform.kratix.io/v1alpha1',
    );
    expect(kratix.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'promises',
        'works',
        'workplacements',
        'destinations',
      ]),
    );
    const crossplane = await kubeRequest(
      env.workers[0].admin,
      'GET',
      '/apis/apiextensions.crossplane.io/v1',
    );
    expect(crossplane.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining(['compositeresourcedefinitions', 'compositions']),
    );
    await expect(
      statusOf(
        kubeRequest(
          env.workers[0].admin,
          'GET',
          '/apis/platform.kratix.io/v1alpha1',
        ),
      ),
    ).resolves.toBe(404);
  });

  it('answers 401 to an unknown token and 403 to the reader writing', async () => {
    const { platform } = env;
    await expect(
      statusOf(
        kubeRequest({ ...platform.admin, token: 'nope' }, 'GET', PROMISES),
      ),
    ).resolves.toBe(401);
    await expect(
      statusOf(kubeRequest(platform.reader, 'GET', PROMISES)),
    ).resolves.toBe(200);
    await expect(
      statusOf(
        kubeRequest(platform.reader, 'POST', PROMISES, {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Promise',
          metadata: { name: 'reader-may-not' },
          spec: {},
        }),
      ),
    ).resolves.toBe(403);
  });

  it('installs every fixture Promise and the CRD Kratix would make for its API', async () => {
    const files = listFixtures('kratix', /promise\.yaml$/);
    expect(files.length).toBeGreaterThanOrEqual(6);
    let apis = 0;
    for (const file of files) {
      for (const doc of loadFixture(file).filter(d => d.kind === 'Promise')) {
        await kubeRequest(env.platform.admin, 'POST', PROMISES, doc);
        const crd = promiseApiCrd(doc);
        if (crd) {
          await applyCrd(env.platform.admin, crd);
          apis++;
        }
      }
    }
    expect(apis).toBeGreaterThanOrEqual(5);
    const list = await kubeRequest(env.platform.admin, 'GET', PROMISES);
    expect(list.items.map((p: any) => p.metadata.name)).toEqual(
      expect.arrayContaining(['redis', 'kafka']),
    );
    // The server validates requests against the API's schema, as with Kratix.
    const redis = await kubeRequest(
      env.platform.admin,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/redis.marketplace.kratix.io',
    );
    expect(redis.metadata.labels['kratix.io/promise-name']).toBe('redis');
  });
});

describeWithFixtures('startTestPlatform with a dataDir', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-platform-'));
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps each cluster in a sub-folder and its data across a stop and start', async () => {
    const first = await startTestPlatform({ workers: [], dataDir });
    try {
      await kubeRequest(first.platform.admin, 'POST', PROMISES, {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        metadata: { name: 'kept' },
        spec: {},
      });
    } finally {
      await first.stop();
    }
    expect(first.platform.dataDir).toBe(path.join(dataDir, 'platform'));

    const second = await startTestPlatform({ workers: [], dataDir });
    try {
      const kept = await kubeRequest(
        second.platform.admin,
        'GET',
        `${PROMISES}/kept`,
      );
      expect(kept.metadata.name).toBe('kept');
    } finally {
      await second.destroy();
    }
    expect(fs.existsSync(path.join(dataDir, 'platform'))).toBe(true);
  });
});

describeWithFixtures('TestCluster', () => {
  it('keeps its data across a crash and restart, and compacts etcd', async () => {
    const cluster = await TestCluster.start({
      name: 'restart',
      crds: kratixCrdFiles().filter(f =>
        f.endsWith('platform.kratix.io_promises.yaml'),
      ),
      watchCache: false,
    });
    try {
      const created = await kubeRequest(cluster.admin, 'POST', PROMISES, {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        metadata: { name: 'survivor' },
        spec: {},
      });
      const url = cluster.url;
      await cluster.kill();
      expect(await cluster.healthy()).toBe(false);
      await cluster.restart();
      expect(cluster.url).toBe(url);
      const got = await kubeRequest(
        cluster.admin,
        'GET',
        `${PROMISES}/survivor`,
      );
      expect(got.metadata.uid).toBe(created.metadata.uid);

      await kubeRequest(
        cluster.admin,
        'PATCH',
        `${PROMISES}/survivor`,
        {
          metadata: { labels: { a: 'b' } },
        },
        { contentType: 'application/merge-patch+json' },
      );
      const revision = await cluster.compactEtcd();
      expect(revision).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
      await expect(
        statusOf(
          kubeRequest(
            cluster.admin,
            'GET',
            `${PROMISES}?watch=1&resourceVersion=${created.metadata.resourceVersion}&timeoutSeconds=1`,
          ),
        ),
      ).resolves.toBe(200); // a watch answers 200 and then sends an ERROR event
      const watch = await kubeRequest(
        cluster.admin,
        'GET',
        `${PROMISES}?watch=1&resourceVersion=${created.metadata.resourceVersion}&timeoutSeconds=1`,
      ).catch(e => e);
      expect(JSON.stringify(watch)).toContain('410');
    } finally {
      await cluster.destroy();
    }
  });

  it('names the fixtures folder it reads', () => {
    expect(path.isAbsolute(fixturesDir())).toBe(true);
  });
});
