import {
  TestCluster,
  createNamespace,
  createOrReplace,
  installPromise,
  kratixCrdFiles,
  loadFixture,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import { KRATIX_API_VERSION } from '@kratix-backstage/plugin-kratix-common';
import { DemoCluster, demoCluster } from './demoClients';
import { PromiseVersions } from './promiseVersions';

// ConfigMaps need a whole control plane (tools/kube-control-plane); the demo's CRD servers serve none.
const describeWithControlPlane = testClusterSkipReason(
  "the Kratix ConfigMap's binding strategy",
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const REDIS = { apiVersion: 'marketplace.kratix.io/v1alpha1', kind: 'redis' };

// Upstream syntasso/kratix cmd/main.go (readKratixConfig, getResourceBindingDefaultVersion) and
// internal/controller/dynamic_resource_request_controller.go (determineResourceBindingVersion).
describeWithControlPlane('PromiseVersions and the Kratix ConfigMap', () => {
  let cluster: TestCluster;
  let demo: DemoCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'demo-versions-strategy',
      full: true,
      crds: kratixCrdFiles(),
    });
    demo = demoCluster(cluster);
    const [promise] = loadFixture(
      'kratix/kratix-marketplace__redis-promise.yaml',
    ).filter(d => d.kind === 'Promise');
    await installPromise(cluster.admin, promise);
    await createNamespace(cluster.admin, 'kratix-platform-system');
    await createNamespace(cluster.admin, 'team-a');
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  const bindingFor = async (name: string, strategy: string) => {
    await createOrReplace(
      cluster.admin,
      '/api/v1/namespaces/kratix-platform-system/configmaps',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kratix', namespace: 'kratix-platform-system' },
        data: { config: `resourceBindingVersionStrategy: ${strategy}\n` },
      },
    );
    const client = demo.client;
    const rr = await client.create<any>({
      ...REDIS,
      metadata: { name, namespace: 'team-a' },
      spec: { size: 'small' },
    });
    const promises = (
      await client.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind: 'Promise',
      })
    ).items;
    const versions = new PromiseVersions(demo);
    await versions.syncPromises(promises);
    await versions.syncRequests(promises[0], [rr]);
    const [binding] = (
      await client.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind: 'ResourceBinding',
        namespace: 'team-a',
        labelSelector: `kratix.io/resource-name=${name}`,
      })
    ).items;
    return binding;
  };

  it('pins a new request to the latest version when the strategy is pinned', async () => {
    expect((await bindingFor('strict', 'pinned')).spec.version).toBe('v0.1.0');
  });

  it('lets it float for floating, and for a value Kratix does not know', async () => {
    expect((await bindingFor('relaxed', 'floating')).spec.version).toBe(
      'latest',
    );
    expect((await bindingFor('typo', 'pined')).spec.version).toBe('latest');
  });
});
