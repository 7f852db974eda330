import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import {
  TestCluster,
  installPromise,
  createNamespace,
  eventually,
  kratixClusterConfig,
  kratixCrdFiles,
  kratixPipelineJob,
  KratixPipelineJobOptions,
  kubeRequest,
  loadFixture,
  readmeClusterRole,
  tokenWithClusterRole,
  tokenWithNamespacedRole,
  setPodLogs,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import { startKratixBackend } from './__testUtils__/startKratixBackend';
import {
  createObject,
  testClusterSkipReason,
} from './__testUtils__/testCluster';

// Pipeline Jobs of several tenants in one pipeline namespace, and Jobs labelled by older Kratix, on a whole
// control plane (tools/kube-control-plane): kwok runs their Pods and serves their logs.
const describeWithControlPlane = testClusterSkipReason(
  'kratix backend pipelines of tenants sharing a pipeline namespace',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const API = 'marketplace.kratix.io/v1alpha1';
const SHARED = 'redis-pipelines';

function fixturePromise(file: string) {
  return loadFixture(`kratix/${file}`).find(d => d.kind === 'Promise');
}

// Upstream's redis Promise, set to run every workflow in one namespace (syntasso/kratix
// api/v1alpha1/promise_types.go `spec.workflows.config.pipelineNamespace`).
function redisWithPipelineNamespace() {
  const promise = fixturePromise('kratix-marketplace__redis-promise.yaml');
  promise.spec.workflows.config = { pipelineNamespace: SHARED };
  return promise;
}

function requestOf(kind: string, promise: string, name: string, ns: string) {
  return {
    apiVersion: API,
    kind,
    metadata: {
      name,
      namespace: ns,
      labels: { 'kratix.io/promise-name': promise },
    },
    spec: {},
  };
}

function entityOf(
  kind: 'Resource' | 'Component',
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'kratix.backstage.io/cluster': 'platform',
        ...annotations,
      },
    },
    spec: {
      type: kind === 'Resource' ? 'kratix-resource' : 'kratix-promise',
      owner: 'group:default/team-a',
    },
  };
}

const requestEntity = (
  kind: string,
  promise: string,
  name: string,
  namespace = 'team-a',
) =>
  entityOf('Resource', `${name}_${namespace}_${kind}`, {
    'kratix.backstage.io/api-version': API,
    'kratix.backstage.io/kind': kind,
    'kratix.backstage.io/name': name,
    'kratix.backstage.io/namespace': namespace,
    'kratix.backstage.io/promise': promise,
  });
const promiseEntity = (promise: string) =>
  entityOf('Component', promise, {
    'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
    'kratix.backstage.io/kind': 'Promise',
    'kratix.backstage.io/name': promise,
  });

// The catalog shows this user team-a's requests only: team-b's same-named request has no entity they may read.
const redisOfTeamA = requestEntity('redis', 'redis', 'orders-cache');
const kafkaOfTeamA = requestEntity('kafka', 'kafka', 'events');
const entities = [
  redisOfTeamA,
  kafkaOfTeamA,
  promiseEntity('redis'),
  promiseEntity('kafka'),
];
/** The README's ClusterRole for the backend. */
const readmeRole = () =>
  readmeClusterRole(
    path.resolve(__dirname, '../README.md'),
    'backstage-kratix-backend',
  );

const pathOf = (e: Entity) =>
  `/api/kratix/entities/${e.kind.toLowerCase()}/default/${e.metadata.name}`;

// Upstream names a run kratix-<promise>-<request>[-<request namespace>]-<pipeline>-<hash> (pipeline_factory.go).
const REDIS_A = 'kratix-redis-orders-cache-team-a-instance-configure-1a2b3';
const REDIS_B = 'kratix-redis-orders-cache-team-b-instance-configure-4c5d6';
const REDIS_PROMISE = 'kratix-redis-promise-configure-7e8f9';
const KAFKA_LEGACY = 'kratix-kafka-events-instance-configure-0a1b2';
const KAFKA_PROMISE_LEGACY = 'kratix-kafka-promise-configure-3c4d5';

/**
 * A Job as Kratix labelled it before February 2025: `kratix.io/work-type` and `kratix.io/work-action` in place of
 * `workflow-type`/`workflow-action` (syntasso/kratix 0b2d911e "use workflow- prefix in workflow labels"), and no
 * `kratix.io/job-resource-*` annotations (added with pipeline namespaces, 46e85a56, September 2025).
 */
function asOlderKratix(job: any) {
  const relabel = (labels: Record<string, string>) => {
    const {
      'kratix.io/workflow-type': type,
      'kratix.io/workflow-action': action,
      ...rest
    } = labels;
    return {
      ...rest,
      'kratix.io/work-type': type,
      'kratix.io/work-action': action,
    };
  };
  job.metadata.labels = relabel(job.metadata.labels);
  job.metadata.annotations = {};
  job.spec.template.metadata.labels = relabel(
    job.spec.template.metadata.labels,
  );
  return job;
}

async function runJob(cluster: TestCluster, job: any, lines: string[]) {
  const ns = job.metadata.namespace;
  await kubeRequest(
    cluster.admin,
    'POST',
    `/apis/batch/v1/namespaces/${ns}/jobs`,
    job,
  );
  const pod = await eventually(async () => {
    const pods = await kubeRequest(
      cluster.admin,
      'GET',
      `/api/v1/namespaces/${ns}/pods?labelSelector=job-name%3D${job.metadata.name}`,
    );
    return pods.items[0]?.metadata.name as string | undefined;
  }, `a Pod of Job ${job.metadata.name}`);
  const stage = job.spec.template.spec.initContainers[1].name;
  await setPodLogs(cluster.admin, cluster.dataDir, {
    namespace: ns,
    pod,
    containers: { [stage]: lines },
  });
  // The tests read each run as finished: wait for the controller-manager to say so.
  await eventually(
    async () => {
      const { status } = await kubeRequest(
        cluster.admin,
        'GET',
        `/apis/batch/v1/namespaces/${ns}/jobs/${job.metadata.name}`,
      );
      return (status?.succeeded ?? 0) > 0 || (status?.failed ?? 0) > 0;
    },
    `Job ${job.metadata.name} to finish`,
    60_000,
  );
  return pod;
}

function stagedJob(
  options: Omit<KratixPipelineJobOptions, 'stages'>,
  stage: string,
) {
  return kratixPipelineJob({ ...options, stages: [stage] });
}

describeWithControlPlane(
  'pipelines of tenants sharing a pipeline namespace',
  () => {
    let cluster: TestCluster;
    let server: any;
    const pods: Record<string, string> = {};

    beforeAll(async () => {
      cluster = await TestCluster.start({
        name: 'platform',
        full: true,
        crds: kratixCrdFiles(),
      });
      const admin = cluster.admin;
      await installPromise(admin, redisWithPipelineNamespace());
      await installPromise(
        admin,
        fixturePromise('kratix-marketplace__kafka-promise.yaml'),
      );
      for (const ns of ['team-a', 'team-b', SHARED, 'kratix-platform-system']) {
        await createNamespace(admin, ns);
      }
      for (const ns of ['team-a', 'team-b']) {
        await createObject(
          admin,
          'redis',
          requestOf('redis', 'redis', 'orders-cache', ns),
        );
      }
      await createObject(
        admin,
        'kafkas',
        requestOf('kafka', 'kafka', 'events', 'team-a'),
      );

      const redisRun = (ns: string, name: string) =>
        stagedJob(
          {
            name,
            namespace: SHARED,
            promise: 'redis',
            pipeline: 'instance-configure',
            request: {
              apiVersion: API,
              kind: 'redis',
              name: 'orders-cache',
              namespace: ns,
            },
            pipelineNamespaceSet: true,
          },
          'redis-configure-pipeline',
        );
      pods[REDIS_A] = await runJob(cluster, redisRun('team-a', REDIS_A), [
        "team-a's run",
      ]);
      pods[REDIS_B] = await runJob(cluster, redisRun('team-b', REDIS_B), [
        "team-b's secret",
      ]);
      // Promise workflows run in the pipeline namespace too (api/v1alpha1/pipeline_types.go ForPromise).
      pods[REDIS_PROMISE] = await runJob(
        cluster,
        stagedJob(
          {
            name: REDIS_PROMISE,
            namespace: SHARED,
            promise: 'redis',
            pipeline: 'promise-configure',
            workflowType: 'promise',
          },
          'redis-configure-pipeline',
        ),
        ['installing redis'],
      );
      pods[KAFKA_LEGACY] = await runJob(
        cluster,
        asOlderKratix(
          stagedJob(
            {
              name: KAFKA_LEGACY,
              namespace: 'team-a',
              promise: 'kafka',
              pipeline: 'instance-configure',
              request: {
                apiVersion: API,
                kind: 'kafka',
                name: 'events',
                namespace: 'team-a',
              },
            },
            'configure',
          ),
        ),
        ['kafka events configured'],
      );
      pods[KAFKA_PROMISE_LEGACY] = await runJob(
        cluster,
        asOlderKratix(
          stagedJob(
            {
              name: KAFKA_PROMISE_LEGACY,
              namespace: 'kratix-platform-system',
              promise: 'kafka',
              pipeline: 'promise-configure',
              workflowType: 'promise',
            },
            'configure',
          ),
        ),
        ['installing kafka'],
      );

      const token = await tokenWithClusterRole(admin, readmeRole(), {
        namespace: 'backstage',
        name: 'backstage',
      });
      ({ server } = await startKratixBackend({
        kratix: {
          clusters: [kratixClusterConfig(cluster, { isDefault: true, token })],
        },
        entities,
      }));
    });

    afterAll(async () => {
      await cluster?.destroy();
    });

    const jobsOf = async (e: Entity) => {
      const res = await request(server).get(`${pathOf(e)}/pipelines`);
      expect(res.status).toBe(200);
      expect(res.body.jobs.available).toBe(true);
      return res.body.jobs.items as any[];
    };

    // syntasso/kratix api/v1alpha1/pipeline_factory.go: in a pipeline namespace, runs of same-named requests of
    // several namespaces are told apart by kratix.io/resource-namespace and the kratix.io/job-resource-* annotations.
    it("lists only team-a's run of a request whose namespace shares the pipeline namespace", async () => {
      const jobs = await jobsOf(redisOfTeamA);
      expect(jobs.map(j => `${j.namespace}/${j.name}`)).toEqual([
        `${SHARED}/${REDIS_A}`,
      ]);
      expect(jobs[0].pods.map((p: any) => p.name)).toEqual([pods[REDIS_A]]);
    });

    it("never reads team-b's logs for team-a's request of the same name", async () => {
      const newest = await request(server).get(
        `${pathOf(redisOfTeamA)}/pipelines/instance-configure/logs`,
      );
      expect(newest.status).toBe(200);
      expect(newest.body.pod).toBe(pods[REDIS_A]);
      expect(newest.body.containers.map((c: any) => c.log).join('')).toContain(
        "team-a's run",
      );

      const other = await request(server).get(
        `${pathOf(redisOfTeamA)}/pipelines/instance-configure/logs?pod=${
          pods[REDIS_B]
        }`,
      );
      expect(other.status).toBe(404);
      expect(JSON.stringify(other.body)).not.toContain("team-b's secret");
    });

    it("finds a Promise's own runs in its pipeline namespace (pipeline_types.go ForPromise)", async () => {
      const jobs = await jobsOf(promiseEntity('redis'));
      expect(jobs.map(j => `${j.namespace}/${j.name}`)).toEqual([
        `${SHARED}/${REDIS_PROMISE}`,
      ]);
      expect(jobs[0]).toMatchObject({
        workflowType: 'promise',
        workflowAction: 'configure',
      });
    });

    // Kratix before syntasso/kratix 0b2d911e (February 2025) labels Jobs kratix.io/work-type and work-action.
    it('finds and reads the runs older Kratix labelled kratix.io/work-type and work-action', async () => {
      // Kratix before syntasso/kratix 10b9a792 (March 2026) writes no status.kratix.workflows.pipelines: the runs
      // still show, with no phases.
      const res = await request(server).get(
        `${pathOf(kafkaOfTeamA)}/pipelines`,
      );
      expect(res.body.pipelines).toEqual([]);
      const jobs = await jobsOf(kafkaOfTeamA);
      expect(jobs.map(j => `${j.namespace}/${j.name}`)).toEqual([
        `team-a/${KAFKA_LEGACY}`,
      ]);
      expect(jobs[0]).toMatchObject({
        pipeline: 'instance-configure',
        workflowType: 'resource',
        workflowAction: 'configure',
        status: 'succeeded',
      });
      const logs = await request(server).get(
        `${pathOf(kafkaOfTeamA)}/pipelines/instance-configure/logs`,
      );
      expect(logs.status).toBe(200);
      expect(logs.body.pod).toBe(pods[KAFKA_LEGACY]);
      expect(logs.body.containers.map((c: any) => c.log).join('')).toContain(
        'kafka events configured',
      );

      const promiseJobs = await jobsOf(promiseEntity('kafka'));
      expect(promiseJobs.map(j => `${j.namespace}/${j.name}`)).toEqual([
        `kratix-platform-system/${KAFKA_PROMISE_LEGACY}`,
      ]);
      expect(promiseJobs[0]).toMatchObject({
        workflowType: 'promise',
        workflowAction: 'configure',
      });
    });
    // The README's rules, with what is namespaced granted by a Role in team-a and in the pipeline namespace only,
    // and the cluster-scoped Promises and Destinations by a ClusterRole.
    it("with a namespaced Role, reads team-a's request and its runs, and answers 403 naming the namespace for team-b's", async () => {
      const token = await tokenWithNamespacedRole(cluster.admin, readmeRole(), {
        serviceAccount: { namespace: 'backstage', name: 'team-a-reader' },
        namespaces: ['team-a', SHARED],
        clusterScoped: ['promises', 'promiserevisions', 'destinations'],
      });
      const redisOfTeamB = requestEntity(
        'redis',
        'redis',
        'orders-cache',
        'team-b',
      );
      const backend = await startKratixBackend({
        kratix: {
          clusters: [kratixClusterConfig(cluster, { isDefault: true, token })],
        },
        entities: [...entities, redisOfTeamB],
      });
      try {
        const mine = await request(backend.server).get(
          `${pathOf(redisOfTeamA)}/summary`,
        );
        expect(mine.status).toBe(200);
        expect(mine.body.object).toMatchObject({
          name: 'orders-cache',
          namespace: 'team-a',
        });
        const runs = await request(backend.server).get(
          `${pathOf(redisOfTeamA)}/pipelines`,
        );
        expect(runs.body.jobs.items.map((j: any) => j.name)).toEqual([REDIS_A]);

        const theirs = await request(backend.server).get(
          `${pathOf(redisOfTeamB)}/summary`,
        );
        expect(theirs.status).toBe(403);
        expect(theirs.body.error.name).toBe('NotAllowedError');
        expect(theirs.body.error.message).toContain(
          'User "system:serviceaccount:backstage:team-a-reader" cannot get resource "redis" in API group "marketplace.kratix.io" in the namespace "team-b"',
        );
        expect(theirs.body.error.message).toContain(
          'Grant that verb on that resource to this identity',
        );
      } finally {
        await backend.stop();
      }
    });
  },
);
