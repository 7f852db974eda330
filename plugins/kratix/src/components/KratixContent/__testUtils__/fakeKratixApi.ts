import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  KratixCrossplaneTree,
  KratixEntityPipelines,
  KratixEntitySummary,
  KratixMarketplace,
  KratixPipelineLogs,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixApi } from '../../../api/KratixApi';

const FETCHED_AT = '2025-01-01T12:00:00.000Z';

/** A resource request entity as the catalog module writes it. */
export const requestEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'redis_default_example',
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/api-version': 'marketplace.kratix.io/v1alpha1',
      'kratix.backstage.io/kind': 'redis',
      'kratix.backstage.io/namespace': 'default',
      'kratix.backstage.io/name': 'example',
      'kratix.backstage.io/promise': 'redis',
    },
  },
  spec: { type: 'kratix-resource', lifecycle: 'production', owner: 'team-a' },
};

/** A Promise entity as the catalog module writes it. */
export const promiseEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'redis',
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
      'kratix.backstage.io/kind': 'Promise',
      'kratix.backstage.io/name': 'redis',
    },
  },
  spec: { type: 'kratix-promise', lifecycle: 'production', owner: 'platform' },
};

export const REQUEST_REF = 'component:default/redis_default_example';

export const summary: KratixEntitySummary = {
  entityRef: REQUEST_REF,
  role: 'resource',
  object: {
    cluster: 'platform',
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'redis',
    namespace: 'default',
    name: 'example',
    behind: false,
    paused: false,
  },
  state: { state: 'ready' },
  conditions: [],
  workflows: { total: 2, succeeded: 1, failed: 1 },
  destinations: {
    available: true,
    items: [
      {
        destination: 'worker-1',
        workPlacement: 'redis-example-instance-5d1a2.worker-1-3b2c1',
        work: 'redis-example-instance-5d1a2',
        ready: 'True',
        reason: 'WorkloadsWrittenToStateStore',
        message: 'Ready',
        misplaced: false,
      },
      {
        destination: 'old-worker',
        workPlacement: 'redis-example-instance-5d1a2.old-worker-77aa0',
        work: 'redis-example-instance-5d1a2',
        ready: 'False',
        reason: 'WriteFailed',
        message: 'failed to write to the state store: permission denied',
        misplaced: true,
      },
    ],
  },
  fetchedAt: FETCHED_AT,
};

export const pipelines: KratixEntityPipelines = {
  entityRef: REQUEST_REF,
  pipelines: [
    {
      name: 'instance-configure',
      phase: 'Succeeded',
      attempts: 1,
      lastTransitionTime: '2025-01-01T10:01:30Z',
    },
    {
      name: 'database-configure',
      phase: 'Failed',
      attempts: 3,
      lastTransitionTime: '2025-01-01T11:00:00Z',
      message: 'Job has reached the specified backoff limit',
    },
  ],
  jobs: {
    available: true,
    items: [
      {
        name: 'kratix-redis-example-database-configure-77f0c',
        namespace: 'default',
        pipeline: 'database-configure',
        workflowType: 'resource',
        workflowAction: 'configure',
        status: 'failed',
        startTime: '2025-01-01T10:58:00Z',
        pods: [
          {
            name: 'kratix-redis-example-database-configure-77f0c-x1',
            namespace: 'default',
            phase: 'Failed',
            containers: [
              { name: 'reader', init: true, state: 'terminated', exitCode: 0 },
              {
                name: 'create-database',
                init: true,
                state: 'terminated',
                exitCode: 2,
                reason: 'Error',
              },
              { name: 'work-writer', init: true, state: 'unknown' },
              {
                name: 'status-writer',
                init: false,
                state: 'waiting',
                reason: 'PodInitializing',
              },
            ],
          },
          {
            name: 'kratix-redis-example-database-configure-77f0c-x0',
            namespace: 'default',
            phase: 'Failed',
            containers: [
              { name: 'reader', init: true, state: 'terminated', exitCode: 0 },
            ],
          },
        ],
      },
      {
        name: 'kratix-redis-example-instance-configure-5d1a2',
        namespace: 'default',
        pipeline: 'instance-configure',
        workflowType: 'resource',
        workflowAction: 'configure',
        status: 'succeeded',
        startTime: '2025-01-01T10:00:00Z',
        completionTime: '2025-01-01T10:01:30Z',
        pods: [
          {
            name: 'kratix-redis-example-instance-configure-5d1a2-abcde',
            namespace: 'default',
            phase: 'Succeeded',
            containers: [
              { name: 'reader', init: true, state: 'terminated', exitCode: 0 },
              {
                name: 'redis-configure',
                init: true,
                state: 'terminated',
                exitCode: 0,
              },
              {
                name: 'status-writer',
                init: false,
                state: 'terminated',
                exitCode: 0,
              },
            ],
          },
        ],
      },
    ],
  },
  fetchedAt: FETCHED_AT,
};

/** The logs of a pipeline's newest Pod: every container says which pipeline and container it is. */
export function logsOf(
  pipeline: string,
  options: { pod?: string; container?: string } = {},
): Extract<KratixPipelineLogs, { available: true }> {
  const job = pipelines.jobs.available
    ? pipelines.jobs.items.find(j => j.pipeline === pipeline)
    : undefined;
  const pod = job?.pods.find(p => p.name === options.pod) ?? job?.pods[0];
  const containers = (pod?.containers ?? []).filter(
    c => !options.container || c.name === options.container,
  );
  return {
    entityRef: REQUEST_REF,
    pipeline,
    available: true,
    pod: pod?.name ?? 'unknown-pod',
    namespace: 'default',
    containers: containers.map(c =>
      c.state === 'terminated'
        ? {
            container: c.name,
            init: c.init,
            log: `log line of ${pipeline}/${pod?.name}/${c.name}`,
            truncated: c.name === 'redis-configure',
          }
        : {
            container: c.name,
            init: c.init,
            log: '',
            truncated: false,
            error: `container "${c.name}" is waiting to start: PodInitializing`,
          },
    ),
    fetchedAt: FETCHED_AT,
  };
}

export const crossplaneTree: KratixCrossplaneTree = {
  entityRef: REQUEST_REF,
  roots: [
    {
      cluster: 'worker-1',
      apiVersion: 'database.example.org/v1alpha1',
      kind: 'PostgreSQLInstance',
      namespace: 'default',
      name: 'example',
      role: 'claim',
      found: true,
      state: 'in-progress',
      ready: 'False',
      synced: 'True',
      messages: [
        {
          type: 'Ready',
          reason: 'Creating',
          message: 'Waiting for the composite resource to become ready',
        },
      ],
      yaml: 'apiVersion: database.example.org/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: example\n',
      destination: 'worker-1',
      children: [
        {
          cluster: 'worker-1',
          apiVersion: 'database.example.org/v1alpha1',
          kind: 'XPostgreSQLInstance',
          name: 'example-7xk2p',
          role: 'composite',
          found: true,
          state: 'in-progress',
          ready: 'False',
          synced: 'True',
          messages: [],
          yaml: 'kind: XPostgreSQLInstance\n',
          children: [
            {
              cluster: 'worker-1',
              apiVersion: 'rds.aws.upbound.io/v1beta1',
              kind: 'Instance',
              name: 'example-7xk2p-db',
              role: 'managed',
              found: true,
              state: 'ready',
              ready: 'True',
              synced: 'True',
              messages: [
                {
                  type: 'Synced',
                  reason: 'ReconcileSuccess',
                  message: 'Successfully reconciled the RDS instance',
                },
              ],
              yaml: 'kind: Instance\nspec:\n  forProvider:\n    region: eu-west-1\n',
              children: [],
            },
            {
              cluster: 'worker-1',
              apiVersion: 'ec2.aws.upbound.io/v1beta1',
              kind: 'SecurityGroup',
              name: 'example-7xk2p-sg',
              role: 'unknown',
              found: false,
              error:
                'securitygroups.ec2.aws.upbound.io "example-7xk2p-sg" is forbidden',
              messages: [],
              children: [],
            },
          ],
        },
      ],
    },
  ],
  problems: [],
  truncated: false,
  fetchedAt: FETCHED_AT,
};

export const marketplace: KratixMarketplace = {
  promises: [
    {
      entityRef: 'component:default/kafka',
      name: 'kafka',
      title: 'Kafka',
      description: 'A Kafka cluster managed by Strimzi',
      cluster: 'platform',
      availability: 'unavailable',
      version: 'v0.2.0',
      api: {
        group: 'marketplace.kratix.io',
        version: 'v1alpha1',
        kind: 'kafka',
      },
      templateRef: 'template:default/kafka',
      message: 'Requirements not fulfilled: strimzi',
    },
    {
      entityRef: 'component:default/postgresql',
      name: 'postgresql',
      description: 'A PostgreSQL database',
      cluster: 'platform',
      availability: 'available',
      api: {
        group: 'marketplace.kratix.io',
        version: 'v1alpha1',
        kind: 'postgresql',
      },
    },
    {
      entityRef: 'component:default/redis',
      name: 'redis',
      title: 'Redis',
      description: 'An in-memory cache',
      cluster: 'platform',
      availability: 'available',
      version: 'v1.0.0',
      api: {
        group: 'marketplace.kratix.io',
        version: 'v1alpha1',
        kind: 'redis',
      },
      templateRef: 'template:team-a/redis',
    },
    {
      entityRef: 'component:default/sql-aws',
      name: 'sql-aws',
      title: 'SQL on AWS',
      cluster: 'staging',
      availability: 'unknown',
      templateRef: 'template:default/sql-aws',
      message: 'connect ECONNREFUSED 10.0.0.1:6443',
    },
  ],
  clusters: [
    { name: 'platform', available: true },
    {
      name: 'staging',
      available: false,
      reason: 'connect ECONNREFUSED 10.0.0.1:6443',
    },
  ],
  fetchedAt: FETCHED_AT,
};

/** A Kratix API answering with the fixtures above; pass jest mocks to change any call. */
export function fakeKratixApi(
  overrides: Partial<KratixApi> = {},
): jest.Mocked<KratixApi> {
  return {
    getSummary: jest.fn(async () => summary),
    getPipelines: jest.fn(async () => pipelines),
    getPipelineLogs: jest.fn(async (_entity, pipeline, request) =>
      logsOf(pipeline, request),
    ),
    getCrossplaneTree: jest.fn(async () => crossplaneTree),
    getMarketplace: jest.fn(async () => marketplace),
    ...overrides,
  } as jest.Mocked<KratixApi>;
}

/** The error the Kratix client throws for an HTTP error answer of the backend. */
export function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/kratix' },
    response: { statusCode: status },
  });
  const headers = new Map([['content-type', 'application/json']]);
  return ResponseError.fromResponse({
    ok: false,
    redirected: false,
    status,
    statusText: name,
    type: 'basic',
    url: 'http://localhost/api/kratix',
    headers: {
      get: (key: string) => headers.get(key.toLowerCase()) ?? null,
    } as unknown as ResponseError['response']['headers'],
    text: async () => body,
  });
}
