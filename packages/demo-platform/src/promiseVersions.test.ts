import {
  TestPlatform,
  describeWithFixtures,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  KRATIX_LABELS,
  getCondition,
  getLatestRevision,
  getPromiseRevisions,
  getResourceVersionView,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '@kratix-backstage/plugin-kratix-node';
import { Simulator } from './Simulator';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients } from './demoClients';
import { mergePatch, refOf } from './kubeObjects';
import {
  DEMO_VERSIONS,
  PromiseVersions,
  deterministicName,
} from './promiseVersions';
import { seedDemoPlatform } from './seedDemoPlatform';
import { startTestDemo, waitFor } from './testUtils';

jest.setTimeout(180_000);

const REDIS = { apiVersion: 'marketplace.kratix.io/v1alpha1', kind: 'redis' };
const PROMISE = {
  apiVersion: KRATIX_API_VERSION,
  kind: 'Promise',
  name: 'redis',
};
const NAMESPACE = 'versions';

// Upstream syntasso/kratix test/system/promise_revision_test.go, played by the simulator.
describeWithFixtures('Simulator: Promise versions', () => {
  let env: TestPlatform;
  let clients: DemoClients;
  let platform: KratixKubernetesClient;
  let simulator: Simulator;
  const lines: string[] = [];

  const list = async (kind: string, labelSelector?: string) =>
    (
      await platform.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind,
        labelSelector,
      })
    ).items;
  const revisions = async () =>
    getPromiseRevisions('redis', await list('PromiseRevision'));
  const bindingOf = async (name: string) => {
    const found = (
      await list(
        'ResourceBinding',
        `${KRATIX_LABELS.promiseName}=redis,${KRATIX_LABELS.resourceName}=${name}`,
      )
    ).filter(b => b.metadata.namespace === NAMESPACE);
    return found.length === 1 ? found[0] : undefined;
  };
  const request = (name: string) =>
    platform.get<any>({ ...REDIS, namespace: NAMESPACE, name });
  const view = async (name: string) =>
    getResourceVersionView(
      await request(name),
      await bindingOf(name),
      getLatestRevision(await revisions()),
    );
  const settledAt = (name: string, version: string) =>
    waitFor(`${name} to run ${version}`, async () => {
      const rr = await request(name);
      const binding = await bindingOf(name);
      return rr.status?.promiseVersion === version &&
        binding?.status?.lastAppliedVersion === version
        ? { rr, binding }
        : undefined;
    });
  const newVersion = async (version: string, failing = false) => {
    const promise = await platform.get<any>(PROMISE);
    const [pipeline, ...rest] = promise.spec.workflows.resource.configure;
    await mergePatch(platform, PROMISE, {
      metadata: { labels: { [KRATIX_LABELS.promiseVersion]: version } },
      spec: {
        workflows: {
          ...promise.spec.workflows,
          resource: {
            ...promise.spec.workflows.resource,
            configure: [
              {
                ...pipeline,
                metadata: {
                  ...pipeline.metadata,
                  annotations: failing
                    ? { [DEMO_ANNOTATIONS.fail]: 'true' }
                    : {},
                },
              },
              ...rest,
            ],
          },
        },
      },
    });
  };

  beforeAll(async () => {
    ({ env, clients } = await startTestDemo());
    platform = clients.platform.client;
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 300,
      pollIntervalMs: 100,
      log: line => lines.push(line),
    });
    simulator.start();
  });

  afterAll(async () => {
    await simulator?.stop();
    await env?.destroy();
  });

  it('seeds two versions of redis, the current one latest', async () => {
    const own = await revisions();
    expect(own.map(r => [r.spec.version, r.status?.latest ?? false])).toEqual([
      ['v0.1.0', true],
      [DEMO_VERSIONS.olderVersion, false],
    ]);
    expect(own[0].metadata.labels![KRATIX_LABELS.latestRevision]).toBe('true');
    expect(own[0].metadata.name).toBe(deterministicName('redis', 'v0.1.0'));
  });

  it('seeds a pinned request with an upgrade available and one failed upgrade', async () => {
    const seeded = async ({
      namespace,
      name,
    }: {
      namespace: string;
      name: string;
    }) => {
      const [binding] = (
        await list(
          'ResourceBinding',
          `${KRATIX_LABELS.promiseName}=redis,${KRATIX_LABELS.resourceName}=${name}`,
        )
      ).filter(b => b.metadata.namespace === namespace);
      const rr = await platform.get<any>({ ...REDIS, namespace, name });
      return getResourceVersionView(
        rr,
        binding,
        getLatestRevision(await revisions()),
      );
    };
    expect(await seeded(DEMO_VERSIONS.pinned)).toMatchObject({
      running: DEMO_VERSIONS.olderVersion,
      pinned: true,
      upgradeAvailable: true,
    });
    expect(await seeded(DEMO_VERSIONS.failedUpgrade)).toMatchObject({
      running: DEMO_VERSIONS.olderVersion,
      pinned: false,
      upgrade: {
        state: 'failed',
        failedVersion: 'v0.1.0',
        reason: 'UpgradeFailed',
      },
    });
    expect(await seeded({ namespace: 'team-a', name: 'cache' })).toMatchObject({
      running: 'v0.1.0',
      pinned: false,
      upgradeAvailable: false,
      upgrade: { state: 'none' },
    });
  });

  it('binds each new request to latest, and adopts a binding made beforehand by its labels', async () => {
    // Upstream test/system/assets/promise-revision/resource-binding-3.yaml.
    await platform.create({
      apiVersion: KRATIX_API_VERSION,
      kind: 'ResourceBinding',
      metadata: {
        name: 'pre-created-binding-for-pinned',
        namespace: NAMESPACE,
        labels: {
          [KRATIX_LABELS.promiseName]: 'redis',
          [KRATIX_LABELS.resourceName]: 'pinned',
        },
      },
      spec: {
        promiseRef: { name: 'redis' },
        resourceRef: { name: 'pinned', namespace: NAMESPACE },
        version: 'v0.1.0',
      },
    });
    for (const name of ['floating', 'pinned']) {
      await platform.create({
        ...REDIS,
        metadata: { name, namespace: NAMESPACE, labels: { team: 'a' } },
        spec: { size: 'small' },
      });
    }
    const { rr, binding } = await settledAt('floating', 'v0.1.0');
    expect(binding.spec.version).toBe('latest');
    expect(binding.metadata.name).toBe(deterministicName('floating-redis'));
    // Upstream copies the request's labels to its binding.
    expect(binding.metadata.labels).toEqual({
      team: 'a',
      [KRATIX_LABELS.promiseName]: 'redis',
      [KRATIX_LABELS.resourceName]: 'floating',
    });
    expect(rr.status.resourceBindingVersion).toBe('latest');
    // A first run is not an upgrade: no UpgradeSucceeded yet.
    expect(getCondition(binding, 'UpgradeSucceeded')).toBeUndefined();

    const pinned = await settledAt('pinned', 'v0.1.0');
    expect(pinned.binding.metadata.name).toBe('pre-created-binding-for-pinned');
    expect(pinned.rr.status.resourceBindingVersion).toBe('v0.1.0');
  });

  it('moves floating requests to a new version through UpgradeInProgress, and leaves pinned ones', async () => {
    const started = Date.now();
    await newVersion('v0.2.0');
    const inProgress = await waitFor('floating to be upgrading', async () => {
      const b = await bindingOf('floating');
      const c = getCondition(b, 'UpgradeSucceeded');
      return c?.reason === 'UpgradeInProgress' ? c : undefined;
    });
    expect(inProgress).toMatchObject({
      status: 'Unknown',
      message: 'Upgrade to version v0.2.0 is in progress',
    });
    const { binding } = await settledAt('floating', 'v0.2.0');
    expect(getCondition(binding, 'UpgradeSucceeded')).toMatchObject({
      status: 'True',
      reason: 'UpgradeComplete',
      message: 'Resource is at version v0.2.0',
    });
    lines.push(`upgrade took ${Date.now() - started} ms`);

    const own = await revisions();
    expect(own.map(r => [r.spec.version, r.status?.latest ?? false])).toEqual([
      ['v0.2.0', true],
      ['v0.1.0', false],
      [DEMO_VERSIONS.olderVersion, false],
    ]);
    expect(own[1].metadata.labels).not.toHaveProperty(
      KRATIX_LABELS.latestRevision,
    );
    expect((await platform.get<any>(PROMISE)).status.version).toBe('v0.2.0');

    expect(await view('pinned')).toMatchObject({
      running: 'v0.1.0',
      pinned: true,
      latestVersion: 'v0.2.0',
      upgradeAvailable: true,
      upgrade: { state: 'none' },
    });
  });

  it('upgrades a pinned request when its binding asks for another version', async () => {
    const binding = await bindingOf('pinned');
    await mergePatch(
      platform,
      {
        apiVersion: KRATIX_API_VERSION,
        kind: 'ResourceBinding',
        namespace: NAMESPACE,
        name: binding.metadata.name,
      },
      { spec: { version: 'v0.2.0' } },
    );
    const settled = await settledAt('pinned', 'v0.2.0');
    expect(settled.rr.status.resourceBindingVersion).toBe('v0.2.0');
    expect(getCondition(settled.binding, 'UpgradeSucceeded')?.reason).toBe(
      'UpgradeComplete',
    );
    expect((await view('pinned')).upgradeAvailable).toBe(false);
  });

  it('leaves a finished upgrade alone when it looks at a copy of the request read before the run recorded it', async () => {
    // Upstream internal/controller/resourcebinding_controller.go writes the request and the binding's status with
    // Update, so the server refuses a copy older than the object. Here a pass lists the request while its run is
    // still going, the run then records the new version, and the pass goes on with what it listed.
    const current = await request('pinned');
    expect(current.status.promiseVersion).toBe('v0.2.0');
    const listedEarlier = {
      ...current,
      status: { ...current.status, promiseVersion: 'v0.1.0' },
    };
    await mergePatch(platform, refOf(current), {
      metadata: { annotations: { 'example.com/touched': 'after the list' } },
    });
    const before = await bindingOf('pinned');
    const versions = new PromiseVersions(clients.platform);
    await versions.syncPromises(await list('Promise'));
    await versions.syncRequests(await platform.get<any>(PROMISE), [
      listedEarlier,
    ]);

    const after = await bindingOf('pinned');
    expect(getCondition(after, 'UpgradeSucceeded')).toMatchObject({
      status: 'True',
      reason: 'UpgradeComplete',
    });
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
    expect((await request('pinned')).metadata.labels).not.toHaveProperty(
      KRATIX_LABELS.manualReconciliation,
    );
  });

  it('records failedVersion and UpgradeFailed when the new version fails, and does not retry it', async () => {
    await newVersion('v0.3.0', true);
    const failed = await waitFor('floating upgrade to fail', async () => {
      const b = await bindingOf('floating');
      return b?.status?.failedVersion ? b : undefined;
    });
    expect(failed.status).toMatchObject({
      failedVersion: 'v0.3.0',
      lastAppliedVersion: 'v0.2.0',
    });
    expect(getCondition(failed, 'UpgradeSucceeded')).toMatchObject({
      status: 'False',
      reason: 'UpgradeFailed',
    });
    expect((await request('floating')).status.promiseVersion).toBe('v0.2.0');
    const runs = lines.filter(l => l.includes('floating (redis): picked up'));
    await new Promise(r => setTimeout(r, 1500));
    expect(
      lines.filter(l => l.includes('floating (redis): picked up')),
    ).toHaveLength(runs.length);
    expect(await view('floating')).toMatchObject({
      running: 'v0.2.0',
      pinned: false,
      upgrade: { state: 'failed', failedVersion: 'v0.3.0' },
    });
  });
});
