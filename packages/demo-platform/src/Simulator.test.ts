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
import { Simulator } from './Simulator';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients, seedDemoPlatform } from './seedDemoPlatform';
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
  let simulator: Simulator;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ env, clients } = await startTestDemo());
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

  const reconciled = (ref: any) =>
    waitFor(`${ref.name} to be Reconciled`, async () => {
      const rr = await clients.platform.get(ref);
      return getCondition(rr, 'Reconciled')?.status === 'True' ? rr : undefined;
    });

  it('takes a new S3 request to Reconciled, with its Work, WorkPlacement and claim on the worker', async () => {
    const { platform, workers } = clients;
    const ref = { ...S3, namespace: 'team-b', name: 'sim-bucket' };
    await platform.createIfAbsent(s3Request('sim-bucket'));

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

    const [work] = await platform.list(KRATIX_API_VERSION, 'Work', {
      namespace: 'team-b',
      labelSelector: `${KRATIX_LABELS.resourceName}=sim-bucket`,
    });
    expect(work.metadata.labels).toMatchObject({
      [KRATIX_LABELS.promiseName]: 's3buckets',
      [KRATIX_LABELS.resourceNamespace]: 'team-b',
      [KRATIX_LABELS.pipelineName]: 'instance-configure',
      [KRATIX_LABELS.workType]: 'resource',
    });
    expect(workObjects(work)).toEqual([
      expect.objectContaining({ ...CLAIM, spec: rr.spec }),
    ]);
    const [placement] = await platform.list(
      KRATIX_API_VERSION,
      'WorkPlacement',
      {
        namespace: 'team-b',
        labelSelector: `${KRATIX_LABELS.work}=${work.metadata.name}`,
      },
    );
    expect(placement.spec.targetDestinationName).toBe('worker-1');
    expect(getCondition(placement, 'Ready')?.status).toBe('True');

    const claim = await workers['worker-1'].get({
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
    const { platform } = clients;
    await platform.createIfAbsent({
      ...REDIS,
      metadata: {
        name: 'doomed',
        namespace: 'team-a',
        annotations: { [DEMO_ANNOTATIONS.fail]: 'true' },
      },
      spec: { size: 'small' },
    });
    const rr = await waitFor('doomed to fail', async () => {
      const current = await platform.get({
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
    expect(rr.status.observedGeneration).toBe(rr.metadata.generation);
  });

  it('re-runs the workflow when the spec changes', async () => {
    const { platform } = clients;
    const ref = { ...REDIS, namespace: 'team-a', name: 'resized' };
    await platform.createIfAbsent({
      ...REDIS,
      metadata: { name: 'resized', namespace: 'team-a' },
      spec: { size: 'small' },
    });
    await reconciled(ref);
    await platform.patch(ref, { spec: { size: 'large' } });
    const rr = await waitFor('generation 2 to be observed', async () => {
      const current = await platform.get(ref);
      return current.status?.observedGeneration === 2 &&
        getCondition(current, 'Reconciled')?.status === 'True'
        ? current
        : undefined;
    });
    const [work] = await platform.list(KRATIX_API_VERSION, 'Work', {
      namespace: 'team-a',
      labelSelector: `${KRATIX_LABELS.resourceName}=resized`,
    });
    expect(workObjects(work)[0].spec.redis.replicas).toBe(3);
    expect(rr.metadata.generation).toBe(2);
  });

  it('removes the Work, WorkPlacements and Crossplane objects of a deleted request', async () => {
    const { platform, workers } = clients;
    const ref = { ...S3, namespace: 'team-b', name: 'short-lived' };
    await platform.createIfAbsent(s3Request('short-lived'));
    await reconciled(ref);
    const worker = workers['worker-1'];
    const claimRef = { ...CLAIM, namespace: 'default', name: 'short-lived' };
    const claim = await worker.get(claimRef);
    const xr = await worker.get(claim.spec.resourceRef);
    const [bucketRef] = xr.spec.resourceRefs;

    await platform.delete(ref);
    await waitFor('the Work to go', async () => {
      const works = await platform.list(KRATIX_API_VERSION, 'Work', {
        namespace: 'team-b',
        labelSelector: `${KRATIX_LABELS.resourceName}=short-lived`,
      });
      return works.length === 0 ? true : undefined;
    });
    expect(
      await platform.list(KRATIX_API_VERSION, 'WorkPlacement', {
        namespace: 'team-b',
        labelSelector: `${KRATIX_LABELS.resourceName}=short-lived`,
      }),
    ).toEqual([]);
    expect(await worker.get(claimRef)).toBeUndefined();
    expect(await worker.get(claim.spec.resourceRef)).toBeUndefined();
    expect(await worker.get(bucketRef)).toBeUndefined();
  });

  it('leaves the seeded showcase requests as they are', async () => {
    const sessions = await clients.platform.get({
      ...REDIS,
      namespace: 'team-b',
      name: 'sessions',
    });
    expect(sessions.status.kratix.workflows.pipelines[0].phase).toBe('Running');
    const fresh = await clients.platform.get({
      apiVersion: 'marketplace.kratix.io/v1',
      kind: 'app',
      namespace: 'team-b',
      name: 'new-app',
    });
    expect(fresh.status).toBeUndefined();
  });
});
