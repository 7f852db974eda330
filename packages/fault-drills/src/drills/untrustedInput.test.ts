import { mockCredentials } from '@backstage/backend-test-utils';
import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  applyCrd,
  encodeWorkload,
  kubeRequest,
  looseCrd,
  patchStatus,
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import {
  destinationEntityName,
  promiseEntityName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import scaffolderModuleKratix from '@kratix-backstage/plugin-scaffolder-backend-module-kratix';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { gzipSync } from 'zlib';
import {
  DrillBackend,
  startDrillBackend,
  waitForEntities,
} from '../__testUtils__/drillBackend';
import {
  APIS,
  CLAIMS,
  condition,
  DrillPlatform,
  DrillRequest,
  KRATIX,
  PLATFORM,
  WORKER,
  XRS,
} from '../__testUtils__/DrillPlatform';
import {
  DRILL_TEMPLATES,
  handWrittenEntities,
} from '../__testUtils__/handWrittenEntities';
import { LogRecorder } from '../__testUtils__/LogRecorder';
import { LossWatch } from '../__testUtils__/LossWatch';
import { printDrill } from '../__testUtils__/report';
import {
  ScaffolderClient,
  TaskResult,
} from '../__testUtils__/ScaffolderClient';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason('untrusted input drills', {
  full: true,
})
  ? describe.skip
  : describe;

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const MISSING_NAMESPACE = 'team-a-archive';
const REDIS_API = `${APIS.redis.group}/v1alpha1`;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const OBJECT_API = 'kubernetes.crossplane.io/v1alpha2';

/** Values planted in Secrets and last-applied annotations; no answer may carry any of them. */
const SECRETS = {
  lastApplied: 'lastapplied-s3cr3t-1',
  workData: 'work-s3cr3t-2',
  workString: 'work-s3cr3t-3',
  objectData: 'object-s3cr3t-4',
  objectString: 'object-s3cr3t-5',
  claim: 'claim-s3cr3t-6',
};
const b64 = (s: string) => Buffer.from(s).toString('base64');
const lastApplied = (secret: string) => ({
  [LAST_APPLIED]: JSON.stringify({ spec: { password: secret } }),
});
const secretManifest = (name: string, data: string, text: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'team-a' },
  data: { password: b64(data) },
  stringData: { token: text },
});

const validator = makeValidator();
/** Whether a string is a full or short entity ref whose parts the catalog accepts. */
function isEntityRef(value: string): boolean {
  try {
    const parsed = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return (
      validator.isValidKind(parsed.kind) &&
      validator.isValidNamespace(parsed.namespace) &&
      validator.isValidEntityName(parsed.name)
    );
  } catch {
    return false;
  }
}

const ref = (kind: string, name: string) =>
  `${kind}:default/${name}`.toLowerCase();
const requestRef = (
  promise: keyof typeof APIS,
  namespace: string,
  name: string,
) =>
  ref(
    'resource',
    resourceRequestEntityName({
      cluster: PLATFORM,
      namespace,
      name,
      kind: APIS[promise].kind,
      group: APIS[promise].group,
    }),
  );

/** One kind of bad input and how to tell it was handled. */
interface BadInput {
  area: 'provider' | 'scaffolder' | 'routes' | 'tools';
  what: string;
  handled: () => Promise<boolean>;
  /** What was seen, for the failure message. */
  seen?: string;
}

describeWithCluster('drills: untrusted input', () => {
  let env: TestPlatform | undefined;
  let drill: DrillPlatform;
  let backend: DrillBackend | undefined;
  let scaffolder: ScaffolderClient;
  const log = new LogRecorder();
  const vault: DrillRequest = {
    promise: 's3buckets',
    namespace: 'team-a',
    name: 'vault',
  };

  /** Puts Secrets and last-applied annotations where the backend routes read. */
  async function plantSecrets() {
    const p = env!.platform.admin;
    const w = env!.workers[0].admin;
    const merge = (conn: typeof p, path: string, body: object) =>
      kubeRequest(conn, 'PATCH', path, body, {
        contentType: 'application/merge-patch+json',
      });
    await drill.createRequest(vault);
    const vaultPath = `${drill.requestPath(vault)}/vault`;
    await merge(p, vaultPath, {
      metadata: { annotations: lastApplied(SECRETS.lastApplied) },
    });
    const current = await kubeRequest(p, 'GET', vaultPath);
    await patchStatus(p, vaultPath, {
      message: 'Resource requested',
      observedGeneration: current.metadata.generation,
      conditions: [condition('Reconciled', 'True', 'Reconciled')],
      kratix: {
        workflows: {
          pipelines: [
            { name: 'instance-configure', phase: 'Succeeded', attempts: 1 },
          ],
        },
      },
    });
    // A Work of the request that also writes a Secret, as pipelines do for connection details.
    const secretWorkloads = [
      {
        filepath: 'secret.yaml',
        content: encodeWorkload([
          secretManifest('vault-work', SECRETS.workData, SECRETS.workString),
        ]),
      },
    ];
    await kubeRequest(p, 'POST', `${KRATIX}/namespaces/team-a/works`, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: 's3buckets-vault-secrets',
        namespace: 'team-a',
        annotations: lastApplied(SECRETS.lastApplied),
        labels: {
          'kratix.io/promise-name': 's3buckets',
          'kratix.io/resource-name': 'vault',
          'kratix.io/resource-namespace': 'team-a',
          'kratix.io/work-type': 'resource',
        },
      },
      spec: {
        promiseName: 's3buckets',
        resourceName: 'vault',
        workloadGroups: [
          { id: 'secrets', directory: '.', workloads: secretWorkloads },
        ],
      },
    });
    await kubeRequest(p, 'POST', `${KRATIX}/namespaces/team-a/workplacements`, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: `s3buckets-vault-secrets.${WORKER}`,
        namespace: 'team-a',
        annotations: lastApplied(SECRETS.lastApplied),
        labels: { 'kratix.io/work': 's3buckets-vault-secrets' },
      },
      spec: {
        targetDestinationName: WORKER,
        promiseName: 's3buckets',
        resourceName: 'vault',
        id: 'secrets',
        workloads: secretWorkloads,
      },
    });
    await merge(p, `${KRATIX}/promises/s3buckets`, {
      metadata: { annotations: lastApplied(SECRETS.lastApplied) },
    });
    await merge(p, `${KRATIX}/destinations/${WORKER}`, {
      metadata: { annotations: lastApplied(SECRETS.lastApplied) },
    });
    // On the worker: the claim and composite carry last-applied annotations, and the composite composes a
    // provider-kubernetes Object that embeds a Secret.
    await applyCrd(
      w,
      looseCrd({
        apiVersion: OBJECT_API,
        kind: 'Object',
        plural: 'objects',
        namespaced: false,
      }),
    );
    await merge(w, `${CLAIMS}/vault`, {
      metadata: { annotations: lastApplied(SECRETS.claim) },
    });
    await merge(w, `${XRS}/vault-x`, {
      metadata: { annotations: lastApplied(SECRETS.claim) },
      spec: {
        resourceRefs: [
          { apiVersion: OBJECT_API, kind: 'Object', name: 'vault-creds' },
        ],
      },
    });
    await kubeRequest(w, 'POST', `/apis/${OBJECT_API}/objects`, {
      apiVersion: OBJECT_API,
      kind: 'Object',
      metadata: {
        name: 'vault-creds',
        annotations: lastApplied(SECRETS.objectString),
      },
      spec: {
        forProvider: {
          manifest: secretManifest(
            'vault-creds',
            SECRETS.objectData,
            SECRETS.objectString,
          ),
        },
      },
    });
    await patchStatus(w, `/apis/${OBJECT_API}/objects/vault-creds`, {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition('Ready', 'True', 'Available'),
      ],
    });
  }

  beforeAll(async () => {
    env = await startTestPlatform({ workers: [WORKER], fullPlatform: true });
    drill = new DrillPlatform(env);
    await drill.seed({ redis: 6, kafka: 6, s3buckets: 4 });
    await plantSecrets();
    backend = await startDrillBackend({
      platform: env.platform,
      worker: env.workers[0],
      // The scaffolder actions write requests.
      identity: 'admin',
      features: [
        scaffolderPlugin,
        scaffolderModuleKratix,
        kratixBackendPlugin,
        mcpActionsPlugin,
        handWrittenEntities,
      ],
      config: {
        backend: { actions: { pluginSources: ['kratix'] } },
        kratix: {
          scaffolder: {
            namespacePolicy: [
              { owners: [TEAM_A], namespaces: ['team-a'] },
              { owners: [TEAM_B], namespaces: ['team-b'] },
              // Allowed by the policy, never created on the platform.
              { owners: [TEAM_A], namespaces: [MISSING_NAMESPACE] },
            ],
          },
        },
      },
      log,
    });
    scaffolder = new ScaffolderClient(backend.baseUrl);
    await waitForEntities(
      backend.catalog,
      [...drill.expectedRefs(), ...Object.values(DRILL_TEMPLATES)],
      'the seeded platform and the hand-written entities in the catalog',
    );
  });

  let mcp: Client | undefined;

  afterAll(async () => {
    await mcp?.close();
    await backend?.stop();
    await env?.destroy();
  });

  /** Calls a tool of the backend's MCP server as an assistant would, signed in as the drill's user. */
  async function tool(name: string, args: object) {
    if (!mcp) {
      mcp = new Client({ name: 'drill-assistant', version: '1.0.0' });
      await mcp.connect(
        new StreamableHTTPClientTransport(
          new URL(`${backend!.baseUrl}/api/mcp-actions/v1`),
          {
            requestInit: {
              headers: { Authorization: mockCredentials.user.header() },
            },
          },
        ),
      );
    }
    const answer: any = await mcp.callTool({
      name: `kratix.${name}`,
      arguments: args as Record<string, unknown>,
    });
    return {
      isError: Boolean(answer.isError),
      text: `${answer.content
        .map((c: any) => c.text)
        .join('\n')}\n${JSON.stringify(answer.structuredContent ?? {})}`,
    };
  }

  /** Names of every request on the platform, to tell that nothing was created or deleted. */
  async function requestsOnPlatform(): Promise<string[]> {
    const names: string[] = [];
    for (const api of Object.values(APIS)) {
      const list = await kubeRequest(
        env!.platform.admin,
        'GET',
        `/apis/${api.group}/v1alpha1/${api.plural}`,
      );
      for (const item of list.items) {
        names.push(
          `${api.kind}/${item.metadata.namespace}/${item.metadata.name}`,
        );
      }
    }
    return names.sort();
  }

  const route = (path: string, authorization = mockCredentials.user.header()) =>
    fetch(`${backend!.baseUrl}/api/kratix${path}`, {
      headers: { Authorization: authorization },
      signal: AbortSignal.timeout(15_000),
    });

  it('bad-input: every kind of bad input is refused with a clear error or skipped with a logged reason, creating and losing nothing', async () => {
    const { catalog } = backend!;
    const baseline = drill.expectedRefs();
    const watch = new LossWatch(catalog, baseline).start();
    const startedAt = Date.now();
    const p = env!.platform.admin;
    const w = env!.workers[0].admin;
    const warned = (pattern: RegExp) =>
      log.warnings(startedAt).some(l => pattern.test(l.message));
    const has = async (r: string) => (await catalog.refs()).has(r);
    const redis = (name: string, metadata: object = {}, spec?: object) =>
      kubeRequest(
        p,
        'POST',
        drill.requestPath({ promise: 'redis', namespace: 'team-a' }),
        {
          apiVersion: REDIS_API,
          kind: 'redis',
          metadata: { name, namespace: 'team-a', ...metadata },
          ...(spec && { spec }),
        },
      );
    const placement = (name: string, spec: object) =>
      kubeRequest(p, 'POST', `${KRATIX}/namespaces/team-a/workplacements`, {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'WorkPlacement',
        metadata: { name, namespace: 'team-a' },
        spec: {
          promiseName: 'redis',
          resourceName: 'redis-0',
          id: 'bad',
          ...spec,
        },
      });
    const promise = (name: string, spec: object) =>
      kubeRequest(p, 'POST', `${KRATIX}/promises`, {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        metadata: { name },
        spec,
      });
    const promiseRefs = (name: string) => ({
      component: ref(
        'component',
        promiseEntityName({ cluster: PLATFORM, name }),
      ),
      api: ref('api', promiseEntityName({ cluster: PLATFORM, name })),
    });
    const cases: BadInput[] = [];
    const provider = (
      what: string,
      handled: (c: BadInput) => Promise<boolean>,
    ) => {
      const c: BadInput = { area: 'provider', what, handled: () => handled(c) };
      cases.push(c);
    };

    // 1. Malformed objects on the clusters: the provider skips them with a logged reason, or makes a sound entity.
    await redis('no-spec');
    provider('a request without spec', () =>
      has(requestRef('redis', 'team-a', 'no-spec')),
    );
    await promise('bare', {});
    provider('a Promise without an API', async () => {
      const refs = promiseRefs('bare');
      return (await has(refs.component)) && !(await has(refs.api));
    });
    await promise('cm-api', {
      api: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm-api' },
      },
    });
    provider('a Promise whose API is a ConfigMap, not a CRD', async () => {
      const refs = promiseRefs('cm-api');
      return (
        !(await has(refs.api)) &&
        ((await has(refs.component)) || warned(/cm-api/))
      );
    });
    await promise('half-crd', {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'halves.example.io' },
        spec: { group: 'example.io' },
      },
    });
    provider('a Promise whose API CRD has no names or versions', async () => {
      const refs = promiseRefs('half-crd');
      return (
        !(await has(refs.api)) &&
        ((await has(refs.component)) || warned(/half-crd/))
      );
    });
    await redis('odd-status', {}, { size: 'small' });
    await patchStatus(
      p,
      `${drill.requestPath({
        promise: 'redis',
        namespace: 'team-a',
      })}/odd-status`,
      {
        kratix: 'not-an-object',
        healthStatus: 5,
        workflows: 'three',
        conditions: [{ type: 7, status: true }],
      },
    );
    provider(
      'wrong types in a request status',
      async () =>
        (await has(requestRef('redis', 'team-a', 'odd-status'))) ||
        warned(/odd-status/),
    );
    await redis('odd-health', {}, { size: 'small' });
    await patchStatus(
      p,
      `${drill.requestPath({
        promise: 'redis',
        namespace: 'team-a',
      })}/odd-health`,
      {
        healthStatus: {
          state: ['unhealthy'],
          healthRecords: [
            'not-a-record',
            7,
            null,
            { state: 5, lastRun: 'yesterday', source: 'somewhere' },
            { state: 'unhealthy', lastRun: 1e300, details: 'x'.repeat(9000) },
          ],
        },
      },
    );
    provider(
      'HealthRecords of the wrong shape in a request status',
      async () =>
        (await has(requestRef('redis', 'team-a', 'odd-health'))) ||
        warned(/odd-health/),
    );
    const longName = `long-${'a'.repeat(248)}`;
    await redis(longName, {}, { size: 'small' });
    provider(
      'a 253-character request name, the longest a cluster allows',
      async () =>
        (await has(requestRef('redis', 'team-a', longName))) ||
        warned(new RegExp(longName)),
    );
    await redis(
      'odd-owner',
      {
        annotations: {
          'kratix.backstage.io/owner': `team a!! ${'x'.repeat(291)}`,
        },
      },
      { size: 'small' },
    );
    provider(
      'a 300-character owner annotation that is not an entity ref',
      async c => {
        const entity = await catalog.entity(
          requestRef('redis', 'team-a', 'odd-owner'),
        );
        const owner = String(entity?.spec?.owner);
        c.seen = entity
          ? `ingested with owner '${owner.slice(0, 24)}…'`
          : 'no entity';
        // Ingested with an owner that is a real entity ref, or skipped with a reason.
        return entity ? isEntityRef(owner) : warned(/odd-owner/);
      },
    );
    await redis(
      'odd-annotations',
      {
        annotations: {
          [LAST_APPLIED]: '{not json',
          'kratix.io/status': '{broken',
        },
      },
      { size: 'small' },
    );
    provider('annotations that should hold JSON but do not', () =>
      has(requestRef('redis', 'team-a', 'odd-annotations')),
    );
    await placement('bad-content', {
      targetDestinationName: WORKER,
      workloads: [{ filepath: 'x.yaml', content: '!!!not-base64-gzip!!!' }],
    });
    provider(
      'a workload that is not gzip and base64',
      async () =>
        warned(/bad-content/) && has(requestRef('redis', 'team-a', 'redis-0')),
    );
    await placement('bad-yaml', {
      targetDestinationName: WORKER,
      workloads: [
        {
          filepath: 'x.yaml',
          content: gzipSync(Buffer.from('a: [b\n  - : :')).toString('base64'),
        },
      ],
    });
    provider(
      'a workload that decodes to invalid YAML',
      async () =>
        warned(/bad-yaml/) && has(requestRef('redis', 'team-a', 'redis-0')),
    );
    await placement('no-destination', {
      workloads: [{ filepath: 'x.yaml', content: encodeWorkload([]) }],
    });
    provider('a WorkPlacement without a target Destination', async () =>
      warned(/no-destination/),
    );
    await kubeRequest(p, 'POST', `${KRATIX}/destinations`, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: {
        name: 'elsewhere',
        labels: { 'kratix.backstage.io/cluster': 'nowhere' },
      },
      spec: { path: 'elsewhere' },
    });
    provider(
      'a Destination standing for a cluster that is not configured',
      async () =>
        warned(/'nowhere'/) &&
        has(
          ref(
            'resource',
            destinationEntityName({ cluster: PLATFORM, name: 'elsewhere' }),
          ),
        ),
    );
    const longDestination = `d-${'b'.repeat(251)}`;
    await kubeRequest(p, 'POST', `${KRATIX}/destinations`, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name: longDestination },
      spec: { path: 'long' },
    });
    provider(
      'a 253-character Destination name',
      async () =>
        (await has(
          ref(
            'resource',
            destinationEntityName({ cluster: PLATFORM, name: longDestination }),
          ),
        )) || warned(new RegExp(longDestination)),
    );
    await redis(
      'wrong-promise',
      { labels: { 'kratix.io/promise-name': 'ghost' } },
      { size: 'small' },
    );
    provider(
      'a request labelled with a Promise that does not exist',
      async () =>
        (await has(requestRef('redis', 'team-a', 'wrong-promise'))) ||
        warned(/wrong-promise/),
    );
    await redis(
      'orphan-sub',
      {
        labels: {
          'kratix.io/parent-promise-name': 'nope',
          'kratix.io/parent-resource-name': 'parent',
        },
      },
      { size: 'small' },
    );
    provider(
      'a sub-request of a parent Promise that does not exist',
      async () =>
        (await has(requestRef('redis', 'team-a', 'orphan-sub'))) &&
        warned(/orphan-sub|'nope'/),
    );
    const buckets = drill.requests.filter(r => r.promise === 's3buckets');
    await patchStatus(w, `${CLAIMS}/${buckets[0].name}`, {
      conditions: 'not-a-list',
    });
    provider('a claim whose status conditions are not a list', () =>
      has(drill.claimRef(buckets[0])),
    );
    await kubeRequest(
      w,
      'PATCH',
      `${XRS}/${buckets[1].name}-x`,
      { spec: { resourceRefs: 'not-a-list' } },
      { contentType: 'application/merge-patch+json' },
    );
    provider('a composite whose resourceRefs are not a list', () =>
      has(drill.compositeRef(buckets[1])),
    );
    // The provider is still live after all of it: a good request still gets in.
    const sentinel: DrillRequest = {
      promise: 'kafka',
      namespace: 'team-b',
      name: 'after-bad-input',
    };
    await drill.createRequest(sentinel);
    provider('(control) a good request made after all the bad ones', () =>
      has(drill.requestRef(sentinel)),
    );

    // 2. Scaffolder actions, through real tasks of pass-through Templates: each fails naming the field.
    const before = await requestsOnPlatform();
    const base = {
      name: 'bad',
      namespace: 'team-a',
      owner: TEAM_A,
      promise: 'redis',
      spec: { size: 'small' },
    };
    const action = (
      what: string,
      template: string,
      values: object,
      field: RegExp,
    ) => {
      const c: BadInput = {
        area: 'scaffolder',
        what,
        handled: async () => {
          const result: TaskResult = await scaffolder.run(template, values);
          const message =
            result.refused?.message ?? result.error?.message ?? '';
          c.seen = `${result.status}: ${message}`;
          const failedClearly =
            (result.status === 'failed' ||
              (result.refused && result.refused.status < 500)) &&
            field.test(message);
          const after = await requestsOnPlatform();
          return Boolean(failedClearly) && after.join() === before.join();
        },
      };
      cases.push(c);
    };
    const request = DRILL_TEMPLATES.request;
    action(
      'an unknown Promise',
      request,
      { ...base, promise: 'nosuch' },
      /No Promise named 'nosuch'/,
    );
    action(
      'a spec value against the schema pattern',
      request,
      { ...base, spec: { size: 'huge' } },
      /spec\.size must match pattern/,
    );
    action(
      'a spec value of the wrong type',
      request,
      { ...base, spec: { size: 5 } },
      /spec\.size must be string/,
    );
    action(
      'a spec field the API does not declare',
      request,
      { ...base, spec: { size: 'small', colour: 'blue' } },
      /spec\.colour is not a field/,
    );
    action(
      'a spec that is not an object',
      request,
      { ...base, spec: 'size=small' },
      /instance\.spec is not of a type/,
    );
    action(
      'a kind that is not a Promise API',
      request,
      {
        ...base,
        promise: undefined,
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
      },
      /Destination is not the API of any Promise/,
    );
    action(
      "an apiVersion and kind that are not the named Promise's",
      request,
      { ...base, apiVersion: REDIS_API, kind: 'kafka' },
      /not marketplace\.kratix\.io\/v1alpha1 kafka/,
    );
    action(
      'a Promise without an API',
      request,
      { ...base, promise: 'crossplane' },
      /'crossplane' .* has no API/,
    );
    // Kratix's webhook refuses such a Promise (internal/webhook/v1alpha1/promise_webhook.go); this API server has none.
    await promise('global-api', {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'globals.example.io' },
        spec: {
          group: 'example.io',
          scope: 'Cluster',
          names: { kind: 'Global', plural: 'globals', singular: 'global' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object' } },
            },
          ],
        },
      },
    });
    action(
      'a Promise whose API is cluster-scoped',
      request,
      { ...base, promise: 'global-api', spec: undefined },
      /spec\.api\.spec\.scope/,
    );
    action(
      "another team's namespace",
      request,
      { ...base, owner: TEAM_B },
      /owner 'group:default\/team-b' use namespace 'team-a'/,
    );
    action(
      'no name',
      request,
      { ...base, name: undefined },
      /requires property "name"/,
    );
    action(
      'a 300-character name',
      request,
      { ...base, name: 'x'.repeat(300) },
      /name 'x+' is not a valid Kubernetes name/,
    );
    action(
      // Kratix caps a request's name at 63 (syntasso/kratix api/v1alpha1/promise_types.go, MaxResourceNameLength).
      'a 64-character name, one more than Kratix takes',
      request,
      { ...base, name: 'a'.repeat(64) },
      /name 'a+' is not a valid Kubernetes name for a resource request: use at most 63/,
    );
    action(
      'a namespace that is not a valid one',
      request,
      { ...base, namespace: 'Team A' },
      /namespace 'Team A' is not a valid/,
    );
    action(
      // NamespaceLifecycle admission answers 404 for a namespace that does not exist.
      'a namespace the policy allows but the platform does not have',
      request,
      { ...base, namespace: MISSING_NAMESPACE },
      /namespace 'team-a-archive' does not exist \(namespaces "team-a-archive" not found/,
    );
    action(
      'neither a Promise nor an API',
      request,
      { name: 'bad', namespace: 'team-a', owner: TEAM_A },
      /Name the Promise/,
    );
    action(
      'deleting a request that does not exist',
      DRILL_TEMPLATES.delete,
      { promise: 'redis', namespace: 'team-a', name: 'never-there' },
      /'never-there' .* does not exist/,
    );
    action(
      'deleting something that is not a Promise API (the Promise itself)',
      DRILL_TEMPLATES.delete,
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Promise',
        name: 'redis',
      },
      /Promise is not the API of any Promise/,
    );
    action(
      'a manifest path outside the workspace',
      DRILL_TEMPLATES.manifest,
      { ...base, path: '../../outside.yaml' },
      /outside its parent/,
    );

    // 3. The same bad input as tool calls of an assistant (kratix:* through the MCP actions backend): a tool error
    // naming the field, nothing created.
    const call = (what: string, name: string, args: object, field: RegExp) => {
      const c: BadInput = {
        area: 'tools',
        what,
        handled: async () => {
          const result = await tool(name, args);
          c.seen = `${
            result.isError ? 'tool error' : 'ok'
          }: ${result.text.slice(0, 200)}`;
          const after = await requestsOnPlatform();
          return (
            result.isError &&
            field.test(result.text) &&
            after.join() === before.join()
          );
        },
      };
      cases.push(c);
    };
    call(
      'an unknown Promise',
      'request-resource',
      { ...base, promise: 'nosuch' },
      /^NotFoundError: No Promise named 'nosuch'/,
    );
    call(
      'a spec value against the schema pattern',
      'request-resource',
      { ...base, spec: { size: 'huge' } },
      /^InputError: .*spec\.size must match pattern/,
    );
    call(
      'a namespace the policy allows but the platform does not have',
      'request-resource',
      { ...base, namespace: MISSING_NAMESPACE },
      /^NotFoundError: .*namespace 'team-a-archive' does not exist/,
    );
    call(
      'a spec value of the wrong type, when only validating',
      'validate-request',
      { ...base, spec: { size: 5 } },
      /^InputError: .*spec\.size must be string/,
    );
    call(
      'a spec field the API does not declare',
      'request-resource',
      { ...base, spec: { size: 'small', colour: 'blue' } },
      /spec\.colour is not a field/,
    );
    call(
      'a spec that is not an object',
      'request-resource',
      { ...base, spec: 'size=small' },
      /^InputError: Invalid input to action "kratix:request-resource"/,
    );
    call(
      'no name',
      'request-resource',
      { ...base, name: undefined },
      /^InputError: Invalid input to action "kratix:request-resource"/,
    );
    call(
      "another team's namespace",
      'request-resource',
      { ...base, owner: TEAM_B },
      /^NotAllowedError: .*owner 'group:default\/team-b' use namespace 'team-a'/,
    );
    call(
      'an owner that is not an entity ref',
      'request-resource',
      { ...base, owner: 'team a/b:c' },
      /^InputError: owner 'team a\/b:c' is not an entity ref/,
    );
    call(
      'a 300-character name',
      'request-resource',
      { ...base, name: 'x'.repeat(300) },
      /name 'x+' is not a valid Kubernetes name/,
    );
    call(
      'a cluster that is not configured',
      'list-promises',
      { cluster: 'nowhere' },
      /nowhere/,
    );
    call(
      'a Promise without an API, described',
      'describe-promise',
      { promise: 'crossplane' },
      /'crossplane' .* has no API/,
    );
    call(
      'the status of a request that does not exist',
      'get-request-status',
      { promise: 'redis', namespace: 'team-a', name: 'never-there' },
      /^NotFoundError: .*'never-there' .* does not exist/,
    );
    call(
      'deleting a request that does not exist',
      'delete-request',
      { promise: 'redis', namespace: 'team-a', name: 'never-there' },
      /^NotFoundError: .*'never-there' .* does not exist/,
    );

    // 4. Backend routes: a clear 4xx each.
    const answer = (
      what: string,
      path: string,
      expected: number,
      mentions?: RegExp,
      authorization?: string,
    ) => {
      const c: BadInput = {
        area: 'routes',
        what,
        handled: async () => {
          const res = await route(path, authorization);
          const body = await res.text();
          c.seen = `${res.status}: ${body.slice(0, 200)}`;
          return res.status === expected && (!mentions || mentions.test(body));
        },
      };
      cases.push(c);
    };
    const rr = `/entities/resource/default/${
      requestRef('redis', 'team-a', 'redis-0').split('/')[1]
    }`;
    answer(
      'an entity ref that does not exist',
      '/entities/resource/default/nope/summary',
      404,
      /nope/,
    );
    answer(
      'an entity that is not a Kratix entity',
      '/entities/component/default/plain/summary',
      400,
      /kratix\.backstage\.io\/kind/,
    );
    answer(
      'no credentials',
      `${rr}/summary`,
      401,
      undefined,
      mockCredentials.none.header(),
    );
    answer(
      'tailLines=-1',
      `${rr}/pipelines/instance-configure/logs?tailLines=-1`,
      400,
      /tailLines/,
    );
    answer(
      'limitBytes=1e30',
      `${rr}/pipelines/instance-configure/logs?limitBytes=1e30`,
      400,
      /limitBytes/,
    );
    answer(
      'limitBytes=abc',
      `${rr}/pipelines/instance-configure/logs?limitBytes=abc`,
      400,
      /limitBytes/,
    );
    answer(
      'tailLines given twice',
      `${rr}/pipelines/instance-configure/logs?tailLines=1&tailLines=2`,
      400,
      /tailLines/,
    );
    answer(
      'a pipeline name that looks like a path traversal',
      `${rr}/pipelines/..%2F..%2F..%2Fetc%2Fpasswd/logs`,
      400,
      /pipeline/i,
    );
    answer(
      'the Crossplane tree of a Promise',
      `/entities/component/default/${promiseEntityName({
        cluster: PLATFORM,
        name: 'redis',
      })}/crossplane`,
      400,
      /no Crossplane objects/,
    );
    answer(
      'an entity naming a cluster that is not configured',
      '/entities/resource/default/lost-cluster/summary',
      404,
      /nowhere/,
    );
    answer(
      'an entity naming an object that does not exist',
      '/entities/resource/default/ghost/summary',
      404,
      /never-requested/,
    );

    // Provider cases take effect as the catalog processes them; the others answer at once.
    const outcomes = new Map<BadInput, boolean>();
    for (const c of cases.filter(x => x.area !== 'provider')) {
      outcomes.set(c, await c.handled());
    }
    const deadline = Date.now() + 15_000;
    const providerCases = cases.filter(x => x.area === 'provider');
    // Bounded by the deadline: each pass looks at the catalog and the log once per case.
    while (Date.now() < deadline) {
      for (const c of providerCases) {
        if (!outcomes.get(c)) outcomes.set(c, await c.handled());
      }
      if (providerCases.every(c => outcomes.get(c))) break;
      await new Promise(r => setTimeout(r, 500));
    }
    // Still so a moment later: nothing handled at first (e.g. no API entity) turned into something else.
    await new Promise(r => setTimeout(r, 1_000));
    for (const c of providerCases) {
      if (outcomes.get(c)) outcomes.set(c, await c.handled());
    }
    const after = await requestsOnPlatform();
    const created = after.filter(n => !before.includes(n));
    const loss = await watch.stop();

    const tried = cases.length;
    const handled = cases.filter(c => outcomes.get(c)).length;
    const byArea = (area: BadInput['area']) => {
      const of = cases.filter(c => c.area === area);
      return `${of.filter(c => outcomes.get(c)).length}/${of.length}`;
    };
    printDrill('bad-input', [
      ['provider', byArea('provider')],
      ['scaffolder', byArea('scaffolder')],
      ['routes', byArea('routes')],
      ['tools', byArea('tools')],
      ['created', created.length],
      ['lost', loss.lost.length],
    ]);
    // eslint-disable-next-line no-console
    console.log(
      [
        `bad input: tried ${tried}, handled ${handled}`,
        ...cases
          .filter(c => process.env.DRILL_VERBOSE || !outcomes.get(c))
          .map(
            c =>
              `  ${outcomes.get(c) ? 'handled' : 'not handled'} (${c.area}): ${
                c.what
              }${c.seen ? ` -> ${c.seen}` : ''}`,
          ),
      ].join('\n'),
    );
    expect(
      cases
        .filter(c => !outcomes.get(c))
        .map(c => `${c.area}: ${c.what} (${c.seen ?? 'not seen'})`),
    ).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(20);
    expect(handled).toBe(tried);
    expect(created).toEqual([]);
    expect(loss.lost).toEqual([]);
  });

  it('no-secrets: no route answers with Secret data, managedFields or last-applied annotations', async () => {
    const { catalog } = backend!;
    const stored = await kubeRequest(
      env!.workers[0].admin,
      'GET',
      `/apis/${OBJECT_API}/objects/vault-creds`,
    );
    // What is on the cluster does carry them: the answers must not.
    expect(stored.metadata.managedFields?.length).toBeGreaterThan(0);
    expect(stored.metadata.annotations[LAST_APPLIED]).toContain(
      SECRETS.objectString,
    );

    const forbidden = [
      ...Object.values(SECRETS),
      ...Object.values(SECRETS).map(b64),
      'managedFields',
      LAST_APPLIED,
    ];
    const leaks: string[] = [];
    let calls = 0;
    const statuses = new Map<number, number>();
    const check = (what: string, body: string) => {
      for (const value of forbidden) {
        if (body.includes(value)) leaks.push(`${what} carries '${value}'`);
      }
    };
    // Every entity in the catalog but the Templates: Kratix ones, hand-written ones, and what the bad-input drill
    // left behind.
    const refs = Array.from(await catalog.refs()).filter(
      r => !r.startsWith('template:') && !r.startsWith('location:'),
    );
    for (const entityRef of refs) {
      const [kind, rest] = entityRef.split(':');
      const [namespace, name] = rest.split('/');
      const base = `/entities/${kind}/${namespace}/${encodeURIComponent(name)}`;
      for (const sub of [
        'summary',
        'pipelines',
        'pipelines/instance-configure/logs',
        'crossplane',
      ]) {
        const res = await route(`${base}/${sub}`);
        calls += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        check(`${sub} of ${entityRef}`, await res.text());
      }
      const entity = await catalog.entity(entityRef);
      check(`catalog entity ${entityRef}`, JSON.stringify(entity));
    }
    const market = await route('/promises');
    calls += 1;
    statuses.set(market.status, (statuses.get(market.status) ?? 0) + 1);
    check('/promises', await market.text());
    // The same through an assistant's tools: the request's status reaches the Object that embeds the Secret.
    const toolAnswers = {
      status: await tool('get-request-status', vault),
      describe: await tool('describe-promise', { promise: 's3buckets' }),
      list: await tool('list-promises', {}),
    };
    for (const [name, answer] of Object.entries(toolAnswers)) {
      calls += 1;
      check(`tool ${name}`, answer.text);
    }
    expect(toolAnswers.status).toMatchObject({ isError: false });
    expect(toolAnswers.status.text).toContain('"name":"vault-creds"');

    // The sweep reached the planted Secret: the tree of the request shows the Object that embeds it.
    const tree = await (
      await route(
        `/entities/resource/default/${
          drill.requestRef(vault).split('/')[1]
        }/crossplane`,
      )
    ).json();
    const nodes: any[] = [];
    const walk = (n: any) => {
      nodes.push(n);
      (n.children ?? []).forEach(walk);
    };
    (tree.roots ?? []).forEach(walk);
    const embedding = nodes.find(
      n => n.kind === 'Object' && n.name === 'vault-creds',
    );

    printDrill('no-secrets', [
      ['routes-called', calls],
      ['entities', refs.length],
      [
        'statuses',
        Array.from(statuses)
          .map(([s, n]) => `${s}x${n}`)
          .join(','),
      ],
      ['secret-object-reached', embedding?.found ? 'yes' : 'no'],
      ['leaks', leaks.length],
    ]);
    expect(embedding).toMatchObject({ found: true });
    expect(embedding.yaml).toContain('kind: Secret');
    expect(leaks).toEqual([]);
    // Every call was answered: 2xx, or a 4xx for a route that does not apply to the entity.
    expect(Array.from(statuses.keys()).filter(s => s >= 500)).toEqual([]);
  });
});
