import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  describeWithFixtures,
  installPromise,
  installPromiseRevisions,
  installResourceBinding,
  kubeRequest,
  loadFixture,
  recordUpgrade,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import { startKratixTestBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const REDIS_API = 'marketplace.kratix.io/v1alpha1';
const redisPromise = () =>
  structuredClone(
    loadFixture('kratix/kratix-marketplace__redis-promise.yaml').find(
      d => d.kind === 'Promise',
    ),
  );

const annotations = (o: {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}) => ({
  'kratix.backstage.io/cluster': 'platform',
  'kratix.backstage.io/api-version': o.apiVersion,
  'kratix.backstage.io/kind': o.kind,
  'kratix.backstage.io/name': o.name,
  ...(o.namespace && { 'kratix.backstage.io/namespace': o.namespace }),
});

function requestEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${name}_team-a_redis.marketplace.kratix.io_platform`,
      namespace: 'default',
      annotations: annotations({
        apiVersion: REDIS_API,
        kind: 'redis',
        name,
        namespace: 'team-a',
      }),
    },
    spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'redis_platform',
      namespace: 'default',
      annotations: annotations({
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        name: 'redis',
      }),
    },
    spec: { type: 'kratix-promise', owner: 'group:default/platform' },
  },
  requestEntity('floating'),
  requestEntity('pinned'),
  requestEntity('failed'),
  requestEntity('new'),
];

describeWithFixtures('Promise versions in the summaries', () => {
  let env: TestPlatform;
  let backend: Awaited<ReturnType<typeof startKratixTestBackend>>;

  const summary = async (path: string) => {
    const response = await request(backend.server)
      .get(`/api/kratix/entities/${path}/summary`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return response.body;
  };
  const requestSummary = (name: string) =>
    summary(
      `resource/default/${name}_team-a_redis.marketplace.kratix.io_platform`,
    );

  beforeAll(async () => {
    env = await startTestPlatform();
    const conn = env.platform.admin;
    await installPromise(conn, redisPromise(), { status: 'Available' });
    const spec = redisPromise().spec;
    await installPromiseRevisions(conn, 'redis', {
      'v0.1.0': spec,
      'v0.2.0': spec,
    });
    for (const name of ['floating', 'pinned', 'failed', 'new']) {
      await kubeRequest(
        conn,
        'POST',
        `/apis/${REDIS_API}/namespaces/team-a/redis`,
        {
          apiVersion: REDIS_API,
          kind: 'redis',
          metadata: {
            name,
            namespace: 'team-a',
            labels: { 'kratix.io/promise-name': 'redis' },
          },
          spec: { size: 'small' },
        },
      );
    }
    const bind = (name: string, version: string, applied?: string) =>
      installResourceBinding(
        conn,
        { promiseName: 'redis', namespace: 'team-a', name },
        { version, applied },
      );
    await bind('floating', 'latest', 'v0.2.0');
    await bind('pinned', 'v0.1.0', 'v0.1.0');
    await bind('failed', 'latest', 'v0.1.0');
    // A new request Kratix has bound but not run yet.
    await bind('new', 'latest');
    await recordUpgrade(
      conn,
      { namespace: 'team-a', name: 'binding-of-failed' },
      {
        state: 'failed',
        version: 'v0.2.0',
        message: "A Pipeline has failed: 'instance-configure'",
      },
    );
    // The first answer pays for discovery on fresh servers: give a busy test machine time.
    backend = await startKratixTestBackend({
      platform: env,
      entities,
      backend: { clusterTimeoutMs: 60_000 },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await env?.destroy();
  });

  it("gives a Promise's revisions, newest first with the latest marked, and how many requests run each", async () => {
    const body = await summary('component/default/redis_platform');
    expect(body.promise.revisions).toEqual({
      available: true,
      items: [
        expect.objectContaining({
          name: 'redis-v0-2-0',
          version: 'v0.2.0',
          latest: true,
          requests: 1,
        }),
        expect.objectContaining({
          name: 'redis-v0-1-0',
          version: 'v0.1.0',
          latest: false,
          requests: 2,
        }),
      ],
    });
    expect(body.promise.requestsWithoutVersion).toBe(1);
    // Counts only: no request names reach a Promise's viewers.
    expect(JSON.stringify(body.promise)).not.toMatch(/floating|pinned/);
  });

  it('gives a request its version, pinned or floating, and the last upgrade (upstream resourcebinding_types.go)', async () => {
    expect((await requestSummary('floating')).version).toEqual({
      available: true,
      running: 'v0.2.0',
      desired: 'latest',
      pinned: false,
      latestVersion: 'v0.2.0',
      upgrade: { state: 'none' },
      upgradeAvailable: false,
    });
    expect((await requestSummary('pinned')).version).toMatchObject({
      running: 'v0.1.0',
      desired: 'v0.1.0',
      pinned: true,
      upgradeAvailable: true,
    });
    expect((await requestSummary('failed')).version).toMatchObject({
      running: 'v0.1.0',
      pinned: false,
      upgrade: {
        state: 'failed',
        failedVersion: 'v0.2.0',
        reason: 'UpgradeFailed',
        message: "A Pipeline has failed: 'instance-configure'",
      },
    });
  });
});
