import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TestPlatform,
  applyCrd,
  claimXrd,
  kubeRequest,
  promiseApiCrd,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import {
  clusterConfig,
  condition,
  createObject,
  encodeWorkload,
  looseCrd,
  testClusterSkipReason,
} from './__testUtils__/testCluster';
import { startKratixTestBackend } from './__testUtils__/testBackend';
import { kratixPlugin } from './plugin';

// Real API servers (tools/kube-apiserver); skipped with a message where they can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason('kratix backend plugin')
  ? describe.skip
  : describe;

const KRATIX = 'platform.kratix.io/v1alpha1';
const DB_API = 'marketplace.kratix.io/v1alpha1';
const CLAIM_API = 'database.example.org/v1alpha1';
const RDS_API = 'rds.aws.upbound.io/v1beta1';
const K8S_OBJECT_API = 'kubernetes.crossplane.io/v1alpha2';

const promise = {
  apiVersion: KRATIX,
  kind: 'Promise',
  metadata: {
    name: 'database',
    labels: { 'kratix.io/promise-version': 'v1.2.0' },
  },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'databases.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        scope: 'Namespaced',
        names: { kind: 'Database', plural: 'databases', singular: 'database' },
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: { size: { type: 'string' } },
                  },
                },
              },
            },
          },
        ],
      },
    },
    requiredPromises: [{ name: 'aws-provider', version: 'v1' }],
  },
  status: {
    status: 'Available',
    workflows: 0,
    workflowsSucceeded: 0,
    workflowsFailed: 0,
    version: 'v1.2.0',
    kind: 'Database',
    apiVersion: DB_API,
    conditions: [
      condition(
        'RequirementsFulfilled',
        'True',
        'RequirementsInstalled',
        'Requirements fulfilled',
      ),
    ],
    requiredPromises: [
      { name: 'aws-provider', version: 'v1', state: 'Requirement installed' },
    ],
  },
};

function database(name: string, generation: number, status: any) {
  return {
    apiVersion: DB_API,
    kind: 'Database',
    metadata: {
      name,
      namespace: 'team-a',
      labels: { 'kratix.io/promise-name': 'database' },
    },
    spec: { size: 'small' },
    status: { observedGeneration: generation, ...status },
  };
}

const readyStatus = {
  message: 'Database provisioned',
  workflows: 1,
  workflowsSucceeded: 1,
  workflowsFailed: 0,
  healthStatus: { state: 'healthy', healthRecords: [{ state: 'healthy' }] },
  conditions: [
    condition(
      'ConfigureWorkflowCompleted',
      'True',
      'PipelinesExecutedSuccessfully',
      'Pipelines completed',
    ),
    condition(
      'WorksSucceeded',
      'True',
      'WorksSucceeded',
      'All works succeeded',
    ),
    condition('Reconciled', 'True', 'Reconciled', 'Reconciled'),
  ],
  kratix: {
    workflows: {
      pipelines: [
        {
          name: 'instance-configure',
          phase: 'Succeeded',
          attempts: 1,
          lastTransitionTime: '2025-01-01T00:00:00Z',
          message: 'Pipeline completed',
        },
      ],
    },
  },
};

const failedStatus = {
  message: 'Pipeline failed',
  workflows: 1,
  workflowsSucceeded: 0,
  workflowsFailed: 1,
  conditions: [
    condition(
      'ConfigureWorkflowCompleted',
      'False',
      'ConfigureWorkflowFailed',
      'A pipeline failed',
    ),
    condition(
      'Reconciled',
      'False',
      'ConfigureWorkflowFailed',
      'A pipeline failed',
    ),
  ],
  kratix: {
    workflows: {
      pipelines: [
        {
          name: 'instance-configure',
          phase: 'Failed',
          attempts: 3,
          message: 'exit code 1',
        },
      ],
    },
  },
};

// What the request's pipeline wrote: a claim, placed on Destination 'aws' (the worker cluster).
const claim = {
  apiVersion: CLAIM_API,
  kind: 'PostgreSQLInstance',
  metadata: { name: 'ready-db', namespace: 'default' },
  spec: { size: 'small' },
};

const ownAnnotations = (o: {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  cluster?: string;
}) => ({
  'kratix.backstage.io/cluster': o.cluster ?? 'platform',
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
      name: `${name}_team-a_database.marketplace.kratix.io_platform`,
      namespace: 'default',
      annotations: {
        ...ownAnnotations({
          apiVersion: DB_API,
          kind: 'Database',
          name,
          namespace: 'team-a',
        }),
        'kratix.backstage.io/promise': 'database',
      },
    },
    spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
  };
}

// Ready, but one HealthRecord is unhealthy (shape of syntasso/kratix internal/controller/healthrecord_controller.go).
const unhealthyStatus = {
  ...readyStatus,
  healthStatus: {
    state: 'unhealthy',
    healthRecords: [
      {
        state: 'unhealthy',
        lastRun: 1764594000,
        source: { name: 'troubled-db-backup', namespace: 'team-a' },
        details: { error: 'backup failed' },
      },
      {
        state: 'healthy',
        lastRun: 1764590400,
        source: { name: 'troubled-db-ping', namespace: 'team-a' },
      },
    ],
  },
};

// A deletion whose delete pipeline failed (syntasso/kratix lib/resourceutil/util.go MarkDeleteWorkflowAsFailed).
const deleteFailedStatus = {
  ...readyStatus,
  conditions: [
    ...readyStatus.conditions,
    condition(
      'DeleteWorkflowCompleted',
      'False',
      'DeleteWorkflowFailed',
      'The Delete Pipeline has failed',
    ),
  ],
};

const entities: Entity[] = [
  requestEntity('ready-db'),
  requestEntity('troubled-db'),
  requestEntity('stuck-db'),
  requestEntity('failed-db'),
  requestEntity('behind-db'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'database_platform',
      namespace: 'default',
      title: 'Database',
      description: 'A PostgreSQL database on AWS',
      annotations: ownAnnotations({
        apiVersion: KRATIX,
        kind: 'Promise',
        name: 'database',
      }),
    },
    spec: {
      type: 'kratix-promise',
      owner: 'group:default/platform',
      lifecycle: 'production',
    },
  },
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'database_platform', namespace: 'default' },
    spec: {
      type: 'kratix-resource',
      owner: 'group:default/platform',
      steps: [],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'retired_platform',
      namespace: 'default',
      annotations: ownAnnotations({
        apiVersion: KRATIX,
        kind: 'Promise',
        name: 'retired',
      }),
    },
    spec: {
      type: 'kratix-promise',
      owner: 'group:default/platform',
      lifecycle: 'production',
    },
  },
  {
    // Written by a Kratix pipeline in Syntasso Kratix Enterprise's shape.
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ready-db-syntasso',
      namespace: 'default',
      annotations: {
        'kratix.io/type': 'resource',
        'kratix.io/promise-name': 'database',
        'kratix.io/group': 'marketplace.kratix.io',
        'kratix.io/version': 'v1alpha1',
        'kratix.io/kind': 'Database',
        'kratix.io/name': 'ready-db',
        'kratix.io/namespace': 'team-a',
      },
    },
    spec: {
      type: 'kratix-resource',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'plain', namespace: 'default' },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  },
];

describeWithCluster('kratix backend plugin', () => {
  let platform: TestPlatform;
  let server: any;
  const publish = jest.fn(async () => {});

  beforeAll(async () => {
    platform = await startTestPlatform({ workers: ['worker-1'] });
    const p = platform.platform.admin;
    const w = platform.workers[0].admin;

    await applyCrd(p, promiseApiCrd(promise));
    await createObject(p, 'promises', promise);
    await createObject(p, 'databases', database('ready-db', 1, readyStatus));
    await createObject(p, 'databases', database('failed-db', 1, failedStatus));
    await createObject(
      p,
      'databases',
      database('troubled-db', 1, unhealthyStatus),
    );
    const stuck = database('stuck-db', 1, deleteFailedStatus);
    (stuck.metadata.labels as Record<string, string>)[
      'kratix.io/workflow-suspended'
    ] = 'true';
    await createObject(p, 'databases', stuck);
    const troubledWork = (name: string, conditions: unknown[]) => ({
      apiVersion: KRATIX,
      kind: 'Work',
      metadata: {
        name,
        namespace: 'team-a',
        labels: {
          'kratix.io/promise-name': 'database',
          'kratix.io/resource-name': 'troubled-db',
          'kratix.io/pipeline-name': 'instance-configure',
          'kratix.io/work-type': 'resource',
        },
      },
      spec: {
        promiseName: 'database',
        resourceName: 'troubled-db',
        workloadGroups: [{ id: 'g1', directory: '.', workloads: [] }],
      },
      status: { conditions },
    });
    // syntasso/kratix internal/controller/scheduler.go: a Work no Destination matches.
    await createObject(
      p,
      'works',
      troubledWork('database-troubled-db-unmatched', [
        condition('Ready', 'False', 'UnscheduledWorkloads', 'Pending'),
        condition(
          'ScheduleSucceeded',
          'False',
          'UnscheduledWorkloads',
          'No matching destination found for workloadGroups: [g1]',
        ),
      ]),
    );
    await createObject(
      p,
      'works',
      troubledWork('database-troubled-db-refused', []),
    );
    // syntasso/kratix api/v1alpha1/workplacement_types.go: the state store refused the write; the last
    // revision written stays in status.versionID.
    await createObject(p, 'workplacements', {
      apiVersion: KRATIX,
      kind: 'WorkPlacement',
      metadata: {
        name: 'database-troubled-db-refused.aws-g1',
        namespace: 'team-a',
        labels: {
          'kratix.io/work': 'database-troubled-db-refused',
          'kratix.io/targetDestinationName': 'aws',
        },
      },
      spec: { targetDestinationName: 'aws', id: 'g1', workloads: [] },
      status: {
        versionID: 'a1b2c3d',
        conditions: [
          condition('Ready', 'False', 'WorkloadsFailedWrite', 'Failing'),
          condition(
            'WriteSucceeded',
            'False',
            'WorkloadsFailedWrite',
            'authentication required',
          ),
        ],
      },
    });
    // generation 1 observed as 0: the platform has not caught up yet.
    await createObject(p, 'databases', database('behind-db', 0, readyStatus));
    await createObject(p, 'destinations', {
      apiVersion: KRATIX,
      kind: 'Destination',
      metadata: {
        name: 'aws',
        labels: { 'kratix.backstage.io/cluster': 'worker-1' },
      },
      spec: {
        path: 'aws',
        stateStoreRef: { kind: 'GitStateStore', name: 'default' },
      },
    });
    const workloads = [
      { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
    ];
    const workName = 'database-ready-db-instance-configure-1a2b3';
    await createObject(p, 'works', {
      apiVersion: KRATIX,
      kind: 'Work',
      metadata: {
        name: workName,
        namespace: 'team-a',
        labels: {
          'kratix.io/promise-name': 'database',
          'kratix.io/resource-name': 'ready-db',
          'kratix.io/resource-namespace': 'team-a',
          'kratix.io/pipeline-name': 'instance-configure',
          'kratix.io/work-type': 'resource',
        },
      },
      spec: {
        promiseName: 'database',
        resourceName: 'ready-db',
        workloadGroups: [{ id: 'g1', directory: '.', workloads }],
      },
    });
    await createObject(p, 'workplacements', {
      apiVersion: KRATIX,
      kind: 'WorkPlacement',
      metadata: {
        name: `${workName}.aws-g1`,
        namespace: 'team-a',
        labels: {
          'kratix.io/work': workName,
          'kratix.io/targetDestinationName': 'aws',
        },
      },
      spec: {
        targetDestinationName: 'aws',
        promiseName: 'database',
        resourceName: 'ready-db',
        id: 'g1',
        workloads,
      },
      status: {
        conditions: [
          condition(
            'Ready',
            'True',
            'WorkloadsWrittenToTargetDestination',
            'Ready',
          ),
        ],
      },
    });

    await Promise.all([
      applyCrd(
        w,
        looseCrd({
          apiVersion: CLAIM_API,
          kind: 'PostgreSQLInstance',
          plural: 'postgresqlinstances',
          namespaced: true,
        }),
      ),
      applyCrd(
        w,
        looseCrd({
          apiVersion: CLAIM_API,
          kind: 'XPostgreSQLInstance',
          plural: 'xpostgresqlinstances',
          namespaced: false,
        }),
      ),
      applyCrd(
        w,
        looseCrd({
          apiVersion: RDS_API,
          kind: 'Instance',
          plural: 'instances',
          namespaced: false,
        }),
      ),
      applyCrd(
        w,
        looseCrd({
          apiVersion: K8S_OBJECT_API,
          kind: 'Object',
          plural: 'objects',
          namespaced: false,
        }),
      ),
    ]);
    // The XRD Crossplane made the claim and composite kinds from (upstream apis/apiextensions/v1/xrd_types.go).
    await createObject(
      w,
      'compositeresourcedefinitions',
      claimXrd({
        group: 'database.example.org',
        kind: 'XPostgreSQLInstance',
        plural: 'xpostgresqlinstances',
        claimKind: 'PostgreSQLInstance',
        claimPlural: 'postgresqlinstances',
      }),
    );
    const xrRef = {
      apiVersion: CLAIM_API,
      kind: 'XPostgreSQLInstance',
      name: 'ready-db-x7k2p',
    };
    await createObject(w, 'postgresqlinstances', {
      ...claim,
      spec: {
        ...claim.spec,
        resourceRef: xrRef,
        compositionRef: { name: 'aws' },
      },
      status: {
        conditions: [
          condition('Synced', 'True', 'ReconcileSuccess'),
          condition(
            'Ready',
            'False',
            'Creating',
            'Waiting for the RDS instance',
          ),
        ],
      },
    });
    await createObject(w, 'xpostgresqlinstances', {
      apiVersion: CLAIM_API,
      kind: 'XPostgreSQLInstance',
      metadata: {
        name: xrRef.name,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"password":"hunter2-applied"}',
        },
      },
      spec: {
        claimRef: {
          apiVersion: CLAIM_API,
          kind: 'PostgreSQLInstance',
          name: 'ready-db',
          namespace: 'default',
        },
        resourceRefs: [
          { apiVersion: RDS_API, kind: 'Instance', name: 'ready-db-rds' },
          {
            apiVersion: K8S_OBJECT_API,
            kind: 'Object',
            name: 'ready-db-credentials',
          },
        ],
      },
      status: {
        conditions: [
          condition('Synced', 'True', 'ReconcileSuccess'),
          condition('Ready', 'False', 'Creating'),
        ],
      },
    });
    await createObject(w, 'instances', {
      apiVersion: RDS_API,
      kind: 'Instance',
      metadata: { name: 'ready-db-rds' },
      spec: {
        forProvider: { region: 'eu-west-1' },
        providerConfigRef: { name: 'default' },
      },
      status: {
        conditions: [
          condition(
            'Synced',
            'False',
            'ReconcileError',
            'cannot create DB instance: InvalidParameterValue',
            '2025-01-02T00:00:00Z',
          ),
          condition('Ready', 'False', 'Creating'),
        ],
      },
    });
    await createObject(w, 'objects', {
      apiVersion: K8S_OBJECT_API,
      kind: 'Object',
      metadata: { name: 'ready-db-credentials' },
      spec: {
        forProvider: {
          manifest: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'ready-db-credentials', namespace: 'team-a' },
            data: { password: Buffer.from('hunter2-data').toString('base64') },
            stringData: { username: 'hunter2-string' },
          },
        },
      },
      status: {
        conditions: [
          condition('Synced', 'True', 'ReconcileSuccess'),
          condition('Ready', 'True', 'Available'),
        ],
      },
    });

    ({ server } = await startKratixTestBackend({
      platform,
      entities,
      features: [
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish }),
        }),
      ],
    }));
  }, 180_000);

  afterAll(async () => {
    await platform?.destroy();
  });

  const entityPath = (name: string, kind = 'resource') =>
    `/api/kratix/entities/${kind}/default/${name}`;

  it('summarises a ready request, with its Destination', async () => {
    const res = await request(server).get(
      `${entityPath(
        'ready-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef:
        'resource:default/ready-db_team-a_database.marketplace.kratix.io_platform',
      role: 'resource',
      object: {
        cluster: 'platform',
        apiVersion: DB_API,
        kind: 'Database',
        namespace: 'team-a',
        name: 'ready-db',
        generation: 1,
        observedGeneration: 1,
        behind: false,
        paused: false,
      },
      state: { state: 'ready' },
      message: 'Database provisioned',
      health: { state: 'healthy', records: 1, items: [{ state: 'healthy' }] },
      workflows: { total: 1, succeeded: 1, failed: 0 },
      destinations: {
        available: true,
        items: [
          {
            destination: 'aws',
            workPlacement: 'database-ready-db-instance-configure-1a2b3.aws-g1',
            work: 'database-ready-db-instance-configure-1a2b3',
            ready: 'True',
            misplaced: false,
          },
        ],
      },
    });
    expect(res.body.conditions).toContainEqual({
      type: 'Reconciled',
      status: 'True',
      reason: 'Reconciled',
      message: 'Reconciled',
      lastTransitionTime: '2025-01-01T00:00:00Z',
    });
  });

  it('summarises a failed request, naming the failed pipeline', async () => {
    const res = await request(server).get(
      `${entityPath(
        'failed-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body.state).toEqual({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
      message: 'A pipeline failed',
      pipeline: 'instance-configure',
    });
    expect(res.body.destinations).toEqual({ available: true, items: [] });
  });

  it('lists each HealthRecord, the unscheduled Work and the refused write; the worst health drives the state', async () => {
    const res = await request(server).get(
      `${entityPath(
        'troubled-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body.state).toMatchObject({
      state: 'failed',
      reason: 'Unhealthy',
    });
    expect(res.body.health).toEqual({
      state: 'unhealthy',
      records: 2,
      items: [
        {
          state: 'unhealthy',
          lastRun: '2025-12-01T13:00:00.000Z',
          source: { name: 'troubled-db-backup', namespace: 'team-a' },
          details: { error: 'backup failed' },
        },
        {
          state: 'healthy',
          lastRun: '2025-12-01T12:00:00.000Z',
          source: { name: 'troubled-db-ping', namespace: 'team-a' },
        },
      ],
    });
    expect(res.body.unscheduledWorks).toEqual([
      {
        work: 'database-troubled-db-unmatched',
        namespace: 'team-a',
        problem: {
          condition: 'ScheduleSucceeded',
          reason: 'UnscheduledWorkloads',
          message: 'No matching destination found for workloadGroups: [g1]',
        },
      },
    ]);
    expect(res.body.destinations.items).toEqual([
      {
        destination: 'aws',
        workPlacement: 'database-troubled-db-refused.aws-g1',
        work: 'database-troubled-db-refused',
        ready: 'False',
        reason: 'WorkloadsFailedWrite',
        message: 'Failing',
        misplaced: false,
        writeProblem: {
          condition: 'WriteSucceeded',
          reason: 'WorkloadsFailedWrite',
          message: 'authentication required',
        },
        versionID: 'a1b2c3d',
      },
    ]);
  });

  it('shows a stuck deletion and a suspended workflow', async () => {
    const res = await request(server).get(
      `${entityPath(
        'stuck-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body.object.workflowSuspended).toBe(true);
    expect(res.body.deletion).toEqual({
      state: 'failed',
      reason: 'DeleteWorkflowFailed',
      message: 'The Delete Pipeline has failed',
    });
    expect(res.body.state).toMatchObject({
      state: 'failed',
      reason: 'DeleteWorkflowFailed',
    });
  });

  it('says when the platform has not caught up with a request', async () => {
    const res = await request(server).get(
      `${entityPath(
        'behind-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body.object).toMatchObject({
      generation: 1,
      observedGeneration: 0,
      behind: true,
    });
    expect(res.body.state).toMatchObject({
      state: 'in-progress',
      reason: 'PlatformBehind',
    });
  });

  it('summarises a Promise', async () => {
    const res = await request(server).get(
      `${entityPath('database_platform', 'component')}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      role: 'promise',
      state: { state: 'ready' },
      promise: {
        status: 'Available',
        version: 'v1.2.0',
        requiredPromises: [
          {
            name: 'aws-provider',
            version: 'v1',
            state: 'Requirement installed',
          },
        ],
        requiredBy: [],
        api: {
          group: 'marketplace.kratix.io',
          version: 'v1alpha1',
          kind: 'Database',
          plural: 'databases',
        },
      },
    });
  });

  it('reads entities written in the Syntasso shape', async () => {
    const res = await request(server).get(
      `${entityPath('ready-db-syntasso', 'component')}/summary`,
    );
    expect(res.status).toBe(200);
    expect(res.body.object).toMatchObject({
      cluster: 'platform',
      name: 'ready-db',
      namespace: 'team-a',
    });
  });

  it('returns the pipeline phases and says Jobs cannot be read on a cluster without them', async () => {
    const res = await request(server).get(
      `${entityPath(
        'failed-db_team-a_database.marketplace.kratix.io_platform',
      )}/pipelines`,
    );
    expect(res.status).toBe(200);
    expect(res.body.pipelines).toEqual([
      {
        name: 'instance-configure',
        phase: 'Failed',
        attempts: 3,
        message: 'exit code 1',
      },
    ]);
    expect(res.body.jobs).toEqual({
      available: false,
      reason: expect.stringContaining("Cluster 'platform' does not serve jobs"),
    });
  });

  it('says logs cannot be read on a cluster without Pods', async () => {
    const res = await request(server).get(
      `${entityPath(
        'failed-db_team-a_database.marketplace.kratix.io_platform',
      )}/pipelines/instance-configure/logs?tailLines=50`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      pipeline: 'instance-configure',
      available: false,
      reason: expect.stringContaining('does not serve pods'),
    });
  });

  it('rejects a bad tailLines', async () => {
    const res = await request(server).get(
      `${entityPath(
        'failed-db_team-a_database.marketplace.kratix.io_platform',
      )}/pipelines/instance-configure/logs?tailLines=-3`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/tailLines/);
  });

  it.each([
    ['a path', '..%2F..%2F..%2Fetc%2Fpasswd'],
    ['extra selector terms', 'instance-configure%2Cevil%3Dtrue'],
    ['a name longer than a label value', 'p'.repeat(64)],
  ])('rejects a pipeline name that is %s', async (_what, pipeline) => {
    const res = await request(server).get(
      `${entityPath(
        'failed-db_team-a_database.marketplace.kratix.io_platform',
      )}/pipelines/${pipeline}/logs`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is not a pipeline name/);
  });

  it('follows the Crossplane objects of a request onto the worker cluster, without secrets or managedFields', async () => {
    const res = await request(server).get(
      `${entityPath(
        'ready-db_team-a_database.marketplace.kratix.io_platform',
      )}/crossplane`,
    );
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.truncated).toBe(false);
    const [root] = res.body.roots;
    expect(res.body.roots).toHaveLength(1);
    expect(root).toMatchObject({
      cluster: 'worker-1',
      apiVersion: CLAIM_API,
      kind: 'PostgreSQLInstance',
      namespace: 'default',
      name: 'ready-db',
      destination: 'aws',
      role: 'claim',
      found: true,
      state: 'in-progress',
      ready: 'False',
      synced: 'True',
    });
    const [xr] = root.children;
    expect(xr).toMatchObject({
      kind: 'XPostgreSQLInstance',
      name: 'ready-db-x7k2p',
      role: 'composite',
      found: true,
    });
    expect(
      xr.children.map((c: any) => [c.kind, c.name, c.role, c.state]),
    ).toEqual([
      ['Instance', 'ready-db-rds', 'managed', 'failed'],
      ['Object', 'ready-db-credentials', 'managed', 'ready'],
    ]);
    expect(xr.children[0].messages[0]).toEqual({
      type: 'Synced',
      reason: 'ReconcileError',
      message: 'cannot create DB instance: InvalidParameterValue',
    });
    expect(xr.children[1].yaml).toContain('kind: Secret');

    // The server did write them; the answer must not carry them.
    const stored = await kubeRequest(
      platform.workers[0].admin,
      'GET',
      `/apis/${CLAIM_API}/xpostgresqlinstances/${xr.name}`,
    );
    expect(stored.metadata.managedFields).toBeDefined();
    expect(stored.metadata.annotations).toHaveProperty([
      'kubectl.kubernetes.io/last-applied-configuration',
    ]);

    const raw = res.text;
    expect(raw).not.toContain('managedFields');
    expect(raw).not.toContain('last-applied-configuration');
    expect(raw).not.toContain('hunter2');
    expect(raw).not.toContain(Buffer.from('hunter2-data').toString('base64'));
  });

  it('starts the tree at a Crossplane entity itself', async () => {
    // An entity of the claim, as the catalog module writes it, resolved from a second backend with that entity.
    const claimEntity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'ready-db-claim',
        namespace: 'default',
        annotations: {
          ...ownAnnotations({
            apiVersion: CLAIM_API,
            kind: 'PostgreSQLInstance',
            name: 'ready-db',
            namespace: 'default',
            cluster: 'worker-1',
          }),
          'kratix.backstage.io/destination': 'aws',
        },
      },
      spec: { type: 'crossplane-claim', owner: 'group:default/team-a' },
    };
    const { server: other } = await startKratixTestBackend({
      platform,
      entities: [claimEntity],
      backend: { crossplaneMaxDepth: 1 },
    });
    const res = await request(other).get(
      `${entityPath('ready-db-claim')}/crossplane`,
    );
    expect(res.status).toBe(200);
    expect(res.body.roots[0]).toMatchObject({
      cluster: 'worker-1',
      role: 'claim',
      destination: 'aws',
    });
    expect(res.body.roots[0].children[0].children).toEqual([]);
    expect(res.body.truncated).toBe(true);
  });

  it('lists the marketplace: every Promise entity with its live availability and Template', async () => {
    const res = await request(server).get('/api/kratix/promises');
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([{ name: 'platform', available: true }]);
    expect(res.body.promises).toEqual([
      {
        entityRef: 'component:default/database_platform',
        name: 'database',
        title: 'Database',
        description: 'A PostgreSQL database on AWS',
        cluster: 'platform',
        availability: 'available',
        version: 'v1.2.0',
        api: {
          group: 'marketplace.kratix.io',
          version: 'v1alpha1',
          kind: 'Database',
        },
        templateRef: 'template:default/database_platform',
      },
      {
        entityRef: 'component:default/retired_platform',
        name: 'retired',
        cluster: 'platform',
        availability: 'unavailable',
        message: "Promise 'retired' is no longer on cluster 'platform'",
      },
    ]);
  });

  it('signals the users who asked about an entity when its object changes', async () => {
    const ref =
      'resource:default/behind-db_team-a_database.marketplace.kratix.io_platform';
    const first = await request(server).get(
      `${entityPath(
        'behind-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(first.body.object.behind).toBe(true);
    const channel = `kratix:entity:${ref}`;
    const signalled = () =>
      (publish.mock.calls as any[]).some(
        ([signal]) => signal.channel === channel,
      );
    // The informer starts on the first question; change the object until its watch reports it.
    const deadline = Date.now() + 15_000;
    for (
      let generation = 1;
      !signalled() && Date.now() < deadline;
      generation++
    ) {
      await kubeRequest(
        platform.platform.admin,
        'PATCH',
        `/apis/${DB_API}/namespaces/team-a/databases/behind-db/status`,
        {
          status: { observedGeneration: 1, message: `caught up ${generation}` },
        },
        { contentType: 'application/merge-patch+json' },
      );
      await new Promise(r => setTimeout(r, 200));
    }
    expect(publish).toHaveBeenCalledWith({
      recipients: {
        type: 'user',
        entityRef: [mockCredentials.user().principal.userEntityRef],
      },
      channel,
      message: expect.objectContaining({ entityRef: ref, change: 'modified' }),
    });
    // The cached answer was dropped: the change shows at once.
    const second = await request(server).get(
      `${entityPath(
        'behind-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(second.body.object.behind).toBe(false);
    expect(second.body.message).toMatch(/^caught up/);
  });

  it('answers 401 without credentials', async () => {
    const res = await request(server)
      .get(
        `${entityPath(
          'ready-db_team-a_database.marketplace.kratix.io_platform',
        )}/summary`,
      )
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('answers 404 for an entity the catalog does not show', async () => {
    const res = await request(server).get(`${entityPath('nope')}/summary`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      "No entity 'resource:default/nope' in the catalog (or you may not see it)",
    );
  });

  it('answers 400 naming the missing annotation for a non-Kratix entity', async () => {
    const res = await request(server).get(
      `${entityPath('plain', 'component')}/crossplane`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain("'kratix.backstage.io/kind'");
  });

  it('answers 403 when the permission is denied', async () => {
    const { server: denied } = await startTestBackend({
      features: [
        kratixPlugin,
        mockServices.rootConfig.factory({
          data: {
            kratix: { clusters: [clusterConfig(platform.platform, true)] },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const summary = await request(denied).get(
      `${entityPath(
        'ready-db_team-a_database.marketplace.kratix.io_platform',
      )}/summary`,
    );
    expect(summary.status).toBe(403);
    expect(summary.body.error.name).toBe('NotAllowedError');
    const market = await request(denied).get('/api/kratix/promises');
    expect(market.status).toBe(403);
  });
});
