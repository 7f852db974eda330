/**
 * @jest-environment node
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- real API servers to run the backend on
import {
  KubeConnection,
  TestPlatform,
  applyCrd,
  kratixClusterConfig,
  kubeRequest,
  promiseApiCrd,
  startTestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the client is tested against the real backend
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KratixClient } from './KratixClient';

// The client against the real kratix backend plugin on a real Kubernetes API server (tools/kube-apiserver); skipped
// with a message where the server can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason(
  'KratixClient against the kratix backend',
)
  ? describe.skip
  : describe;

const KRATIX = 'platform.kratix.io/v1alpha1';
const DB_API = 'marketplace.kratix.io/v1alpha1';

function condition(type: string, status: string, reason: string) {
  return {
    type,
    status,
    reason,
    message: reason,
    lastTransitionTime: '2025-01-01T00:00:00Z',
  };
}

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
  },
  status: {
    status: 'Available',
    version: 'v1.2.0',
    workflows: 0,
    workflowsSucceeded: 0,
    workflowsFailed: 0,
    conditions: [
      condition('RequirementsFulfilled', 'True', 'RequirementsInstalled'),
    ],
  },
};

const request = {
  apiVersion: DB_API,
  kind: 'Database',
  metadata: {
    name: 'orders',
    namespace: 'team-a',
    labels: { 'kratix.io/promise-name': 'database' },
  },
  spec: { size: 'small' },
  status: {
    observedGeneration: 1,
    message: 'Database provisioned',
    conditions: [
      condition(
        'ConfigureWorkflowCompleted',
        'True',
        'PipelinesExecutedSuccessfully',
      ),
      condition('WorksSucceeded', 'True', 'WorksSucceeded'),
      condition('Reconciled', 'True', 'Reconciled'),
    ],
    kratix: {
      workflows: {
        pipelines: [{ name: 'instance-configure', phase: 'Succeeded' }],
      },
    },
  },
};

function kratixAnnotations(o: {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}) {
  return {
    'kratix.backstage.io/cluster': 'platform',
    'kratix.backstage.io/api-version': o.apiVersion,
    'kratix.backstage.io/kind': o.kind,
    'kratix.backstage.io/name': o.name,
    ...(o.namespace && { 'kratix.backstage.io/namespace': o.namespace }),
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'database_platform',
      namespace: 'default',
      annotations: kratixAnnotations({
        apiVersion: KRATIX,
        kind: 'Promise',
        name: 'database',
      }),
    },
    spec: { type: 'kratix-promise', owner: 'group:default/platform' },
  },
  {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'database_platform', namespace: 'default' },
    spec: { type: 'kratix-resource', owner: 'group:default/platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'orders_team-a_database.marketplace.kratix.io_platform',
      namespace: 'default',
      annotations: kratixAnnotations({
        apiVersion: DB_API,
        kind: 'Database',
        name: 'orders',
        namespace: 'team-a',
      }),
    },
    spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'plain', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team-a' },
  },
];

const promiseRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'database_platform',
};
const requestRef = {
  kind: 'Resource',
  namespace: 'default',
  name: 'orders_team-a_database.marketplace.kratix.io_platform',
};

/** Creates an object, then writes its status through the status subresource, as a controller would. */
async function createObject(conn: KubeConnection, plural: string, o: any) {
  const { status, ...rest } = o;
  const [group, version] = o.apiVersion.split('/');
  const path = `/apis/${group}/${version}${
    o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ''
  }/${plural}`;
  await kubeRequest(conn, 'POST', path, rest);
  await kubeRequest(
    conn,
    'PATCH',
    `${path}/${o.metadata.name}/status`,
    { status },
    { contentType: 'application/merge-patch+json' },
  );
}

function clientOf(baseUrl: string): KratixClient {
  return new KratixClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
    },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

async function rejectionOf(promised: Promise<unknown>): Promise<Error> {
  try {
    await promised;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

// The first call reaches a backend and an API server that have just started (their first discovery and reads): on a
// busy 2-core machine that alone can take more than jest's default 5 s.
jest.setTimeout(30_000);

describeWithCluster('KratixClient against the kratix backend', () => {
  let platform: TestPlatform;
  let client: KratixClient;
  let deniedClient: KratixClient;

  beforeAll(async () => {
    platform = await startTestPlatform({ workers: [] });
    const conn = platform.platform.admin;
    await applyCrd(conn, promiseApiCrd(promise));
    await createObject(conn, 'promises', promise);
    await createObject(conn, 'databases', request);

    const config = mockServices.rootConfig.factory({
      data: {
        kratix: {
          clusters: [
            kratixClusterConfig(platform.platform, { isDefault: true }),
          ],
        },
      },
    });
    const backend = await startTestBackend({
      features: [
        kratixBackendPlugin,
        config,
        catalogServiceMock.factory({ entities }),
      ],
    });
    client = clientOf(`http://localhost:${backend.server.port()}`);

    const denied = await startTestBackend({
      features: [
        kratixBackendPlugin,
        config,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ],
    });
    deniedClient = clientOf(`http://localhost:${denied.server.port()}`);
  }, 180_000);

  afterAll(async () => {
    await platform?.destroy();
  });

  it('reads the summary of a resource request', async () => {
    const summary = await client.getSummary(requestRef);
    expect(summary).toMatchObject({
      entityRef:
        'resource:default/orders_team-a_database.marketplace.kratix.io_platform',
      role: 'resource',
      object: { kind: 'Database', namespace: 'team-a', name: 'orders' },
      state: { state: 'ready' },
      message: 'Database provisioned',
    });
    expect(summary.conditions.map(c => c.type)).toEqual([
      'ConfigureWorkflowCompleted',
      'WorksSucceeded',
      'Reconciled',
    ]);
  });

  it('reads the summary of a Promise', async () => {
    const summary = await client.getSummary(promiseRef);
    expect(summary.role).toBe('promise');
    expect(summary.promise).toMatchObject({
      status: 'Available',
      version: 'v1.2.0',
      api: { group: 'marketplace.kratix.io', kind: 'Database' },
    });
  });

  it('reads the pipelines of a request', async () => {
    const pipelines = await client.getPipelines(requestRef);
    expect(pipelines.pipelines).toEqual([
      { name: 'instance-configure', phase: 'Succeeded' },
    ]);
  });

  it('sends the pipeline name as one path segment and the log options as query parameters', async () => {
    const logs = await client.getPipelineLogs(
      requestRef,
      'instance-configure',
      {
        tailLines: 20,
      },
    );
    // The test server serves no Pods, so the backend answers that logs are unavailable, for the very pipeline asked.
    expect(logs).toMatchObject({
      pipeline: 'instance-configure',
      available: false,
    });

    // A name with a slash and a hash arrives whole, as one path segment: the backend names it when refusing it.
    const odd = await rejectionOf(
      client.getPipelineLogs(requestRef, 'odd name/#1'),
    );
    expect(ResponseError.is(odd) && odd.statusCode).toBe(400);
    expect((odd as ResponseError).body.error.message).toContain(
      "'odd name/#1' is not a pipeline name",
    );

    const error = await rejectionOf(
      client.getPipelineLogs(requestRef, 'instance-configure', {
        tailLines: 0,
      }),
    );
    expect(ResponseError.is(error) && error.statusCode).toBe(400);
    expect((error as ResponseError).body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("'tailLines'"),
    });
  });

  it('reads the Crossplane tree of a request', async () => {
    const tree = await client.getCrossplaneTree(requestRef);
    expect(tree.entityRef).toBe(
      'resource:default/orders_team-a_database.marketplace.kratix.io_platform',
    );
    expect(tree.roots).toEqual([]);
  });

  it('reads the marketplace', async () => {
    const marketplace = await client.getMarketplace();
    expect(marketplace.promises).toEqual([
      expect.objectContaining({
        name: 'database',
        availability: 'available',
        templateRef: 'template:default/database_platform',
      }),
    ]);
  });

  it("throws a ResponseError carrying the backend's message for an unknown entity", async () => {
    const error = await rejectionOf(
      client.getSummary({
        kind: 'Resource',
        namespace: 'default',
        name: 'nope',
      }),
    );
    expect(ResponseError.is(error) && error.statusCode).toBe(404);
    expect((error as ResponseError).body.error.message).toBe(
      "No entity 'resource:default/nope' in the catalog (or you may not see it)",
    );
  });

  it('throws a ResponseError naming the missing annotation for a non-Kratix entity', async () => {
    const error = await rejectionOf(
      client.getSummary({
        kind: 'Component',
        namespace: 'default',
        name: 'plain',
      }),
    );
    expect(ResponseError.is(error) && error.statusCode).toBe(400);
    expect((error as ResponseError).body.error.message).toContain(
      "'kratix.backstage.io/kind'",
    );
  });

  it('throws a 403 ResponseError when the permission is denied', async () => {
    const error = await rejectionOf(deniedClient.getSummary(requestRef));
    expect(ResponseError.is(error) && error.statusCode).toBe(403);
    expect((error as ResponseError).body.error.name).toBe('NotAllowedError');

    const market = await rejectionOf(deniedClient.getMarketplace());
    expect(ResponseError.is(market) && market.statusCode).toBe(403);
  });
});

// What a real backend can't be made to do on demand: fail with a bare 500, or drop the connection.
describe('KratixClient when the backend fails', () => {
  const server = setupServer();
  const base = 'http://kratix.test';
  const client = clientOf(base);

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('throws a ResponseError for a 500 without a Backstage error body', async () => {
    server.use(
      http.get(
        `${base}/api/kratix/promises`,
        () =>
          new HttpResponse('<html>Bad gateway</html>', {
            status: 500,
            statusText: 'Internal Server Error',
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );
    const error = await rejectionOf(client.getMarketplace());
    expect(ResponseError.is(error) && error.statusCode).toBe(500);
    expect(error.message).toContain('500');
  });

  it('says the backend could not be reached when the connection drops', async () => {
    server.use(
      http.get(`${base}/api/kratix/entities/*`, () => HttpResponse.error()),
    );
    const error = await rejectionOf(client.getSummary(requestRef));
    expect(ResponseError.is(error)).toBe(false);
    expect(error.message).toContain(
      `Could not reach the Kratix backend at ${base}/api/kratix/entities/Resource/default/orders_team-a_database.marketplace.kratix.io_platform/summary`,
    );
  });
});
