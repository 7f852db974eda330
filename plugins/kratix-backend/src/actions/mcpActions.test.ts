import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  DemoClients,
  demoClients,
  seedDemoPlatform,
  Simulator,
} from '@kratix-backstage/demo-platform';
import {
  describeWithFixtures,
  eventually,
  kratixClusterConfig,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { kratixPlugin } from '../plugin';
import { KRATIX_REGISTRY_ACTION_IDS } from './registerKratixActions';

jest.setTimeout(150_000);

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';
const TEAM_A = 'group:default/team-a';

// The kratix-cli Crossplane Promise of the demo: its pipeline writes a claim that lands on worker-1.
const S3 = 's3buckets';
const s3Spec = (bucket: string) => ({
  resourceConfig: {
    providerConfigName: 'default',
    region: 'eu-west-2',
    name: bucket,
    tags: [{ key: 'team', value: 'team-a' }],
  },
});

interface ToolResult {
  isError?: boolean;
  text: string;
  structured?: any;
}

describeWithFixtures('Kratix actions through the MCP actions backend', () => {
  let env: TestPlatform | undefined;
  let clients: DemoClients;
  let simulator: Simulator | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let clusterTokens: string[] = [];
  const results: ToolResult[] = [];
  const connected: Client[] = [];

  /** An MCP client of the backend, signed in as a user the way an assistant sends a Backstage token. */
  async function connect(user: string): Promise<Client> {
    const client = new Client({
      name: 'kratix-test-assistant',
      version: '1.0.0',
    });
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${backend!.server.port()}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      },
    );
    await client.connect(transport);
    connected.push(client);
    return client;
  }

  async function call(
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ): Promise<ToolResult> {
    const answer: any = await client.callTool({ name, arguments: args });
    const result = {
      isError: answer.isError,
      text: answer.content.map((c: any) => c.text).join('\n'),
      structured: answer.structuredContent,
    };
    results.push(result);
    return result;
  }

  beforeAll(async () => {
    env = await startTestPlatform({ workers: ['worker-1'] });
    clients = demoClients(env);
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 200,
      pollIntervalMs: 200,
    });
    simulator.start();
    const clusters = [
      kratixClusterConfig(env.platform, { isDefault: true }),
      ...env.workers.map(w => kratixClusterConfig(w, { identity: 'reader' })),
    ];
    clusterTokens = clusters.map(c => c.serviceAccountToken);

    // A policy as a permission backend would apply it: Mallory may do nothing with Kratix.
    const permissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => {
        const decide = (credentials: any) => ({
          result:
            credentials.principal?.userEntityRef === MALLORY
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        });
        return {
          authorize: async (requests: any[], { credentials }: any) =>
            requests.map(() => decide(credentials)),
          authorizeConditional: async (requests: any[], { credentials }: any) =>
            requests.map(() => decide(credentials)),
        } as any;
      },
    });

    backend = await startTestBackend({
      features: [
        kratixPlugin,
        mcpActionsPlugin,
        permissions,
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish: async () => {} }),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['kratix'] } },
            kratix: {
              clusters,
              scaffolder: {
                namespacePolicy: [{ owners: [TEAM_A], namespaces: ['team-a'] }],
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await Promise.all(connected.map(c => c.close()));
    await backend?.stop();
    await simulator?.stop();
    await env?.destroy();
  });

  it('lists the kratix tools with their attributes and schemas', async () => {
    const client = await connect(ALICE);
    const { tools } = await client.listTools();
    const kratix = tools.filter(t => t.name.startsWith('kratix.'));
    expect(kratix.map(t => t.name).sort()).toEqual([
      'kratix.delete-request',
      'kratix.describe-promise',
      'kratix.get-request-status',
      'kratix.list-promises',
      'kratix.request-resource',
      'kratix.set-request-version',
      'kratix.validate-request',
    ]);
    expect(kratix.map(t => t.name.replace('.', ':')).sort()).toEqual(
      [...KRATIX_REGISTRY_ACTION_IDS].sort(),
    );
    const hints = Object.fromEntries(
      kratix.map(t => [
        t.name,
        [
          t.annotations?.readOnlyHint,
          t.annotations?.idempotentHint,
          t.annotations?.destructiveHint,
        ],
      ]),
    );
    expect(hints).toEqual({
      'kratix.list-promises': [true, true, false],
      'kratix.describe-promise': [true, true, false],
      'kratix.validate-request': [true, true, false],
      'kratix.request-resource': [false, false, false],
      'kratix.get-request-status': [true, true, false],
      'kratix.delete-request': [false, true, true],
      'kratix.set-request-version': [false, true, false],
    });
    const request = kratix.find(t => t.name === 'kratix.request-resource')!;
    expect(request.inputSchema.required).toEqual(['promise', 'name']);
    expect(request.description).toMatch(/kratix:get-request-status/);
  });

  it('holds a whole conversation: list, describe, validate, request, status until ready, delete', async () => {
    const client = await connect(ALICE);
    const started = Date.now();

    const listed = await call(client, 'kratix.list-promises', {});
    expect(listed.isError).toBeFalsy();
    expect(listed.structured.promises).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: S3,
          apiVersion: 'syntasso.io/v1alpha1',
          kind: 'S3Bucket',
          availability: 'available',
        }),
      ]),
    );

    const described = await call(client, 'kratix.describe-promise', {
      promise: S3,
    });
    expect(described.isError).toBeFalsy();
    expect(described.structured).toMatchObject({
      promise: S3,
      scope: 'Namespaced',
      required: ['spec.resourceConfig'],
      specSchema: { type: 'object', additionalProperties: false },
    });
    expect(described.structured.fields).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.resourceConfig.deletionPolicy',
          type: 'string',
          description: 'Defaults to Delete',
          required: false,
          enum: ['Delete', 'Orphan'],
        },
      ]),
    );
    // The example is a valid start: what describe gives, validate takes.
    const example = described.structured.example;
    expect(
      (
        await call(client, 'kratix.validate-request', {
          ...example,
          namespace: 'team-a',
          owner: TEAM_A,
        })
      ).isError,
    ).toBeFalsy();

    const request = {
      promise: S3,
      name: 'mcp-bucket',
      namespace: 'team-a',
      owner: TEAM_A,
      spec: s3Spec('mcp-bucket'),
    };
    const dryRun = await call(client, 'kratix.request-resource', {
      ...request,
      dryRun: true,
    });
    expect(dryRun.structured).toMatchObject({
      operation: 'created',
      dryRun: true,
    });
    const nothing = await call(client, 'kratix.get-request-status', request);
    expect(nothing.isError).toBe(true);

    const created = await call(client, 'kratix.request-resource', request);
    expect(created.isError).toBeFalsy();
    expect(created.structured).toMatchObject({
      operation: 'created',
      dryRun: false,
      cluster: 'platform',
      kind: 'S3Bucket',
      name: 'mcp-bucket',
      namespace: 'team-a',
    });
    // Stamped as the scaffolder stamps it.
    const stored = await clients.platform.client.get<any>({
      apiVersion: 'syntasso.io/v1alpha1',
      kind: 'S3Bucket',
      namespace: 'team-a',
      name: 'mcp-bucket',
    });
    expect(stored.metadata.annotations).toMatchObject({
      'kratix.backstage.io/owner': TEAM_A,
      'kratix.backstage.io/requested-by': ALICE,
    });
    expect(stored.metadata.labels['kratix.io/promise-name']).toBe(S3);

    let polls = 0;
    const ready = await eventually(
      async () => {
        polls += 1;
        const status = await call(client, 'kratix.get-request-status', request);
        expect(status.isError).toBeFalsy();
        expect(status.structured.state).not.toBe('failed');
        const claim = status.structured.crossplane.find(
          (o: any) => o.role === 'claim',
        );
        return status.structured.state === 'ready' && claim?.ready === 'True'
          ? status.structured
          : undefined;
      },
      'the request to be ready with its Crossplane claim',
      90_000,
      250,
    );
    expect(ready).toMatchObject({
      state: 'ready',
      behind: false,
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Reconciled', status: 'True' }),
      ]),
      pipelines: expect.arrayContaining([
        expect.objectContaining({ phase: 'Succeeded' }),
      ]),
      destinations: [expect.objectContaining({ destination: 'worker-1' })],
    });
    expect(ready.crossplane).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          cluster: 'worker-1',
          role: 'claim',
          found: true,
          ready: 'True',
          synced: 'True',
        }),
      ]),
    );

    // Another user reads someone else's request as missing.
    const bob = await connect('user:default/bob');
    const peek = await call(bob, 'kratix.get-request-status', request);
    expect(peek.isError).toBe(true);
    expect(peek.text).toMatch(
      /NotFoundError: .*does not exist, or you may not see it/,
    );

    const deleted = await call(client, 'kratix.delete-request', request);
    expect(deleted.isError).toBeFalsy();
    expect(deleted.structured.message).toMatch(/is being deleted/);
    await eventually(
      async () =>
        (
          await call(client, 'kratix.get-request-status', request)
        ).isError,
      'the request to be gone',
      60_000,
      250,
    );
    // eslint-disable-next-line no-console
    console.log(
      `MCP conversation: ${Date.now() - started} ms, ${
        results.length
      } tool calls (${polls} status polls until ready)`,
    );
  });

  it('pins a request to an older Promise version and upgrades it back, following it with the status (upstream resourcebinding_controller.go)', async () => {
    const client = await connect(ALICE);
    // The demo seeds redis at v0.1.0 with an older revision, v0.0.9 (packages/demo-platform DEMO_VERSIONS).
    const listed = await call(client, 'kratix.list-promises', {});
    expect(
      listed.structured.promises.find((p: any) => p.name === 'redis'),
    ).toMatchObject({
      versions: ['v0.1.0', 'v0.0.9'],
      latestVersion: 'v0.1.0',
    });

    const request = {
      promise: 'redis',
      name: 'mcp-cache',
      namespace: 'team-a',
      owner: TEAM_A,
    };
    await call(client, 'kratix.request-resource', {
      ...request,
      spec: { size: 'small' },
    });
    const { owner: _owner, ...ref } = request;
    const versionOf = async () =>
      (await call(client, 'kratix.get-request-status', ref)).structured
        ?.version;
    // Kratix binds a new request to the latest version, floating (the simulator plays it).
    expect(
      await eventually(
        async () => {
          const v = await versionOf();
          return v?.running === 'v0.1.0' ? v : undefined;
        },
        'the request to run v0.1.0',
        60_000,
        250,
      ),
    ).toMatchObject({
      desired: 'latest',
      pinned: false,
      upgradeAvailable: false,
    });

    const unknown = await call(client, 'kratix.set-request-version', {
      ...ref,
      version: 'v2',
    });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(
      /^InputError: Cannot set redis 'mcp-cache' in namespace 'team-a' on cluster 'platform' to version 'v2' \(input version\): Promise 'redis' has no revision with version 'v2' \(spec.version\); choose one of: v0.1.0, v0.0.9, or 'latest'$/,
    );
    const denied = await call(
      await connect(MALLORY),
      'kratix.set-request-version',
      { ...ref, version: 'v0.0.9' },
    );
    expect(denied.isError).toBe(true);
    expect(denied.text).toMatch(
      /^NotAllowedError: 'user:default\/mallory' is not allowed to change the Promise version of redis 'mcp-cache': the permission 'kratix.resource.update' was denied/,
    );
    const dry = await call(client, 'kratix.set-request-version', {
      ...ref,
      version: 'v0.0.9',
      dryRun: true,
    });
    expect(dry.structured).toMatchObject({ changed: true, dryRun: true });
    expect((await versionOf()).desired).toBe('latest');

    const follow = async (version: string, desired: string) => {
      const started = Date.now();
      const set = await call(client, 'kratix.set-request-version', {
        ...ref,
        version: desired,
      });
      expect(set.isError).toBeFalsy();
      expect(set.structured).toMatchObject({ version, changed: true });
      const done = await eventually(
        async () => {
          const v = await versionOf();
          expect(v.lastUpgrade.state).not.toBe('failed');
          return v.running === version && v.lastUpgrade.state === 'succeeded'
            ? v
            : undefined;
        },
        `the request to run ${version}`,
        60_000,
        250,
      );
      // eslint-disable-next-line no-console
      console.log(
        `set-request-version ${desired}: ${
          Date.now() - started
        } ms until the status reports ${version} running`,
      );
      return done;
    };
    expect(await follow('v0.0.9', 'v0.0.9')).toMatchObject({
      desired: 'v0.0.9',
      pinned: true,
      upgradeAvailable: true,
    });
    expect(await follow('v0.1.0', 'latest')).toMatchObject({
      desired: 'latest',
      pinned: false,
      upgradeAvailable: false,
    });
    // Asking again changes nothing.
    const again = await call(client, 'kratix.set-request-version', {
      ...ref,
      version: 'latest',
    });
    expect(again.structured).toMatchObject({ changed: false });
  });

  describe('refuses with the reason, as a tool error', () => {
    const good = {
      promise: S3,
      name: 'refused-bucket',
      namespace: 'team-a',
      owner: TEAM_A,
      spec: s3Spec('refused-bucket'),
    };

    it.each([
      [
        'no permission (upstream: the Backstage permission policy decides)',
        MALLORY,
        'kratix.request-resource',
        good,
        /^NotAllowedError: 'user:default\/mallory' is not allowed to request s3buckets 'refused-bucket': the permission 'kratix.resource.request' was denied/,
      ],
      [
        'the namespace policy',
        ALICE,
        'kratix.request-resource',
        { ...good, namespace: 'team-b' },
        /^NotAllowedError: The namespace policy \(kratix.scaffolder.namespacePolicy\) does not let owner 'group:default\/team-a' use namespace 'team-b' for Promise 's3buckets'; allowed namespaces: 'team-a'/,
      ],
      [
        'a schema violation (the API server would refuse it too)',
        ALICE,
        'kratix.validate-request',
        {
          ...good,
          spec: { resourceConfig: { region: 5, tags: [], colour: 'red' } },
        },
        /^InputError: The spec of S3Bucket 'refused-bucket' in namespace 'team-a' on cluster 'platform' does not match the API of Promise 's3buckets' \(syntasso.io\/v1alpha1 S3Bucket\); nothing was sent: spec.resourceConfig.colour is not a field of this API \(Kubernetes would drop it\) \(rule: additionalProperties\); spec.resourceConfig.providerConfigName is required \(rule: required\); spec.resourceConfig.region must be string \(rule: type\)$/,
      ],
      [
        'an unknown Promise',
        ALICE,
        'kratix.describe-promise',
        { promise: 'postgres-of-dreams' },
        /^NotFoundError: No Promise named 'postgres-of-dreams' on cluster 'platform'; the Promises there are .*'s3buckets'/,
      ],
      [
        'a Promise that is not Available (upstream internal/controller/promise_controller.go: requirements not installed)',
        ALICE,
        'kratix.request-resource',
        { promise: 'namespace', name: 'team-z', namespace: 'team-a' },
        /^InputError: Promise 'namespace' on cluster 'platform' is not Available \(status: Unavailable.*\); requests for it would not be fulfilled, so none is sent$/,
      ],
    ])('%s', async (_what, user, tool, args, reason) => {
      const client = await connect(user);
      const result = await call(client, tool, args);
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(reason);
      // Nothing was created, in any namespace.
      const left = await clients.platform.client.list<any>({
        apiVersion: 'syntasso.io/v1alpha1',
        kind: 'S3Bucket',
      });
      expect(left.items.map(i => i.metadata.name)).not.toContain(
        'refused-bucket',
      );
    });

    it('lists nothing to a caller the policy denies', async () => {
      const result = await call(
        await connect(MALLORY),
        'kratix.list-promises',
        {},
      );
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(
        /^NotAllowedError: 'user:default\/mallory' is not allowed to list the Promises to request on cluster 'platform'/,
      );
    });
  });

  // Last in the file: every tool result before it, refusals included.
  describe('in every answer above', () => {
    it('never returns a Secret or a token in a tool result', () => {
      const all = results
        .map(r => `${r.text}\n${JSON.stringify(r.structured ?? {})}`)
        .join('\n');
      expect(results.length).toBeGreaterThan(10);
      expect(clusterTokens.filter(Boolean)).toHaveLength(2);
      for (const token of clusterTokens) expect(all).not.toContain(token);
      expect(all).not.toMatch(/mock-user-token|Bearer |"kind":"Secret"/);
    });
  });
});
