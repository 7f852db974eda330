import path from 'path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  TestCluster,
  installPromise,
  createNamespace,
  eventually,
  kratixClusterConfig,
  kratixCrdFiles,
  kratixPipelineJob,
  kubeRequest,
  loadFixture,
  readmeClusterRole,
  tokenWithClusterRole,
  setPodLogs,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import {
  condition,
  createObject,
  testClusterSkipReason,
} from './__testUtils__/testCluster';
import { kratixPlugin } from './plugin';

// A whole control plane (tools/kube-control-plane): the pipeline Jobs run Pods on a kwok Node, with logs.
const describeWithControlPlane = testClusterSkipReason(
  'kratix backend pipelines on a control plane',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const REDIS_API = 'marketplace.kratix.io/v1alpha1';

// Upstream's own Promise (kratix-marketplace redis): its resource workflow is the Pipeline 'instance-configure'
// with one container, 'redis-configure-pipeline'.
function redisPromise() {
  return loadFixture('kratix/kratix-marketplace__redis-promise.yaml').find(
    d => d.kind === 'Promise',
  );
}

function redisRequest(namespace: string) {
  return {
    apiVersion: REDIS_API,
    kind: 'redis',
    metadata: {
      name: 'orders-cache',
      namespace,
      labels: { 'kratix.io/promise-name': 'redis' },
    },
    spec: { size: 'small' },
    status: {
      conditions: [
        condition(
          'ConfigureWorkflowCompleted',
          'False',
          'ConfigureWorkflowFailed',
        ),
      ],
      kratix: {
        workflows: {
          pipelines: [
            { name: 'instance-configure', phase: 'Failed', attempts: 2 },
          ],
        },
      },
    },
  };
}

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders-cache_team-a_redis.marketplace.kratix.io_platform',
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/cluster': 'platform',
      'kratix.backstage.io/api-version': REDIS_API,
      'kratix.backstage.io/kind': 'redis',
      'kratix.backstage.io/name': 'orders-cache',
      'kratix.backstage.io/namespace': 'team-a',
      'kratix.backstage.io/promise': 'redis',
    },
  },
  spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
};
const entityPath = `/api/kratix/entities/resource/default/${entity.metadata.name}`;

/** The ClusterRole this plugin's README tells adopters to grant on the platform cluster. */
const readmeRole = () =>
  readmeClusterRole(
    path.resolve(__dirname, '../README.md'),
    'backstage-kratix-backend',
  );

function pipelineJob(
  namespace: string,
  name: string,
  options: {
    failing?: string;
    backoffLimit?: number;
    pipeline?: string;
    workflowAction?: 'configure' | 'delete';
  } = {},
) {
  return kratixPipelineJob({
    name,
    namespace,
    promise: 'redis',
    pipeline: 'instance-configure',
    request: {
      apiVersion: REDIS_API,
      kind: 'redis',
      name: 'orders-cache',
      namespace,
    },
    stages: ['redis-configure-pipeline'],
    ...options,
  });
}

/** Whether a Job has the condition `type` (Complete or Failed), which the Job controller sets after seeing its Pods. */
async function jobHas(
  cluster: TestCluster,
  namespace: string,
  job: string,
  type: 'Complete' | 'Failed',
) {
  const { status } = await kubeRequest(
    cluster.admin,
    'GET',
    `/apis/batch/v1/namespaces/${namespace}/jobs/${job}`,
  );
  return (status?.conditions ?? []).some(
    (c: any) => c.type === type && c.status === 'True',
  );
}

async function podsOf(cluster: TestCluster, namespace: string, job: string) {
  const pods = await kubeRequest(
    cluster.admin,
    'GET',
    `/api/v1/namespaces/${namespace}/pods?labelSelector=job-name%3D${job}`,
  );
  return pods.items as any[];
}

describeWithControlPlane('kratix backend pipelines on a control plane', () => {
  let cluster: TestCluster;
  let server: any;
  let succeededPod: string;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'platform',
      full: true,
      crds: kratixCrdFiles(),
    });
    const admin = cluster.admin;
    await installPromise(admin, redisPromise());
    for (const ns of ['team-a', 'team-b']) {
      await createNamespace(admin, ns);
      // The same request name in two tenants' namespaces, each with its own pipeline runs.
      await createObject(admin, 'redis', redisRequest(ns));
      await kubeRequest(
        admin,
        'POST',
        `/apis/batch/v1/namespaces/${ns}/jobs`,
        pipelineJob(ns, 'kratix-redis-orders-cache-instance-configure-1'),
      );
    }
    await kubeRequest(
      admin,
      'POST',
      '/apis/batch/v1/namespaces/team-a/jobs',
      pipelineJob('team-a', 'kratix-redis-orders-cache-instance-configure-2', {
        failing: 'redis-configure-pipeline',
        backoffLimit: 1,
      }),
    );
    // A delete workflow whose stage fails: Kratix keeps the request's finalizer and marks
    // DeleteWorkflowCompleted=False (syntasso/kratix lib/resourceutil/util.go MarkDeleteWorkflowAsFailed).
    await kubeRequest(
      admin,
      'POST',
      '/apis/batch/v1/namespaces/team-a/jobs',
      pipelineJob('team-a', 'kratix-redis-orders-cache-instance-delete-1', {
        pipeline: 'instance-delete',
        workflowAction: 'delete',
        failing: 'redis-configure-pipeline',
      }),
    );
    await eventually(
      async () =>
        (
          await podsOf(
            cluster,
            'team-a',
            'kratix-redis-orders-cache-instance-configure-2',
          )
        ).filter(p => p.status.phase === 'Failed').length === 2 &&
        (
          await podsOf(
            cluster,
            'team-a',
            'kratix-redis-orders-cache-instance-delete-1',
          )
        ).some(p => p.status.phase === 'Failed') &&
        // The Job controller marks the Jobs only after it has seen their Pods (upstream
        // pkg/controller/job/job_controller.go), so wait for the Jobs too.
        (await jobHas(
          cluster,
          'team-a',
          'kratix-redis-orders-cache-instance-configure-1',
          'Complete',
        )) &&
        (await jobHas(
          cluster,
          'team-a',
          'kratix-redis-orders-cache-instance-configure-2',
          'Failed',
        )),
      'the failing Jobs to fail',
      90_000,
    );
    const [ok] = await podsOf(
      cluster,
      'team-a',
      'kratix-redis-orders-cache-instance-configure-1',
    );
    succeededPod = ok.metadata.name;
    await setPodLogs(admin, cluster.dataDir, {
      namespace: 'team-a',
      pod: succeededPod,
      containers: {
        reader: ['reading the request into /kratix/input/object.yaml'],
        'redis-configure-pipeline': ['generating redis-orders-cache', 'done'],
        'work-writer': ['wrote Work redis-orders-cache-instance-configure'],
        'status-writer': ['status updated'],
      },
    });
    const [other] = await podsOf(
      cluster,
      'team-b',
      'kratix-redis-orders-cache-instance-configure-1',
    );
    await setPodLogs(admin, cluster.dataDir, {
      namespace: 'team-b',
      pod: other.metadata.name,
      containers: { 'redis-configure-pipeline': ["team-b's secret"] },
    });

    // The backend gets exactly what its README grants, through a ServiceAccount token.
    const token = await tokenWithClusterRole(admin, readmeRole(), {
      namespace: 'backstage',
      name: 'backstage',
    });

    ({ server } = await startTestBackend({
      features: [
        kratixPlugin,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              clusters: [
                kratixClusterConfig(cluster, { isDefault: true, token }),
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [entity] }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish: async () => {} }),
        }),
      ],
    }));
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it("lists each run's Job and Pods, only from the request's own namespace", async () => {
    const res = await request(server).get(`${entityPath}/pipelines`);
    expect(res.status).toBe(200);
    expect(res.body.jobs.available).toBe(true);
    const jobs = res.body.jobs.items;
    expect(jobs.map((j: any) => `${j.namespace}/${j.name}`).sort()).toEqual([
      'team-a/kratix-redis-orders-cache-instance-configure-1',
      'team-a/kratix-redis-orders-cache-instance-configure-2',
      'team-a/kratix-redis-orders-cache-instance-delete-1',
    ]);
    const byName = Object.fromEntries(jobs.map((j: any) => [j.name, j]));
    const ok = byName['kratix-redis-orders-cache-instance-configure-1'];
    expect(ok).toMatchObject({
      pipeline: 'instance-configure',
      workflowType: 'resource',
      workflowAction: 'configure',
      status: 'succeeded',
    });
    expect(ok.startTime).toBeTruthy();
    expect(ok.completionTime).toBeTruthy();
    expect(ok.pods).toHaveLength(1);
    expect(
      ok.pods[0].containers.map((c: any) => [c.name, c.init, c.state]),
    ).toEqual([
      ['reader', true, 'terminated'],
      ['redis-configure-pipeline', true, 'terminated'],
      ['work-writer', true, 'terminated'],
      ['status-writer', false, 'terminated'],
    ]);
    // A failing stage fails its Pod and, after its retry, its Job: one Pod per attempt.
    const failed = byName['kratix-redis-orders-cache-instance-configure-2'];
    expect(failed.status).toBe('failed');
    expect(failed.pods).toHaveLength(2);
    for (const pod of failed.pods) {
      expect(pod.phase).toBe('Failed');
      expect(
        pod.containers.find((c: any) => c.name === 'redis-configure-pipeline'),
      ).toMatchObject({
        state: 'terminated',
        exitCode: 1,
      });
    }
  });

  it('shows a stuck deletion: the delete workflow run that failed, with its Pod', async () => {
    const res = await request(server).get(`${entityPath}/pipelines`);
    expect(res.status).toBe(200);
    const run = res.body.jobs.items.find(
      (j: any) => j.name === 'kratix-redis-orders-cache-instance-delete-1',
    );
    expect(run).toMatchObject({
      pipeline: 'instance-delete',
      workflowType: 'resource',
      workflowAction: 'delete',
      status: 'failed',
    });
    expect(run.pods).toHaveLength(1);
    expect(run.pods[0].phase).toBe('Failed');
  });

  it("reads a run's logs, each stage's container, with tailLines", async () => {
    const res = await request(server).get(
      `${entityPath}/pipelines/instance-configure/logs?pod=${succeededPod}&tailLines=1`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      available: true,
      namespace: 'team-a',
      pod: succeededPod,
    });
    expect(res.body.containers.map((c: any) => [c.container, c.log])).toEqual([
      ['reader', 'reading the request into /kratix/input/object.yaml\n'],
      ['redis-configure-pipeline', 'done\n'],
      ['work-writer', 'wrote Work redis-orders-cache-instance-configure\n'],
      ['status-writer', 'status updated\n'],
    ]);
  });

  it("never returns another namespace's Pod of a request with the same name", async () => {
    const [other] = await podsOf(
      cluster,
      'team-b',
      'kratix-redis-orders-cache-instance-configure-1',
    );
    const res = await request(server).get(
      `${entityPath}/pipelines/instance-configure/logs?pod=${other.metadata.name}`,
    );
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain("team-b's secret");
  });

  it('forgets a run whose Job was deleted, with its Pods', async () => {
    await kubeRequest(
      cluster.admin,
      'DELETE',
      '/apis/batch/v1/namespaces/team-a/jobs/kratix-redis-orders-cache-instance-configure-2?propagationPolicy=Foreground',
    );
    await eventually(
      async () => {
        const res = await request(server).get(`${entityPath}/pipelines`);
        return (
          res.body.jobs.items
            .map((j: any) => j.name)
            .sort()
            .join() ===
          [
            'kratix-redis-orders-cache-instance-configure-1',
            'kratix-redis-orders-cache-instance-delete-1',
          ].join()
        );
      },
      'the deleted Job to be gone',
      60_000,
    );
    expect(
      await podsOf(
        cluster,
        'team-a',
        'kratix-redis-orders-cache-instance-configure-2',
      ),
    ).toEqual([]);
  });

  it('says what the README grant lacks when one verb is removed', async () => {
    const role = readmeRole();
    const withoutJobs = {
      ...role,
      rules: role.rules.filter((r: any) => !r.resources.includes('jobs')),
    };
    await kubeRequest(
      cluster.admin,
      'PUT',
      `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role.metadata.name}`,
      withoutJobs,
    );
    const res = await eventually(async () => {
      const r = await request(server).get(`${entityPath}/pipelines`);
      return r.body.jobs.available === false && r;
    }, 'the backend to lose access to Jobs');
    expect(res.status).toBe(200);
    expect(res.body.pipelines).toEqual([
      { name: 'instance-configure', phase: 'Failed', attempts: 2 },
    ]);
    expect(res.body.jobs.reason).toMatch(/jobs/);
    expect(res.body.jobs.reason).toMatch(/forbidden|not allowed|403/i);
  });
});
