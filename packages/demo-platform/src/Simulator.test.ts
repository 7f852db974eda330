import {
  TestPlatform,
  describeWithFixtures,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  KRATIX_LABELS,
  getCondition,
  getResourceState,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '@kratix-backstage/plugin-kratix-node';
import { Simulator } from './Simulator';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients } from './demoClients';
import { ObjectRef, createIfAbsent, getIfExists } from './kubeObjects';
import { seedDemoPlatform } from './seedDemoPlatform';
import { startTestDemo, waitFor } from './testUtils';
import { workObjects } from './workloads';

jest.setTimeout(120_000);

const S3 = { apiVersion: 'syntasso.io/v1alpha1', kind: 'S3Bucket' };
const REDIS = { apiVersion: 'marketplace.kratix.io/v1alpha1', kind: 'redis' };
const CLAIM = {
  apiVersion: 'awsblueprints.io/v1alpha1',
  kind: 'ObjectStorage',
};

function s3Request(name: string) {
  return {
    ...S3,
    metadata: { name, namespace: 'team-b' },
    spec: {
      resourceConfig: {
        providerConfigName: 'default',
        region: 'eu-west-1',
        tags: [{ key: 'team', value: 'team-b' }],
      },
    },
  };
}

describeWithFixtures('Simulator', () => {
  let env: TestPlatform;
  let clients: DemoClients;
  let platform: KratixKubernetesClient;
  let worker1: KratixKubernetesClient;
  let simulator: Simulator;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ env, clients } = await startTestDemo());
    platform = clients.platform.client;
    worker1 = clients.workers['worker-1'].client;
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 50,
      pollIntervalMs: 100,
      log: line => lines.push(line),
    });
    simulator.start();
  });

  afterAll(async () => {
    await simulator?.stop();
    await env?.destroy();
  });

  const reconciled = (ref: ObjectRef) =>
    waitFor(`${ref.name} to be Reconciled`, async () => {
      const rr = await platform.get<any>(ref);
      return getCondition(rr, 'Reconciled')?.status === 'True' ? rr : undefined;
    });
  const list = async (
    kind: string,
    options: { namespace?: string; labelSelector?: string },
  ) =>
    (
      await platform.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind,
        ...options,
      })
    ).items;

  it('takes a new S3 request to Reconciled, with its Work, WorkPlacement and claim on the worker', async () => {
    const ref = { ...S3, namespace: 'team-b', name: 'sim-bucket' };
    await platform.create(s3Request('sim-bucket'));

    const rr = await reconciled(ref);
    expect(rr.metadata.labels[KRATIX_LABELS.promiseName]).toBe('s3buckets');
    expect(rr.status).toMatchObject({
      message: 'Resource requested',
      observedGeneration: rr.metadata.generation,
      workflows: 1,
      workflowsSucceeded: 1,
      kratix: {
        workflows: {
          pipelines: [
            { name: 'instance-configure', phase: 'Succeeded', attempts: 1 },
          ],
        },
      },
    });
    expect(getCondition(rr, 'WorksSucceeded')?.status).toBe('True');

    const [work] = await list('Work', {
      namespace: 'team-b',
      labelSelector: `${KRATIX_LABELS.resourceName}=sim-bucket`,
    });
    expect(work.metadata.labels).toMatchObject({
      [KRATIX_LABELS.promiseName]: 's3buckets',
      [KRATIX_LABELS.pipelineName]: 'instance-configure',
      [KRATIX_LABELS.workType]: 'resource',
    });
    // Only a Promise's pipelineNamespace makes Kratix label its Works with the request's namespace
    // (upstream syntasso/kratix lib/resourceutil/work.go, internal/controller/dynamic_resource_request_controller.go).
    expect(work.metadata.labels).not.toHaveProperty([
      KRATIX_LABELS.resourceNamespace,
    ]);
    expect(workObjects(work)).toEqual([
      expect.objectContaining({ ...CLAIM, spec: rr.spec }),
    ]);
    const [placement] = await list('WorkPlacement', {
      namespace: 'team-b',
      labelSelector: `${KRATIX_LABELS.work}=${work.metadata.name}`,
    });
    expect(placement.spec.targetDestinationName).toBe('worker-1');
    expect(getCondition(placement, 'Ready')?.status).toBe('True');

    const claim = await worker1.get<any>({
      ...CLAIM,
      namespace: 'default',
      name: 'sim-bucket',
    });
    expect(getCondition(claim, 'Ready')?.status).toBe('True');
    expect(claim.metadata.labels[KRATIX_LABELS.promiseName]).toBe('s3buckets');
    expect(
      lines.some(l => l.includes('team-b/sim-bucket (s3buckets): Pending')),
    ).toBe(true);
  });

  it(`ends in ConfigureWorkflowFailed when the request carries ${DEMO_ANNOTATIONS.fail}`, async () => {
    await platform.create({
      ...REDIS,
      metadata: {
        name: 'doomed',
        namespace: 'team-a',
        annotations: { [DEMO_ANNOTATIONS.fail]: 'true' },
      },
      spec: { size: 'small' },
    });
    const rr = await waitFor('doomed to fail', async () => {
      const current = await platform.get<any>({
        ...REDIS,
        namespace: 'team-a',
        name: 'doomed',
      });
      return getResourceState(current).state === 'failed' ? current : undefined;
    });
    expect(getCondition(rr, 'ConfigureWorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'ConfigureWorkflowFailed',
    });
    expect(rr.status.kratix.workflows.pipelines[0]).toMatchObject({
      name: 'instance-configure',
      phase: 'Failed',
      message: expect.stringContaining(DEMO_ANNOTATIONS.fail),
    });
    // syntasso/kratix internal/controller/dynamic_resource_request_controller.go writes observedGeneration only
    // after the configure workflow succeeds.
    expect(rr.status.observedGeneration).toBeUndefined();
  });

  it('keeps observedGeneration at the last success when an update fails, and does not run the same spec again (dynamic_resource_request_controller.go)', async () => {
    const ref = { ...REDIS, namespace: 'team-a', name: 'regressed' };
    await createIfAbsent(platform, {
      ...REDIS,
      metadata: { name: 'regressed', namespace: 'team-a' },
      spec: { size: 'small' },
    });
    await reconciled(ref);
    await platform.patch({
      ...ref,
      type: 'merge',
      patch: {
        metadata: { annotations: { [DEMO_ANNOTATIONS.fail]: 'true' } },
        spec: { size: 'large' },
      },
    });
    const rr = await waitFor('the update to fail', async () => {
      const current = await platform.get<any>(ref);
      return getResourceState(current).state === 'failed' ? current : undefined;
    });
    expect(rr.metadata.generation).toBe(2);
    expect(rr.status.observedGeneration).toBe(1);
    const runs = () =>
      lines.filter(l => l.startsWith('team-a/regressed (redis): picked up'))
        .length;
    const before = runs();
    await new Promise(r => setTimeout(r, 1000));
    expect(runs()).toBe(before);
    const later = await platform.get<any>(ref);
    expect(getResourceState(later).state).toBe('failed');
  });

  // syntasso/kratix lib/resourceutil/util.go: a request of a Promise that cannot fulfil requests carries only
  // PromiseAvailable=False, reason PromiseRequirementsNotInstalled.
  it('writes only PromiseAvailable=False on a request of an unavailable Promise (lib/resourceutil/util.go)', async () => {
    const ref = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'namespace',
      namespace: 'team-a',
      name: 'orphan',
    };
    await platform.create({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: 'orphan', namespace: 'team-a' },
      spec: {},
    });
    const rr = await waitFor('PromiseAvailable=False', async () => {
      const current = await platform.get<any>(ref);
      return current.status?.conditions?.length ? current : undefined;
    });
    expect(rr.status.conditions).toEqual([
      expect.objectContaining({
        type: 'PromiseAvailable',
        status: 'False',
        reason: 'PromiseRequirementsNotInstalled',
      }),
    ]);
    expect(getResourceState(rr)).toMatchObject({
      state: 'failed',
      reason: 'PromiseRequirementsNotInstalled',
    });
  });

  it('re-runs the workflow when the spec changes', async () => {
    const ref = { ...REDIS, namespace: 'team-a', name: 'resized' };
    await createIfAbsent(platform, {
      ...REDIS,
      metadata: { name: 'resized', namespace: 'team-a' },
      spec: { size: 'small' },
    });
    await reconciled(ref);
    await platform.patch({
      ...ref,
      type: 'merge',
      patch: { spec: { size: 'large' } },
    });
    const rr = await waitFor('generation 2 to be observed', async () => {
      const current = await platform.get<any>(ref);
      return current.status?.observedGeneration === 2 &&
        getCondition(current, 'Reconciled')?.status === 'True'
        ? current
        : undefined;
    });
    const [work] = await list('Work', {
      namespace: 'team-a',
      labelSelector: `${KRATIX_LABELS.resourceName}=resized`,
    });
    expect(workObjects(work)[0].spec.redis.replicas).toBe(3);
    expect(rr.metadata.generation).toBe(2);
  });

  it('removes the Work, WorkPlacements and Crossplane objects of a deleted request', async () => {
    const ref = { ...S3, namespace: 'team-b', name: 'short-lived' };
    await platform.create(s3Request('short-lived'));
    await reconciled(ref);
    const claimRef = { ...CLAIM, namespace: 'default', name: 'short-lived' };
    const claim = await worker1.get<any>(claimRef);
    const xr = await worker1.get<any>(claim.spec.resourceRef);
    const [bucketRef] = xr.spec.resourceRefs;

    await platform.delete(ref);
    await waitFor('the Work to go', async () => {
      const works = await list('Work', {
        namespace: 'team-b',
        labelSelector: `${KRATIX_LABELS.resourceName}=short-lived`,
      });
      return works.length === 0 ? true : undefined;
    });
    expect(
      await list('WorkPlacement', {
        namespace: 'team-b',
        labelSelector: `${KRATIX_LABELS.resourceName}=short-lived`,
      }),
    ).toEqual([]);
    expect(await getIfExists(worker1, claimRef)).toBeUndefined();
    expect(await getIfExists(worker1, claim.spec.resourceRef)).toBeUndefined();
    expect(await getIfExists(worker1, bucketRef)).toBeUndefined();
  });

  it('leaves the seeded showcase requests as they are', async () => {
    const sessions = await platform.get<any>({
      ...REDIS,
      namespace: 'team-b',
      name: 'sessions',
    });
    expect(sessions.status.kratix.workflows.pipelines[0].phase).toBe('Running');
    const fresh = await platform.get<any>({
      apiVersion: 'marketplace.kratix.io/v1',
      kind: 'app',
      namespace: 'team-b',
      name: 'new-app',
    });
    expect(fresh.status).toBeUndefined();
  });
  it('does not run a request again from a list read before its run ended', async () => {
    // Upstream Kratix acts on a request through Update, which the API server refuses for a copy older than the
    // object (internal/controller/dynamic_resource_request_controller.go); a pass of the simulator lists every
    // request once and may reach one only after the run it was in has ended.
    await simulator.stop();
    try {
      const name = 'listed-early';
      const ref = { ...S3, namespace: 'team-b', name };
      await platform.create(s3Request(name));
      const listedEarlier = await platform.get<any>(ref);
      let replay: any = undefined;
      const replaying = new Proxy(platform, {
        get(target, property) {
          if (property === 'list') {
            return async (args: any) => {
              const live = await target.list<any>(args);
              if (!replay || args.kind !== S3.kind) return live;
              return {
                ...live,
                items: live.items.map(item =>
                  item.metadata.uid === replay.metadata.uid ? replay : item,
                ),
              };
            };
          }
          const value = (target as any)[property];
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const passes = new Simulator({
        clients: {
          ...clients,
          platform: { ...clients.platform, client: replaying },
        },
        stepDelayMs: 50,
        log: line => lines.push(line),
      });
      const runsOf = () =>
        lines.filter(l => l.includes(`team-b/${name} (s3buckets): picked up`))
          .length;
      const idle = () =>
        waitFor('the run to end', async () =>
          (passes as any).timelines.size === 0 ? true : undefined,
        );

      await passes.tick();
      await reconciled(ref);
      await idle();
      expect(runsOf()).toBe(1);

      replay = listedEarlier;
      await passes.tick();
      await idle();
      expect(runsOf()).toBe(1);
      const rr = await platform.get<any>(ref);
      expect(getCondition(rr, 'Reconciled')?.status).toBe('True');
      expect(rr.status.observedGeneration).toBe(rr.metadata.generation);
      await passes.stop();
    } finally {
      simulator.start();
    }
  });
});
