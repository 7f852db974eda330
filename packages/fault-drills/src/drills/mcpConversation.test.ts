import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEMO_PIPELINE_NAMESPACE,
  demoClients,
  demoRequests,
  seedDemoPlatform,
  Simulator,
} from '@kratix-backstage/demo-platform';
import {
  createNamespace,
  eventually,
  kratixClusterConfig,
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FaultProxy } from '../FaultProxy';
import { printDrill } from '../__testUtils__/report';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason('MCP conversation drill', {
  full: true,
})
  ? describe.skip
  : describe;

const ALICE = 'user:default/alice';
const REQUEST = {
  promise: 's3buckets',
  name: 'assistant-bucket',
  namespace: 'team-a',
  owner: 'group:default/team-a',
  spec: {
    resourceConfig: {
      providerConfigName: 'default',
      region: 'eu-west-2',
      name: 'assistant-bucket',
      tags: [{ key: 'team', value: 'team-a' }],
    },
  },
};

// What one conversation costs the platform's API server: every request the backend sends goes through a counting
// proxy; the simulator, playing Kratix, talks to the server directly and is not counted.
describeWithCluster('drills: an assistant conversation through MCP', () => {
  let env: TestPlatform | undefined;
  let simulator: Simulator | undefined;
  let proxy: FaultProxy | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let client: Client | undefined;

  beforeAll(async () => {
    env = await startTestPlatform({
      workers: ['worker-1'],
      fullPlatform: true,
    });
    // A real platform's namespaces, made before anything is put in them: Kratix's own, the one a demo Promise runs
    // its pipelines in, and each tenant's.
    const namespaces = new Set([
      'kratix-platform-system',
      DEMO_PIPELINE_NAMESPACE,
      ...demoRequests().map(r => r.namespace),
    ]);
    for (const namespace of namespaces) {
      await createNamespace(env.platform.admin, namespace);
    }
    const clients = demoClients(env);
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 200,
      pollIntervalMs: 200,
    });
    simulator.start();
    proxy = await FaultProxy.forCluster(env.platform, 'http');
    backend = await startTestBackend({
      features: [
        kratixBackendPlugin,
        mcpActionsPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['kratix'] } },
            kratix: {
              clusters: [
                {
                  ...kratixClusterConfig(env.platform, { isDefault: true }),
                  url: proxy.url,
                },
                kratixClusterConfig(env.workers[0], { identity: 'reader' }),
              ],
              backend: { cacheTtlMs: 0, signals: { enabled: false } },
            },
          },
        }),
      ],
    });
    client = new Client({ name: 'drill-assistant', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${backend.server.port()}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header(ALICE) },
          },
        },
      ),
    );
  });

  afterAll(async () => {
    await client?.close();
    await backend?.stop();
    await proxy?.close();
    await simulator?.stop();
    await env?.destroy();
  });

  it('mcp-conversation: list, describe, validate, request, status until ready, delete, and what it costs', async () => {
    const perTool = new Map<string, { calls: number; requests: number }>();
    const call = async (name: string, args: object) => {
      const before = proxy!.counts.requests;
      const answer: any = await client!.callTool({
        name: `kratix.${name}`,
        arguments: args as Record<string, unknown>,
      });
      const seen = perTool.get(name) ?? { calls: 0, requests: 0 };
      seen.calls += 1;
      seen.requests += proxy!.counts.requests - before;
      perTool.set(name, seen);
      if (answer.isError) {
        return { error: answer.content.map((c: any) => c.text).join('\n') };
      }
      return answer.structuredContent;
    };

    const startRequests = proxy!.counts.requests;
    const started = Date.now();
    await call('list-promises', {});
    await call('describe-promise', { promise: REQUEST.promise });
    expect(await call('validate-request', REQUEST)).toMatchObject({
      valid: true,
    });
    expect(await call('request-resource', REQUEST)).toMatchObject({
      operation: 'created',
    });
    const ready = await eventually(
      async () => {
        const status = await call('get-request-status', REQUEST);
        return status.state === 'ready' &&
          status.crossplane.some((o: any) => o.ready === 'True')
          ? status
          : undefined;
      },
      'the request to be ready with its Crossplane objects',
      90_000,
      250,
    );
    const readyAfterMs = Date.now() - started;
    expect(ready.destinations).toHaveLength(1);
    expect(await call('delete-request', REQUEST)).toMatchObject({
      dryRun: false,
    });
    const tookMs = Date.now() - started;
    const requests = proxy!.counts.requests - startRequests;

    const status = perTool.get('get-request-status')!;
    printDrill('mcp-conversation', [
      [
        'tool-calls',
        Array.from(perTool.values()).reduce((n, t) => n + t.calls, 0),
      ],
      ['status-polls', status.calls],
      ['ready-after-ms', readyAfterMs],
      ['total-ms', tookMs],
      ['platform-requests', requests],
      [
        'per-tool',
        Array.from(perTool)
          .map(([name, t]) => `${name}:${(t.requests / t.calls).toFixed(1)}`)
          .join(','),
      ],
    ]);
    // Bounds, not figures: a status read is a handful of reads (Promise, request, Works, WorkPlacements...), never a
    // scan of the platform. Reads made while the pipeline is still running look for more than later ones (8 to 11
    // on average per conversation have been seen), so the bound leaves room above that.
    expect(status.requests / status.calls).toBeLessThanOrEqual(15);
    expect(perTool.get('request-resource')!.requests).toBeLessThanOrEqual(3);
    expect(proxy!.counts.error500).toBe(0);
  });
});
