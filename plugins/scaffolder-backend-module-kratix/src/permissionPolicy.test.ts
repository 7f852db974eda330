import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  describeWithFixtures,
  kubeRequest,
  KubeRequestError,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_PROMISE_RESOURCE_TYPE,
  KratixPromiseResourceType,
} from '@kratix-backstage/plugin-kratix-common';
import { actorAuthServiceFactory } from './__testUtils__/actorAuthServiceFactory';
import {
  clusterConfig,
  installPromise,
  kafkaPromise,
  redisPromise,
} from './__testUtils__/testPlatform';
import { scaffolderModuleKratix } from './module';
import {
  createKratixPromiseConditionalDecision,
  kratixPromiseConditions,
} from './permissions/conditionExports';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const SELF_SERVICE = 'platform.example.com/self-service';
const API = {
  redis: '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis',
  kafka: '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas',
};
type PromiseName = keyof typeof API;

/** A Template with one step that passes its values to a Kratix action. */
function template(name: string, action: string, input: object) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'kratix-resource',
      owner: 'group:default/platform',
      steps: [{ id: 'kratix', name: action, action, input }],
    },
  };
}

const TEMPLATES = [
  template('request', 'kratix:resource:request', {
    promise: '${{ parameters.promise }}',
    name: '${{ parameters.name }}',
    namespace: 'default',
    spec: '${{ parameters.spec }}',
    ifExists: '${{ parameters.ifExists }}',
  }),
  template('delete', 'kratix:resource:delete', {
    promise: '${{ parameters.promise }}',
    name: '${{ parameters.name }}',
    namespace: 'default',
  }),
];

/** What the policy answers for the Kratix Promise permissions; everything else (the scaffolder's own) is allowed. */
type KratixDecider = (
  permission: ResourcePermission<KratixPromiseResourceType>,
) => PolicyDecision;

const allowOnly =
  (...promises: string[]): KratixDecider =>
  permission =>
    createKratixPromiseConditionalDecision(
      permission,
      kratixPromiseConditions.isPromise({ promises }),
    );

describeWithFixtures(
  'the Kratix Promise permissions, with a real permission backend',
  () => {
    let test: TestPlatform;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let decide: KratixDecider;
    /** The Kratix permissions the policy was asked about, in order, and for whom. */
    const asked: string[] = [];

    const policyModule = createBackendModule({
      pluginId: 'permission',
      moduleId: 'kratix-test-policy',
      register(reg) {
        reg.registerInit({
          deps: { policy: policyExtensionPoint },
          async init({ policy }) {
            policy.setPolicy({
              async handle(query, user) {
                if (
                  !isResourcePermission(
                    query.permission,
                    KRATIX_PROMISE_RESOURCE_TYPE,
                  )
                ) {
                  return { result: AuthorizeResult.ALLOW };
                }
                asked.push(
                  `${query.permission.name} for ${user?.info.userEntityRef}`,
                );
                return decide(query.permission);
              },
            });
          },
        });
      },
    });

    const api = (path: string, init: RequestInit = {}) =>
      fetch(`http://localhost:${backend.server.port()}/api${path}`, {
        ...init,
        headers: {
          Authorization: mockCredentials.user.header(ALICE),
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
      });

    /** Runs a Template as Alice through the scaffolder's API and waits for the task to end. */
    const run = async (name: 'request' | 'delete', values: object) => {
      const created = await api('/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: `template:default/${name}`,
          values,
        }),
      });
      expect(created.status).toBe(201);
      const { id } = await created.json();
      const deadline = Date.now() + 30_000;
      let status: string;
      for (;;) {
        ({ status } = await (await api(`/scaffolder/v2/tasks/${id}`)).json());
        if (status === 'completed' || status === 'failed') break;
        if (Date.now() > deadline) {
          throw new Error(`Task ${id} still ${status} after 30 s`);
        }
        await new Promise(r => setTimeout(r, 100));
      }
      const events = await (
        await api(`/scaffolder/v2/tasks/${id}/events`)
      ).json();
      const completion = events.find((e: any) => e.type === 'completion');
      return {
        status,
        error: completion?.body.error as
          | { name: string; message: string }
          | undefined,
      };
    };

    const request = (promise: PromiseName, name: string, extra: object = {}) =>
      run('request', { promise, name, spec: { size: 'small' }, ...extra });

    const get = async (promise: PromiseName, name: string) => {
      try {
        return await kubeRequest(
          test.platform.admin,
          'GET',
          `${API[promise]}/${name}`,
        );
      } catch (e) {
        if (e instanceof KubeRequestError && e.statusCode === 404) {
          return undefined;
        }
        throw e;
      }
    };

    beforeAll(async () => {
      test = await startTestPlatform({ workers: [] });
      await installPromise(test.platform, redisPromise());
      const kafka = kafkaPromise();
      kafka.metadata.labels = { [SELF_SERVICE]: 'true' };
      await installPromise(test.platform, kafka);

      backend = await startTestBackend({
        features: [
          import('@backstage/plugin-scaffolder-backend'),
          scaffolderModuleKratix,
          import('@backstage/plugin-permission-backend'),
          policyModule,
          actorAuthServiceFactory,
          catalogServiceMock.factory({ entities: TEMPLATES }),
          mockServices.rootConfig.factory({
            data: {
              permission: { enabled: true },
              kratix: { clusters: [clusterConfig(test.platform)] },
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await test?.destroy();
    });

    beforeEach(() => {
      asked.length = 0;
    });

    it('lets a conditional decision allow the Promise it names, and refuses every other Promise', async () => {
      decide = allowOnly('redis');

      expect(await request('redis', 'team-cache')).toEqual({
        status: 'completed',
        error: undefined,
      });
      expect((await get('redis', 'team-cache'))?.spec).toEqual({
        size: 'small',
      });

      expect(await request('kafka', 'team-stream')).toEqual({
        status: 'failed',
        error: {
          name: 'NotAllowedError',
          message:
            "'user:default/alice' is not allowed to request kafka 'team-stream' in namespace 'default' on cluster 'platform': the Backstage permission policy allows the permission 'kratix.resource.request' only for the Promises its conditions match, and Promise 'kafka' on cluster 'platform' is not one of them",
        },
      });
      expect(await get('kafka', 'team-stream')).toBeUndefined();
      // With the credentials of the user who ran the template; once unbound, once for the Promise, per request.
      expect(asked).toEqual(
        Array(4).fill(`kratix.resource.request for ${ALICE}`),
      );
    });

    it("applies HAS_PROMISE_LABEL and IS_PROMISE's cluster to the Promise as read from the cluster", async () => {
      decide = permission =>
        createKratixPromiseConditionalDecision(permission, {
          anyOf: [
            kratixPromiseConditions.hasPromiseLabel({
              label: SELF_SERVICE,
              value: 'true',
            }),
            kratixPromiseConditions.isPromise({
              promises: ['redis'],
              cluster: 'another-platform',
            }),
          ],
        });

      expect(await request('kafka', 'labelled')).toMatchObject({
        status: 'completed',
      });
      expect(await get('kafka', 'labelled')).toBeDefined();

      const refused = await request('redis', 'other-cluster');
      expect(refused).toMatchObject({
        status: 'failed',
        error: { name: 'NotAllowedError' },
      });
      expect(refused.error?.message).toContain(
        "Promise 'redis' on cluster 'platform' is not one of them",
      );
      expect(await get('redis', 'other-cluster')).toBeUndefined();
    });

    it('creates what an outright ALLOW allows, asking the policy once', async () => {
      decide = () => ({ result: AuthorizeResult.ALLOW });
      expect(await request('kafka', 'allowed')).toEqual({
        status: 'completed',
        error: undefined,
      });
      expect(await get('kafka', 'allowed')).toBeDefined();
      expect(asked).toEqual([`kratix.resource.request for ${ALICE}`]);
    });

    it('refuses on an outright DENY before looking at the Promise, and creates nothing', async () => {
      decide = () => ({ result: AuthorizeResult.DENY });
      expect(await request('redis', 'denied')).toEqual({
        status: 'failed',
        error: {
          name: 'NotAllowedError',
          message:
            "'user:default/alice' is not allowed to request redis 'denied': the permission 'kratix.resource.request' was denied by the Backstage permission policy",
        },
      });
      expect(await get('redis', 'denied')).toBeUndefined();

      // A Promise that does not exist is refused the same way: a denied user learns nothing about the Promises.
      expect(
        await run('request', { promise: 'no-such-promise', name: 'probe' }),
      ).toMatchObject({
        status: 'failed',
        error: {
          name: 'NotAllowedError',
          message: expect.stringContaining(
            "not allowed to request no-such-promise 'probe'",
          ),
        },
      });
    });

    it('decides updates and deletes per Promise too', async () => {
      decide = () => ({ result: AuthorizeResult.ALLOW });
      await request('redis', 'keep');
      await request('kafka', 'drop');

      // May request anything, but change and delete only kafka requests.
      decide = permission =>
        permission.name === 'kratix.resource.request'
          ? { result: AuthorizeResult.ALLOW }
          : allowOnly('kafka')(permission);

      const update = await request('redis', 'keep', {
        ifExists: 'update',
        spec: { size: 'large' },
      });
      expect(update).toMatchObject({
        status: 'failed',
        error: { name: 'NotAllowedError' },
      });
      expect(update.error?.message).toMatch(
        /^'user:default\/alice' is not allowed to update redis 'keep' in namespace 'default' on cluster 'platform': .* the permission 'kratix.resource.update' only for the Promises its conditions match, and Promise 'redis' on cluster 'platform' is not one of them$/,
      );
      expect((await get('redis', 'keep'))?.spec).toEqual({ size: 'small' });

      const deleteRedis = await run('delete', {
        promise: 'redis',
        name: 'keep',
      });
      expect(deleteRedis.error?.message).toMatch(
        /not allowed to delete redis 'keep' .* the permission 'kratix.resource.delete' only for .* Promise 'redis' on cluster 'platform' is not one of them$/,
      );
      expect(await get('redis', 'keep')).toBeDefined();

      expect(await run('delete', { promise: 'kafka', name: 'drop' })).toEqual({
        status: 'completed',
        error: undefined,
      });
      expect(await get('kafka', 'drop')).toBeUndefined();
    });

    it('applies conditions for other plugins too: resourceRef <cluster>/<promise>, unknown ones denied', async () => {
      const refs = [
        'platform/redis',
        'platform/kafka',
        'platform/no-such-promise',
        'elsewhere/redis',
        'redis',
      ];
      const response = await fetch(
        `http://localhost:${backend.server.port()}/api/scaffolder/.well-known/backstage/permissions/apply-conditions`,
        {
          method: 'POST',
          headers: {
            Authorization: mockCredentials.service.header(),
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            items: [
              {
                id: '1',
                resourceType: 'kratix-promise',
                resourceRef: refs,
                conditions: kratixPromiseConditions.isPromise({
                  promises: ['redis'],
                }),
              },
            ],
          }),
        },
      );
      expect(response.status).toBe(200);
      const { items } = await response.json();
      expect(
        Object.fromEntries(refs.map((r, i) => [r, items[0].result[i]])),
      ).toEqual({
        'platform/redis': AuthorizeResult.ALLOW,
        'platform/kafka': AuthorizeResult.DENY,
        'platform/no-such-promise': AuthorizeResult.DENY,
        'elsewhere/redis': AuthorizeResult.DENY,
        redis: AuthorizeResult.DENY,
      });
    });

    it('publishes the permissions and rules of the kratix-promise resource type, for policy tooling', async () => {
      const response = await fetch(
        `http://localhost:${backend.server.port()}/api/scaffolder/.well-known/backstage/permissions/metadata`,
        { headers: { Authorization: mockCredentials.service.header() } },
      );
      expect(response.status).toBe(200);
      const metadata = await response.json();
      expect(
        metadata.permissions.filter((p: any) => p.name.startsWith('kratix.')),
      ).toEqual([
        expect.objectContaining({
          name: 'kratix.resource.request',
          resourceType: 'kratix-promise',
        }),
        expect.objectContaining({
          name: 'kratix.resource.update',
          resourceType: 'kratix-promise',
        }),
        expect.objectContaining({
          name: 'kratix.resource.delete',
          resourceType: 'kratix-promise',
        }),
      ]);
      const rules = metadata.rules.filter(
        (r: any) => r.resourceType === 'kratix-promise',
      );
      expect(
        rules.map((r: any) => [r.name, Object.keys(r.paramsSchema.properties)]),
      ).toEqual([
        ['IS_PROMISE', ['promises', 'cluster']],
        ['HAS_PROMISE_LABEL', ['label', 'value']],
      ]);
    });
  },
);
