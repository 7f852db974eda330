import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  DEMO_ANNOTATIONS,
  DemoClients,
  demoClients,
  getIfExists,
  mergePatch,
  Simulator,
  seedDemoPlatform,
} from '@kratix-backstage/demo-platform';
import {
  describeWithFixtures,
  eventually,
  kratixCatalogConfig,
  kratixClusterConfig,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import catalogModuleKratix from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import {
  getCondition,
  KRATIX_ANNOTATIONS,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { scaffolderModuleKratix } from './module';

jest.setTimeout(150_000);

const TEMPLATE = 'template:default/redis_platform';
const ALICE = 'user:default/alice';
const TEAM_A = 'group:default/team-a';
const REDIS = { apiVersion: 'marketplace.kratix.io/v1alpha1', kind: 'redis' };
const REQUEST = {
  name: 'e2e-cache',
  namespace: 'team-a',
  owner: TEAM_A,
  spec: { size: 'small' },
};
const ENTITY_REF = `resource:default/${resourceRequestEntityName({
  cluster: 'platform',
  namespace: REQUEST.namespace,
  name: REQUEST.name,
  kind: REDIS.kind,
  group: 'marketplace.kratix.io',
})}`.toLowerCase();

/** `kratix.clusters`: the platform as the admin (the scaffolder writes requests there), the workers read-only. */
function clustersConfig(env: TestPlatform) {
  return [
    kratixClusterConfig(env.platform),
    ...env.workers.map(w => kratixClusterConfig(w, { identity: 'reader' })),
  ];
}

interface TaskEvent {
  id: number;
  type: string;
  body: {
    message?: string;
    error?: { name?: string; message?: string };
    output?: { links?: Array<{ title?: string; entityRef?: string }> };
  };
}

describeWithFixtures('a generated Template, end to end', () => {
  let env: TestPlatform | undefined;
  let clients: DemoClients;
  let simulator: Simulator | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let api: (path: string, init?: RequestInit) => Promise<Response>;
  const simulatorLines: string[] = [];

  beforeAll(async () => {
    const startedAt = Date.now();
    env = await startTestPlatform({ workers: ['worker-1'] });
    clients = demoClients(env);
    await seedDemoPlatform(clients);
    simulator = new Simulator({
      clients,
      stepDelayMs: 200,
      pollIntervalMs: 200,
      log: line => simulatorLines.push(line),
    });
    simulator.start();

    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleKratix,
        scaffolderPlugin,
        scaffolderModuleKratix,
        // The real scheduler: the provider's task holds its watches for minutes, which the mock would wait out.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            kratix: {
              clusters: clustersConfig(env),
              scaffolder: { wait: { timeoutSeconds: 60 } },
            },
            catalog: kratixCatalogConfig({
              provider: {
                schedule: {
                  frequency: { minutes: 5 },
                  timeout: { minutes: 3 },
                },
              },
            }),
          },
        }),
      ],
    });
    const base = `http://localhost:${backend.server.port()}/api`;
    api = (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          Authorization: mockCredentials.user.header(ALICE),
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
      });
    // eslint-disable-next-line no-console
    console.log(
      `Clusters seeded, simulator and backend started in ${
        Date.now() - startedAt
      } ms`,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.stop();
    await env?.destroy();
  });

  const getEntity = async (entityRef: string): Promise<Entity | undefined> => {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const response = await api(
      `/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    );
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `GET ${entityRef} from the catalog: ${
          response.status
        } ${await response.text()}`,
      );
    }
    return response.json();
  };

  /** The Template the catalog module generated from the redis Promise, once the catalog serves it. */
  const templateInCatalog = () =>
    eventually(() => getEntity(TEMPLATE), `${TEMPLATE} in the catalog`, 60_000);

  /** Runs the generated Template as the user, the way the UI's form submits it; the new task's id. */
  const startTask = async (values: object): Promise<string> => {
    const created = await api('/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef: TEMPLATE, values }),
    });
    const body = await created.json();
    expect({ status: created.status, body }).toEqual({
      status: 201,
      body: { id: expect.any(String) },
    });
    return body.id;
  };

  /** Follows a task's event log until its completion event, as the UI does. */
  const followTask = async (id: string) => {
    const events: TaskEvent[] = [];
    await eventually(
      async () => {
        const after = events.length ? `?after=${events.at(-1)!.id}` : '';
        const response = await api(`/scaffolder/v2/tasks/${id}/events${after}`);
        if (!response.ok) {
          throw new Error(
            `GET the events of task ${id}: ${
              response.status
            } ${await response.text()}`,
          );
        }
        events.push(...((await response.json()) as TaskEvent[]));
        return events.some(e => e.type === 'completion');
      },
      `task ${id} to complete`,
      60_000,
      250,
    );
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message ?? '');
    return { events, log };
  };

  it("takes a user's request through the Promise's Template to a Reconciled resource the catalog shows as theirs", async () => {
    const waitedFrom = Date.now();
    const template = await templateInCatalog();
    // eslint-disable-next-line no-console
    console.log(
      `Generated Template in the catalog after ${Date.now() - waitedFrom} ms`,
    );
    expect(template.spec).toMatchObject({
      type: 'kratix-resource',
      steps: [{ id: 'request', action: 'kratix:resource:request' }],
    });

    // The user runs the Template with the values its form asks for.
    const createdAt = Date.now();
    const id = await startTask(REQUEST);
    const { events, log } = await followTask(id);
    const taskMs = Date.now() - createdAt;
    // eslint-disable-next-line no-console
    console.log(`Task ${id} done in ${taskMs} ms; its log:\n${log.join('\n')}`);

    const task = await (await api(`/scaffolder/v2/tasks/${id}`)).json();
    expect(task).toMatchObject({ status: 'completed', createdBy: ALICE });
    const completion = events.find(e => e.type === 'completion')!;
    expect(completion.body.message).toBe(
      'Run completed with status: completed',
    );

    // The log follows the request as the simulator plays Kratix.
    // Lines an action logs come as `info: <message>`, possibly coloured: match inside them.
    const expected = [
      /redis 'e2e-cache' in namespace 'team-a' on cluster 'platform' created \(Promise 'redis'\); catalog entity resource:default\/e2e-cache_team-a_/,
      /Waiting up to 60 s for Kratix to reconcile redis 'e2e-cache'/,
      /Pipeline 'instance-configure' is Running \(attempt 1\)/,
      /Pipeline 'instance-configure' is Succeeded/,
      /Status: Resource requested/,
      /redis 'e2e-cache' in namespace 'team-a' on cluster 'platform' is ready: Resource requested/,
      /^Finished step Request Redis$/,
    ];
    const positions = expected.map(pattern => ({
      pattern: String(pattern),
      at: log.findIndex(line => pattern.test(line)),
    }));
    expect(positions.filter(p => p.at < 0)).toEqual([]);
    const order = positions.map(p => p.at);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The simulator took it to Reconciled, and the request carries who asked for it.
    expect(
      simulatorLines.some(l =>
        l.startsWith('team-a/e2e-cache (redis): Reconciled'),
      ),
    ).toBe(true);
    const rr = await getIfExists(clients.platform.client, {
      ...REDIS,
      namespace: REQUEST.namespace,
      name: REQUEST.name,
    });
    expect(getCondition(rr, 'Reconciled')?.status).toBe('True');
    expect(rr.metadata.annotations).toMatchObject({
      [KRATIX_ANNOTATIONS.owner]: TEAM_A,
      [KRATIX_ANNOTATIONS.requestedBy]: ALICE,
      [KRATIX_ANNOTATIONS.template]: TEMPLATE,
    });

    // The task's output links to the request's catalog entity.
    expect(completion.body.output?.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Open in catalog',
          entityRef: ENTITY_REF,
        }),
      ]),
    );

    // The new entity reaches the catalog, owned by the team the user chose.
    const entity = await eventually(
      async () => {
        const found = await getEntity(ENTITY_REF);
        return (
          found?.metadata.annotations?.[KRATIX_ANNOTATIONS.status] ===
            'ready' && found
        );
      },
      `${ENTITY_REF} in the catalog, ready`,
      30_000,
      100,
    );
    const entityMs = Date.now() - createdAt;
    // eslint-disable-next-line no-console
    console.log(
      `Entity ${ENTITY_REF} in the catalog ${entityMs} ms after the task was created (${
        entityMs - taskMs
      } ms after it completed)`,
    );
    expect(entity.spec?.owner).toBe(TEAM_A);
    expect(entity.metadata.annotations).toMatchObject({
      [KRATIX_ANNOTATIONS.requestedBy]: ALICE,
    });
  });

  it('fails the task with the failing pipeline when Kratix cannot fulfil the request, and the catalog shows it failed', async () => {
    // The form can't set the simulator's failure switch: hold the simulator, mark the request once the task has
    // created it, then let the simulator go.
    await templateInCatalog();
    await simulator!.stop();
    const name = 'e2e-doomed';
    const ref = { ...REDIS, namespace: REQUEST.namespace, name };
    const createdAt = Date.now();
    const id = await startTask({ ...REQUEST, name });
    await eventually(
      () => getIfExists(clients.platform.client, ref),
      `the task to create ${name}`,
    );
    await mergePatch(clients.platform.client, ref, {
      metadata: { annotations: { [DEMO_ANNOTATIONS.fail]: 'true' } },
    });
    simulator!.start();

    const { events, log } = await followTask(id);
    // eslint-disable-next-line no-console
    console.log(
      `Failing task ${id} done in ${
        Date.now() - createdAt
      } ms; its log:\n${log.join('\n')}`,
    );
    const task = await (await api(`/scaffolder/v2/tasks/${id}`)).json();
    expect(task).toMatchObject({ status: 'failed', createdBy: ALICE });
    const completion = events.find(e => e.type === 'completion')!;
    expect(completion.body.message).toBe('Run completed with status: failed');
    expect(completion.body.error).toEqual({
      name: 'ResourceRequestFailedError',
      message: expect.stringMatching(
        /^Kratix could not fulfil redis 'e2e-doomed' in namespace 'team-a' on cluster 'platform': ConfigureWorkflowFailed in pipeline 'instance-configure': .*container failed: the request carries demo\.kratix\.backstage\.io\/fail/,
      ),
    });
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /Pipeline 'instance-configure' is Failed \(attempt 1\): container failed/,
        ),
      ]),
    );

    // The catalog shows the request, failed, with the owner the user chose.
    const entityRef = `resource:default/${resourceRequestEntityName({
      cluster: 'platform',
      namespace: REQUEST.namespace,
      name,
      kind: REDIS.kind,
      group: 'marketplace.kratix.io',
    })}`.toLowerCase();
    const entity = await eventually(async () => {
      const found = await getEntity(entityRef);
      return (
        found?.metadata.annotations?.[KRATIX_ANNOTATIONS.status] === 'failed' &&
        found
      );
    }, `${entityRef} in the catalog, failed`);
    expect(entity.spec?.owner).toBe(TEAM_A);
    expect(entity.metadata.annotations).toMatchObject({
      [KRATIX_ANNOTATIONS.requestedBy]: ALICE,
    });
  });
});
