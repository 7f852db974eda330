import { NotFoundError } from '@backstage/errors';
import {
  describeWithFixtures,
  installPromiseRevisions,
  installResourceBinding,
  kratixCrdFiles,
  kubeRequest,
  loadFixture,
  resourceBindingsPath,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
import { adminClient } from '../__testUtils__/testCluster';
import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';
import {
  readPromiseRevisions,
  readResourceBinding,
  readResourceBindings,
  setResourceBindingVersion,
} from './resourceBindings';

jest.setTimeout(120_000);

const redisSpec = () =>
  structuredClone(
    loadFixture('kratix/kratix-marketplace__redis-promise.yaml').find(
      d => d.kind === 'Promise',
    ).spec,
  );

describeWithFixtures('Promise versions on a real API server', () => {
  let cluster: TestCluster;
  let client: KratixKubernetesClient;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'kratix-node-versions',
      crds: kratixCrdFiles(),
    });
    client = adminClient(cluster);
    // Versions listed out of order, and one of another Promise, which must not show up.
    await installPromiseRevisions(
      cluster.admin,
      'redis',
      {
        'v0.10.0': redisSpec(),
        'v0.2.0': redisSpec(),
        'v0.9.0': redisSpec(),
      },
      { latest: 'v0.10.0' },
    );
    await installPromiseRevisions(cluster.admin, 'redis-next', {
      'v9.0.0': redisSpec(),
    });
    await installResourceBinding(
      cluster.admin,
      { promiseName: 'redis', namespace: 'default', name: 'cache' },
      { version: 'latest', applied: 'v0.9.0' },
    );
    await installResourceBinding(
      cluster.admin,
      { promiseName: 'redis', namespace: 'default', name: 'other' },
      { version: 'v0.2.0' },
    );
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it("lists one Promise's revisions, newest version first (upstream latestRevision selects them by label)", async () => {
    const revisions = await readPromiseRevisions(client, 'redis');
    expect(revisions.map(r => r.spec?.version)).toEqual([
      'v0.10.0',
      'v0.9.0',
      'v0.2.0',
    ]);
    expect(revisions[0].status?.latest).toBe(true);
    expect(await readPromiseRevisions(client, 'postgres')).toEqual([]);
  });

  it('finds a binding by its labels whatever its name (upstream findResourceBinding)', async () => {
    const binding = await readResourceBinding(client, {
      promiseName: 'redis',
      namespace: 'default',
      name: 'cache',
    });
    expect(binding?.metadata.name).toBe('binding-of-cache');
    expect(binding?.status?.lastAppliedVersion).toBe('v0.9.0');
    expect(
      await readResourceBinding(client, {
        promiseName: 'redis',
        namespace: 'default',
        name: 'missing',
      }),
    ).toBeUndefined();
    expect(
      (await readResourceBindings(client, { promiseName: 'redis' })).map(
        b => b.metadata.name,
      ),
    ).toEqual(['binding-of-cache', 'binding-of-other']);
  });

  it('sets the version a binding asks for with a merge patch; a dry run changes nothing', async () => {
    const binding = (await readResourceBinding(client, {
      promiseName: 'redis',
      namespace: 'default',
      name: 'other',
    }))!;
    const path = resourceBindingsPath('default', 'binding-of-other');
    const dry = await setResourceBindingVersion(client, binding, 'v0.9.0', {
      dryRun: true,
    });
    expect(dry.spec?.version).toBe('v0.9.0');
    expect((await kubeRequest(cluster.admin, 'GET', path)).spec.version).toBe(
      'v0.2.0',
    );

    await setResourceBindingVersion(client, binding, 'latest');
    const stored = await kubeRequest(cluster.admin, 'GET', path);
    expect(stored.spec).toEqual({
      version: 'latest',
      promiseRef: { name: 'redis' },
      resourceRef: { name: 'other', namespace: 'default' },
    });
    expect(stored.metadata.labels['kratix.io/resource-name']).toBe('other');
  });

  it('says NotFound on a cluster that serves no Promise versions', async () => {
    const bare = await TestCluster.start({ name: 'kratix-node-unversioned' });
    const bareClient = adminClient(bare);
    try {
      await expect(
        readPromiseRevisions(bareClient, 'redis'),
      ).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await bareClient.close();
      await bare.stop();
    }
  });
});
