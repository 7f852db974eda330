import {
  TestPlatform,
  describeWithFixtures,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_LABELS,
  getCondition,
  getCrossplaneState,
  getDeletionState,
  getPromiseState,
  getResourceHealth,
  getResourceState,
  getWorkScheduleProblem,
} from '@kratix-backstage/plugin-kratix-common';
import { DemoClients, DemoCluster } from './demoClients';
import { seedDemoPlatform } from './seedDemoPlatform';
import { startTestDemo } from './testUtils';
import { workObjects } from './workloads';

jest.setTimeout(120_000);

const totals = (
  report: Record<string, Record<string, { created: number; existing: number }>>,
) =>
  Object.fromEntries(
    Object.entries(report).map(([cluster, kinds]) => [
      cluster,
      Object.fromEntries(
        Object.entries(kinds).map(([kind, c]) => [
          kind,
          c.created + c.existing,
        ]),
      ),
    ]),
  );

describeWithFixtures('seedDemoPlatform', () => {
  let env: TestPlatform;
  let clients: DemoClients;
  let first: Awaited<ReturnType<typeof seedDemoPlatform>>;

  beforeAll(async () => {
    ({ env, clients } = await startTestDemo());
    first = await seedDemoPlatform(clients);
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('seeds the expected objects on each cluster', () => {
    expect(totals(first)).toEqual({
      platform: {
        CustomResourceDefinition: 7,
        Promise: 8,
        GitStateStore: 1,
        Destination: 2,
        'redis.marketplace.kratix.io': 5,
        'kafka.marketplace.kratix.io': 3,
        'RDS.aws.marketplace.kratix.io': 2,
        'app.marketplace.kratix.io': 2,
        'S3Bucket.syntasso.io': 5,
        'appdeployment.promise.platform.giantswarm.io': 1,
        HealthRecord: 6,
        Work: 14,
        WorkPlacement: 13,
        PromiseRevision: 9,
        ResourceBinding: 17,
      },
      'worker-1': {
        CustomResourceDefinition: 11,
        CompositeResourceDefinition: 4,
        Composition: 5,
        'ObjectStorage.awsblueprints.io': 3,
        'XObjectStorage.awsblueprints.io': 3,
        'Bucket.s3.aws.crossplane.io': 3,
        'NopResource.nop.example.org': 1,
        'XNopResource.nop.example.org': 2,
        'NopResource.nop.crossplane.io': 1,
      },
      'worker-2': {
        CustomResourceDefinition: 11,
        CompositeResourceDefinition: 4,
        Composition: 5,
        'ObjectStorage.awsblueprints.io': 2,
        'XObjectStorage.awsblueprints.io': 2,
        'Bucket.s3.aws.crossplane.io': 2,
        'LogicalDatabaseClaim.xdatabase.crossplane.giantswarm.io': 1,
        'XLogicalDatabase.xdatabase.crossplane.giantswarm.io': 1,
        'Database.postgresql.sql.crossplane.io': 1,
        'Test.example.org': 1,
        'NopResource.nop.m.crossplane.io': 1,
      },
    });
    for (const kinds of Object.values(first)) {
      for (const { existing } of Object.values(kinds)) expect(existing).toBe(0);
    }
  });

  it('creates nothing when run again, and the servers hold the same counts', async () => {
    const second = await seedDemoPlatform(clients);
    expect(totals(second)).toEqual(totals(first));
    for (const kinds of Object.values(second)) {
      for (const { created } of Object.values(kinds)) expect(created).toBe(0);
    }
    const count = async (
      cluster: DemoCluster,
      apiVersion: string,
      kind: string,
    ) => (await cluster.client.list({ apiVersion, kind })).items.length;
    const { platform, workers } = clients;
    expect(await count(platform, KRATIX_API_VERSION, 'Promise')).toBe(8);
    expect(await count(platform, KRATIX_API_VERSION, 'Work')).toBe(14);
    expect(await count(platform, KRATIX_API_VERSION, 'WorkPlacement')).toBe(13);
    expect(await count(platform, 'syntasso.io/v1alpha1', 'S3Bucket')).toBe(5);
    expect(
      await count(
        workers['worker-1'],
        's3.aws.crossplane.io/v1beta1',
        'Bucket',
      ),
    ).toBe(3);
  });

  it('gives Promises Kratix-like statuses', async () => {
    const platform = clients.platform.client;
    const promise = (name: string) =>
      platform.get<any>({
        apiVersion: KRATIX_API_VERSION,
        kind: 'Promise',
        name,
      });
    const redis = await promise('redis');
    expect(redis.status).toMatchObject({
      status: 'Available',
      kind: 'redis',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      version: 'v0.1.0',
      kratix: {
        workflows: {
          pipelines: [{ name: 'promise-configure', phase: 'Succeeded' }],
        },
      },
    });
    expect(redis.status.conditions.map((c: any) => c.type)).toEqual([
      'RequirementsFulfilled',
      'ConfigureWorkflowCompleted',
      'WorksSucceeded',
      'Available',
      'Reconciled',
    ]);
    const namespace = await promise('namespace');
    expect(namespace.status.status).toBe('Unavailable');
    // syntasso/kratix internal/controller/promise_controller.go: waiting on requirements is pending, not failing.
    expect(getCondition(namespace, 'Reconciled')).toMatchObject({
      status: 'Unknown',
      reason: 'RequirementsNotFulfilled',
    });
    expect(getPromiseState(namespace)).toMatchObject({
      state: 'in-progress',
      reason: 'RequirementsNotInstalled',
    });
    expect(namespace.status.requiredPromises).toEqual([
      {
        name: 'kafka',
        version: 'v1.2.0',
        state: 'Requirement not installed at the specified version',
      },
      {
        name: 'telemetry',
        version: 'v1.1.0',
        state: 'Requirement not installed',
      },
    ]);
    expect((await promise('kafka')).status.requiredBy).toEqual([
      {
        promise: { name: 'namespace', version: '' },
        requiredVersion: 'v1.2.0',
      },
    ]);
    expect((await promise('crossplane')).status.kind).toBeUndefined();
  });

  it('seeds requests in every state', async () => {
    const platform = clients.platform.client;
    const get = (
      apiVersion: string,
      kind: string,
      namespace: string,
      name: string,
    ) => platform.get<any>({ apiVersion, kind, namespace, name });
    const cache = await get(
      'marketplace.kratix.io/v1alpha1',
      'redis',
      'team-a',
      'cache',
    );
    expect(getResourceState(cache).state).toBe('ready');
    expect(cache.metadata.annotations[KRATIX_ANNOTATIONS.owner]).toBe(
      'group:default/team-a',
    );
    expect(cache.status.healthStatus.state).toBe('healthy');

    const sessions = await get(
      'marketplace.kratix.io/v1alpha1',
      'redis',
      'team-b',
      'sessions',
    );
    expect(getResourceState(sessions).state).toBe('in-progress');
    expect(sessions.status.kratix.workflows.pipelines[0].phase).toBe('Running');

    const events = await get(
      'marketplace.kratix.io/v1alpha1',
      'kafka',
      'team-a',
      'events',
    );
    expect(getResourceState(events)).toMatchObject({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
      pipeline: 'instance-configure',
    });

    const behind = await get(
      'aws.marketplace.kratix.io/v1alpha1',
      'RDS',
      'team-a',
      'analytics-db',
    );
    expect(behind.metadata.generation).toBe(2);
    expect(behind.status.observedGeneration).toBe(1);

    const fresh = await get(
      'marketplace.kratix.io/v1',
      'app',
      'team-b',
      'new-app',
    );
    expect(fresh.metadata.labels?.[KRATIX_LABELS.promiseName]).toBeUndefined();
    expect(fresh.status).toBeUndefined();

    // syntasso/kratix internal/controller/dynamic_resource_request_controller.go: a failed run after an update
    // leaves observedGeneration at the last generation that succeeded.
    const queue = await get(
      'marketplace.kratix.io/v1alpha1',
      'redis',
      'team-a',
      'queue',
    );
    expect(queue.metadata.generation).toBe(2);
    expect(queue.status.observedGeneration).toBe(1);
    expect(getResourceState(queue)).toMatchObject({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
    });

    // syntasso/kratix lib/resourceutil/util.go: a failed delete workflow holds the request.
    const oldCache = await get(
      'marketplace.kratix.io/v1alpha1',
      'redis',
      'team-b',
      'old-cache',
    );
    expect(oldCache.metadata.deletionTimestamp).toBeDefined();
    expect(getDeletionState(oldCache)).toMatchObject({
      state: 'failed',
      reason: 'DeleteWorkflowFailed',
    });

    // syntasso/kratix internal/controller/healthrecord_controller.go: each record, worst first.
    const reports = await get(
      'marketplace.kratix.io/v1alpha1',
      'redis',
      'team-a',
      'reports',
    );
    expect(getResourceHealth(reports)).toMatchObject({
      state: 'unhealthy',
      records: [
        { state: 'unhealthy', source: { name: 'reports-health' } },
        { state: 'healthy', source: { name: 'reports-ping' } },
      ],
    });

    // syntasso/kratix internal/controller/scheduler.go: a Work no Destination matches.
    const {
      items: [unscheduled],
    } = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'Work',
      namespace: 'team-b',
      labelSelector: `${KRATIX_LABELS.resourceName}=audit`,
    });
    expect(getWorkScheduleProblem(unscheduled)).toMatchObject({
      reason: 'UnscheduledWorkloads',
    });
    const placements = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'WorkPlacement',
      namespace: 'team-b',
      labelSelector: `${KRATIX_LABELS.work}=${unscheduled.metadata.name}`,
    });
    expect(placements.items).toHaveLength(0);
  });

  // Upstream syntasso/kratix work-creator/lib/work_creator.go and lib/resourceutil/work.go: with
  // spec.workflows.config.pipelineNamespace, Works go to that namespace, labelled with the request's namespace.
  it('writes the Works of a Promise that sets pipelineNamespace into that namespace', async () => {
    const platform = clients.platform.client;
    const inRequestNamespace = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'Work',
      namespace: 'default',
      labelSelector: `${KRATIX_LABELS.promiseName}=appdeployment`,
    });
    expect(inRequestNamespace.items).toEqual([]);
    const {
      items: [work],
    } = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'Work',
      namespace: 'platform-pipelines',
      labelSelector: `${KRATIX_LABELS.promiseName}=appdeployment`,
    });
    expect(work.metadata.name).toMatch(
      /^appdeployment-my-go-project-1-default-/,
    );
    expect(work.metadata.labels).toMatchObject({
      [KRATIX_LABELS.resourceName]: 'my-go-project-1',
      [KRATIX_LABELS.resourceNamespace]: 'default',
    });
    const { items: placements } = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'WorkPlacement',
      namespace: 'platform-pipelines',
      labelSelector: `${KRATIX_LABELS.work}=${work.metadata.name}`,
    });
    expect(placements).toHaveLength(1);
    // syntasso/kratix internal/controller/scheduler.go (applyWorkplacementsForTargetDestinations): a WorkPlacement
    // names its Promise and request in its spec; its labels are the Work's, the group's and the Destination's.
    expect(Object.keys(placements[0].metadata.labels).sort()).toEqual(
      [
        KRATIX_LABELS.pipelineName,
        KRATIX_LABELS.targetDestinationName,
        KRATIX_LABELS.work,
        'kratix.io/workload-group-id',
      ].sort(),
    );
    expect(placements[0].spec).toMatchObject({
      promiseName: 'appdeployment',
      resourceName: 'my-go-project-1',
    });
    expect(workObjects(work)[0].kind).toBe('LogicalDatabaseClaim');
  });

  it("writes the Crossplane claim into the Work and onto the Destination's worker", async () => {
    const platform = clients.platform.client;
    const worker1 = clients.workers['worker-1'].client;
    const worker2 = clients.workers['worker-2'].client;
    const {
      items: [work],
    } = await platform.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: 'Work',
      namespace: 'default',
      labelSelector: `${KRATIX_LABELS.resourceName}=example-request`,
    });
    const [claim] = workObjects(work);
    expect(claim).toMatchObject({
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: {
        name: 'example-request',
        namespace: 'default',
        labels: { [KRATIX_LABELS.promiseName]: 's3buckets' },
      },
    });
    const onWorker = await worker1.get<any>({
      ...claim,
      name: 'example-request',
      namespace: 'default',
    });
    expect(getCondition(onWorker, 'Ready')?.status).toBe('True');
    const xr = await worker1.get<any>({ ...onWorker.spec.resourceRef });
    expect(xr.spec.claimRef).toMatchObject({
      name: 'example-request',
      namespace: 'default',
    });
    const [bucketRef] = xr.spec.resourceRefs;
    const bucket = await worker1.get<any>(bucketRef);
    expect(
      bucket.metadata.annotations['crossplane.io/composition-resource-name'],
    ).toBe('s3-bucket');
    expect(bucket.metadata.labels['crossplane.io/composite']).toBe(
      xr.metadata.name,
    );
    expect(bucket.status.atProvider.arn).toMatch(/^arn:aws:s3:::/);

    const logs = await worker1.get<any>({
      ...claim,
      name: 'team-b-logs',
      namespace: 'default',
    });
    // crossplane/crossplane internal/controller/apiextensions/claim/reconciler.go: a claim waits for its XR.
    expect(getCondition(logs, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'Waiting',
    });
    expect(getCrossplaneState(logs).state).toBe('in-progress');
    // crossplane/crossplane apis/core/v2/condition.go: a paused claim is Synced=False ReconcilePaused.
    const paused = await worker1.get<any>({
      ...claim,
      name: 'team-b-paused',
      namespace: 'default',
    });
    expect(paused.metadata.annotations['crossplane.io/paused']).toBe('true');
    expect(getCrossplaneState(paused)).toMatchObject({
      state: 'paused',
      reason: 'ReconcilePaused',
    });

    const v2 = await worker2.get<any>({
      apiVersion: 'example.org/v1alpha1',
      kind: 'Test',
      namespace: 'default',
      name: 'basic-xr-namespaced',
    });
    expect(v2.spec.crossplane.resourceRefs).toHaveLength(1);
    expect(v2.spec.crossplane.compositionRef.name).toBe(
      'basic-composition-namespaced',
    );
  });
});
