import {
  TestPlatform,
  kubeRequest,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  getCondition,
  getPromiseApi,
  getResourceState,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '@kratix-backstage/plugin-kratix-node';
import { Simulator } from './Simulator';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients } from './demoClients';
import {
  DEMO_PIPELINE_NAMESPACE,
  SHARED_PIPELINES_PROMISE,
  loadDemoPromises,
} from './demoPromises';
import { demoRequests } from './demoRequests';
import { seedDemoPlatform } from './seedDemoPlatform';
import { startTestDemo, waitFor } from './testUtils';

// A whole control plane (tools/kube-control-plane): Jobs make Pods, kwok runs them and serves their logs.
const describeWithControlPlane = testClusterSkipReason(
  'Simulator pipeline Jobs on a control plane',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const REDIS = { apiVersion: 'marketplace.kratix.io/v1alpha1', kind: 'redis' };

describeWithControlPlane('Simulator pipeline Jobs on a control plane', () => {
  let env: TestPlatform;
  let clients: DemoClients;
  let platform: KratixKubernetesClient;
  let simulator: Simulator;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ env, clients } = await startTestDemo({ full: true }));
    platform = clients.platform.client;
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 50,
      pollIntervalMs: 100,
      defaultBackoffLimit: 1,
      log: line => lines.push(line),
    });
    simulator.start();
  });

  afterAll(async () => {
    await simulator?.stop();
    await env?.destroy();
  });

  const jobsOf = async (namespace: string, request: string) =>
    (
      await platform.listJobs<any>({
        namespace,
        labelSelector: `kratix.io/resource-name=${request}`,
      })
    ).items;
  const podsOf = async (namespace: string, job: string) =>
    (
      await platform.listPods<any>({
        namespace,
        labelSelector: `batch.kubernetes.io/job-name=${job}`,
      })
    ).items;
  const logOf = (namespace: string, pod: string, container: string) =>
    platform.getPodLogs({ namespace, pod, container });
  const reconciled = (ref: {
    apiVersion: string;
    kind: string;
    namespace: string;
    name: string;
  }) =>
    waitFor(`${ref.name} to be Reconciled`, async () => {
      const current = await platform.get<any>(ref);
      return getCondition(current, 'Reconciled')?.status === 'True'
        ? current
        : undefined;
    });
  const worksOf = async (namespace: string, request: string) =>
    (
      await platform.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind: 'Work',
        namespace,
        labelSelector: `kratix.io/resource-name=${request}`,
      })
    ).items;

  // syntasso/kratix api/v1alpha1/pipeline_factory.go: the Job's name, labels, annotations, ServiceAccount and
  // containers; lib/workflow/reconciler.go: the Work comes from the Job's work-writer, so only after it succeeded.
  it("runs a new request's configure pipeline as Kratix's Job, and writes its Work once the Job is Complete (pipeline_factory.go)", async () => {
    await platform.create({
      ...REDIS,
      metadata: { name: 'jobbed', namespace: 'team-a' },
      spec: { size: 'small' },
    });
    const rr = await waitFor('jobbed to be Reconciled', async () => {
      const current = await platform.get<any>({
        ...REDIS,
        namespace: 'team-a',
        name: 'jobbed',
      });
      return getCondition(current, 'Reconciled')?.status === 'True'
        ? current
        : undefined;
    });

    const [job, ...others] = await jobsOf('team-a', 'jobbed');
    expect(others).toEqual([]);
    expect(job.metadata.name).toMatch(
      /^kratix-redis-jobbed-instance-configure-[0-9a-f]{5}$/,
    );
    expect(job.metadata.labels).toMatchObject({
      'kratix.io/promise-name': 'redis',
      'kratix.io/resource-name': 'jobbed',
      'kratix.io/pipeline-name': 'instance-configure',
      'kratix.io/workflow-type': 'resource',
      'kratix.io/workflow-action': 'configure',
      'app.kubernetes.io/managed-by': 'Kratix',
    });
    // Only a Promise's pipelineNamespace adds the request's namespace as a label.
    expect(job.metadata.labels).not.toHaveProperty([
      'kratix.io/resource-namespace',
    ]);
    expect(job.metadata.annotations).toMatchObject({
      'kratix.io/job-resource-namespace': 'team-a',
      'kratix.io/job-resource-name': 'jobbed',
      'kratix.io/job-resource-kind': 'redis',
      'kratix.io/job-resource-api-version': REDIS.apiVersion,
    });
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe(
      'redis-resource-configure-instance-configure',
    );
    expect(
      await platform.get({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        namespace: 'team-a',
        name: pod.serviceAccountName,
      }),
    ).toBeDefined();
    expect(pod.initContainers.map((c: any) => c.name)).toEqual([
      'reader',
      'redis-configure-pipeline',
      'work-writer',
    ]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['status-writer']);
    expect(getCondition(job, 'Complete')?.status).toBe('True');

    const [run] = await podsOf('team-a', job.metadata.name);
    expect(run.status.phase).toBe('Succeeded');
    const stage = await logOf(
      'team-a',
      run.metadata.name,
      'redis-configure-pipeline',
    );
    expect(stage).toContain(
      'wrote /kratix/output/resources.yaml: RedisFailover team-a/jobbed',
    );
    expect(await logOf('team-a', run.metadata.name, 'work-writer')).toContain(
      'wrote the Work of pipeline instance-configure',
    );

    const [work] = await worksOf('team-a', 'jobbed');
    expect(Date.parse(work.metadata.creationTimestamp)).toBeGreaterThanOrEqual(
      Date.parse(job.status.completionTime),
    );
    expect(rr.status.observedGeneration).toBe(rr.metadata.generation);
  });

  it('seeds the runs behind each seeded state: a Complete Job for a ready request, a Failed one whose log says why for a failed request', async () => {
    const [ready] = await jobsOf('team-a', 'cache');
    expect(getCondition(ready, 'Complete')?.status).toBe('True');
    const events = demoRequests().find(r => r.name === 'events')!;
    const [failed] = await jobsOf('team-a', 'events');
    expect(getCondition(failed, 'Failed')?.status).toBe('True');
    const [pod] = await podsOf('team-a', failed.metadata.name);
    const stage = pod.spec.initContainers[1].name;
    expect(await logOf('team-a', pod.metadata.name, stage)).toContain(
      `error: ${events.failure}`,
    );
    // failed-update: generation 1's run succeeded, generation 2's failed.
    const queue = await jobsOf('team-a', 'queue');
    expect(
      queue
        .map(j => (getCondition(j, 'Complete') ? 'Complete' : 'Failed'))
        .sort(),
    ).toEqual(['Complete', 'Failed']);
    expect(await jobsOf('team-b', 'new-app')).toEqual([]);
  });

  // syntasso/kratix lib/workflow/reconciler.go: a failed Job marks ConfigureWorkflowCompleted=False
  // (ConfigureWorkflowFailed) and writes no Work; the Job retries its Pod up to its backoffLimit.
  it(`fails the Job, and each Pod of its backoffLimit, of a request carrying ${DEMO_ANNOTATIONS.fail}, with logs saying why (reconciler.go)`, async () => {
    await platform.create({
      ...REDIS,
      metadata: {
        name: 'jobless',
        namespace: 'team-b',
        annotations: { [DEMO_ANNOTATIONS.fail]: 'true' },
      },
      spec: { size: 'small' },
    });
    const rr = await waitFor(
      'jobless to fail',
      async () => {
        const current = await platform.get<any>({
          ...REDIS,
          namespace: 'team-b',
          name: 'jobless',
        });
        return getResourceState(current).state === 'failed'
          ? current
          : undefined;
      },
      90_000,
    );
    expect(getCondition(rr, 'ConfigureWorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'ConfigureWorkflowFailed',
    });
    expect(rr.status.observedGeneration).toBeUndefined();

    const [job] = await jobsOf('team-b', 'jobless');
    expect(job.spec.backoffLimit).toBe(1);
    expect(getCondition(job, 'Failed')?.status).toBe('True');
    const pods = await podsOf('team-b', job.metadata.name);
    expect(pods.map(p => p.status.phase)).toEqual(['Failed', 'Failed']);
    for (const pod of pods) {
      const stage = pod.status.initContainerStatuses.find(
        (c: any) => c.name === 'redis-configure-pipeline',
      );
      expect(stage.state.terminated.exitCode).toBe(1);
      expect(
        await logOf('team-b', pod.metadata.name, 'redis-configure-pipeline'),
      ).toContain(
        `error: container failed: the request carries ${DEMO_ANNOTATIONS.fail}: "true"`,
      );
    }
    expect(await worksOf('team-b', 'jobless')).toEqual([]);
  });

  // syntasso/kratix internal/controller/dynamic_resource_request_controller.go deleteResources and
  // lib/workflow/reconciler.go ReconcileDelete: the finalizer holds a deleted request until its delete Job
  // (reader, the stages, status-writer: no work-writer) succeeds; a failed one leaves DeleteWorkflowFailed.
  it('holds a deleted request with its finalizer until its delete Job is Complete, and keeps it when that Job fails (dynamic_resource_request_controller.go)', async () => {
    const promise = loadDemoPromises().find(p => p.metadata.name === 'aws-rds');
    const api = getPromiseApi(promise)!;
    const spec = demoRequests().find(r => r.name === 'orders-db')!.spec;
    const ref = (name: string) => ({
      apiVersion: api.apiVersion,
      kind: api.kind,
      namespace: 'team-a',
      name,
    });
    const seeded = await platform.get<any>({
      ...ref('orders-db'),
      namespace: 'team-b',
    });
    expect(seeded.metadata.finalizers).toEqual(['kratix.io/delete-workflows']);
    for (const [name, annotations] of [
      ['retired', {}],
      ['clingy', { [DEMO_ANNOTATIONS.failDelete]: 'true' }],
    ] as const) {
      await platform.create({
        apiVersion: api.apiVersion,
        kind: api.kind,
        metadata: { name, namespace: 'team-a', annotations },
        spec,
      });
    }
    for (const name of ['retired', 'clingy']) {
      const rr = await reconciled(ref(name));
      expect(rr.metadata.finalizers).toContain('kratix.io/delete-workflows');
      await platform.delete(ref(name));
    }

    await waitFor('retired to be gone', async () =>
      (await platform.get(ref('retired')).catch(e => e.name)) ===
      'NotFoundError'
        ? true
        : undefined,
    );
    const deleteJobs = (name: string) =>
      jobsOf('team-a', name).then(jobs =>
        jobs.filter(
          j => j.metadata.labels['kratix.io/workflow-action'] === 'delete',
        ),
      );
    const [done] = await deleteJobs('retired');
    expect(done.metadata.labels['kratix.io/pipeline-name']).toBe('rds-delete');
    expect(getCondition(done, 'Complete')?.status).toBe('True');
    expect(
      done.spec.template.spec.initContainers.map((c: any) => c.name),
    ).not.toContain('work-writer');
    await waitFor('the Works of retired to go', async () =>
      (await worksOf('team-a', 'retired')).length === 0 ? true : undefined,
    );

    const clingy = await waitFor(
      'clingy to be stuck deleting',
      async () => {
        const current = await platform.get<any>(ref('clingy'));
        return getCondition(current, 'DeleteWorkflowCompleted')
          ? current
          : undefined;
      },
      90_000,
    );
    expect(getCondition(clingy, 'DeleteWorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'DeleteWorkflowFailed',
      message: 'The Delete Pipeline has failed',
    });
    expect(clingy.metadata.finalizers).toContain('kratix.io/delete-workflows');
    const [failed] = await deleteJobs('clingy');
    expect(getCondition(failed, 'Failed')?.status).toBe('True');
    expect(await worksOf('team-a', 'clingy')).not.toEqual([]);
  });

  // syntasso/kratix api/v1alpha1/pipeline_factory.go: with spec.workflows.config.pipelineNamespace the Jobs run
  // there, named and labelled with the request's namespace; lib/workflow/reconciler.go runs a Promise's
  // pipelines one Job at a time, in order.
  it('runs each pipeline of a Promise with a pipelineNamespace in that namespace, one Job after the other (pipeline_factory.go)', async () => {
    const promise = loadDemoPromises().find(
      p => p.metadata.name === SHARED_PIPELINES_PROMISE,
    );
    const api = getPromiseApi(promise)!;
    const seeded = demoRequests().find(
      r => r.promise === SHARED_PIPELINES_PROMISE,
    )!;
    await kubeRequest(clients.platform.admin, 'POST', `/api/v1/namespaces`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-c' },
    });
    await platform.create({
      apiVersion: api.apiVersion,
      kind: api.kind,
      metadata: { name: 'shared', namespace: 'team-c' },
      spec: seeded.spec,
    });
    await waitFor('shared to be Reconciled', async () => {
      const current = await platform.get<any>({
        apiVersion: api.apiVersion,
        kind: api.kind,
        namespace: 'team-c',
        name: 'shared',
      });
      return getCondition(current, 'Reconciled')?.status === 'True'
        ? current
        : undefined;
    });

    const jobs = (await jobsOf(DEMO_PIPELINE_NAMESPACE, 'shared')).sort(
      (a, b) => Date.parse(a.status.startTime) - Date.parse(b.status.startTime),
    );
    expect(jobs.map(j => j.metadata.labels['kratix.io/pipeline-name'])).toEqual(
      ['provision-infra', 'template'],
    );
    for (const job of jobs) {
      expect(job.metadata.name).toMatch(
        new RegExp(
          `^kratix-appdeployment-shared-team-c-${job.metadata.labels['kratix.io/pipeline-name']}-[0-9a-f]{5}$`,
        ),
      );
      expect(job.metadata.labels['kratix.io/resource-namespace']).toBe(
        'team-c',
      );
    }
    expect(
      Date.parse(jobs[1].metadata.creationTimestamp),
    ).toBeGreaterThanOrEqual(Date.parse(jobs[0].status.completionTime));
    expect(await jobsOf('team-c', 'shared')).toEqual([]);
  });
});
