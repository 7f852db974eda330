import path from 'path';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  eventually,
  installPromiseRevisions,
  installResourceBinding,
  kubeRequest,
  KubeRequestError,
  readmeClusterRole,
  resourceBindingsPath,
  startTestPlatform,
  testClusterSkipReason,
  tokenWithClusterRole,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { actionContext } from './__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  patchStatus,
  redisPromise,
  redisRequestInput as input,
} from './__testUtils__/testPlatform';
import { createKratixResourceDeleteAction } from './actions/kratixResourceDelete';
import { createKratixResourceRequestAction } from './actions/kratixResourceRequest';
import { createKratixResourceUpgradeAction } from './actions/kratixResourceUpgrade';

// A whole control plane (tools/kube-control-plane), where RBAC decides what a token may do.
const describeWithControlPlane = testClusterSkipReason(
  'the scaffolder actions with the README RBAC',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const REDIS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis';
const SERVICE_ACCOUNT = { namespace: 'backstage', name: 'scaffolder' };

/** The ClusterRole the README tells adopters to grant on the platform cluster. */
const readmeRole = () =>
  readmeClusterRole(
    path.resolve(__dirname, '../README.md'),
    'backstage-kratix-scaffolder',
  );

describeWithControlPlane(
  'the scaffolder actions with exactly the README RBAC on the platform',
  () => {
    let env: TestPlatform;
    const admin = () => env.platform.admin;

    const exists = async (name: string) => {
      try {
        await kubeRequest(admin(), 'GET', `${REDIS}/${name}`);
        return true;
      } catch (e) {
        if (e instanceof KubeRequestError && e.statusCode === 404) return false;
        throw e;
      }
    };

    /**
     * Plays Kratix for one request: once the request is at `generation`, reports it reconciled at that generation
     * (the `Reconciled` condition of syntasso/kratix internal/controller/dynamic_resource_request_controller.go).
     */
    const reconcile = async (name: string, generation: number) => {
      await eventually(
        async () => {
          const rr = await kubeRequest(
            admin(),
            'GET',
            `${REDIS}/${name}`,
          ).catch(() => undefined);
          return rr?.metadata?.generation === generation;
        },
        `${name} at generation ${generation}`,
        30_000,
        100,
      );
      await patchStatus(env.platform, `${REDIS}/${name}`, {
        message: `Redis is ready (generation ${generation})`,
        observedGeneration: generation,
        conditions: [
          {
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            message: 'Reconciled',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      });
    };

    beforeAll(async () => {
      env = await startTestPlatform({ workers: [], fullPlatform: true });
      await installPromise(env.platform, redisPromise());
    });

    afterAll(async () => {
      await env?.destroy();
    });

    it('requests (waiting for Kratix), updates and deletes with only the ClusterRole the README grants', async () => {
      const token = await tokenWithClusterRole(admin(), readmeRole(), {
        ...SERVICE_ACCOUNT,
      });
      const options = actionOptions(env.platform, { token });
      const request = createKratixResourceRequestAction(options);

      const created = actionContext(
        input('orders', { wait: true, timeoutSeconds: 60 }),
      );
      await Promise.all([request.handler(created.ctx), reconcile('orders', 1)]);
      expect(created.outputs()).toMatchObject({
        operation: 'created',
        message: 'Redis is ready (generation 1)',
      });

      const updated = actionContext(
        input('orders', {
          ifExists: 'update',
          spec: { size: 'large' },
          wait: true,
          timeoutSeconds: 60,
        }),
      );
      await Promise.all([request.handler(updated.ctx), reconcile('orders', 2)]);
      expect(updated.outputs()).toMatchObject({
        operation: 'updated',
        message: 'Redis is ready (generation 2)',
      });
      const stored = await kubeRequest(admin(), 'GET', `${REDIS}/orders`);
      expect(stored.spec).toEqual({ size: 'large' });

      const deleted = actionContext({
        promise: 'redis',
        name: 'orders',
        namespace: 'default',
        wait: true,
        timeoutSeconds: 60,
      });
      await createKratixResourceDeleteAction(options).handler(deleted.ctx);
      expect(deleted.outputs()).toMatchObject({ deleted: true });
      expect(await exists('orders')).toBe(false);
    });

    it("pins a request to a Promise version with only the README's ClusterRole", async () => {
      const spec = redisPromise().spec;
      await installPromiseRevisions(admin(), 'redis', {
        'v0.1.0': spec,
        'v0.2.0': spec,
      });
      await kubeRequest(admin(), 'POST', REDIS, {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'redis',
        metadata: { name: 'versioned', namespace: 'default' },
        spec: { size: 'small' },
      });
      const binding = await installResourceBinding(
        admin(),
        { promiseName: 'redis', namespace: 'default', name: 'versioned' },
        { version: 'latest', applied: 'v0.2.0' },
      );
      const token = await tokenWithClusterRole(admin(), readmeRole(), {
        namespace: 'backstage',
        name: 'scaffolder-upgrade',
      });
      const upgrade = createKratixResourceUpgradeAction(
        actionOptions(env.platform, { token }),
      );
      await upgrade.handler(
        actionContext(
          { promise: 'redis', name: 'versioned', version: 'v0.1.0' },
          { isDryRun: true },
        ).ctx,
      );
      await upgrade.handler(
        actionContext({
          promise: 'redis',
          name: 'versioned',
          version: 'v0.1.0',
        }).ctx,
      );
      const stored = await kubeRequest(
        admin(),
        'GET',
        resourceBindingsPath('default', binding),
      );
      expect(stored.spec.version).toBe('v0.1.0');
    });

    it('with `create` removed from the README role, fails with the 403 naming the verb, the resource and what to grant, and creates nothing', async () => {
      const role = readmeRole();
      role.metadata.name = 'backstage-kratix-scaffolder-no-create';
      const apis = role.rules.find((r: any) =>
        r.apiGroups.includes('marketplace.kratix.io'),
      );
      expect(apis.verbs).toContain('create');
      apis.verbs = apis.verbs.filter((v: string) => v !== 'create');
      const token = await tokenWithClusterRole(admin(), role, {
        namespace: 'backstage',
        name: 'scaffolder-no-create',
      });
      const request = createKratixResourceRequestAction(
        actionOptions(env.platform, { token }),
      );

      const attempt = request.handler(actionContext(input('refused')).ctx);
      await expect(attempt).rejects.toThrow(NotAllowedError);
      await expect(attempt).rejects.toThrow(
        "The identity Backstage uses for cluster 'platform' is not allowed to do this: " +
          'redis.marketplace.kratix.io is forbidden: ' +
          'User "system:serviceaccount:backstage:scaffolder-no-create" cannot create resource "redis" ' +
          'in API group "marketplace.kratix.io" in the namespace "default". ' +
          'Grant that verb on that resource to this identity',
      );
      expect(await exists('refused')).toBe(false);
    });
    // NamespaceLifecycle admission (on in every real API server) refuses objects in a namespace that does not exist.
    it("reports a request into a missing namespace with Kubernetes' own answer, and creates nothing", async () => {
      const token = await tokenWithClusterRole(admin(), readmeRole(), {
        ...SERVICE_ACCOUNT,
      });
      const request = createKratixResourceRequestAction(
        actionOptions(env.platform, { token }),
      );
      const attempt = request.handler(
        actionContext(input('lost', { namespace: 'nowhere' })).ctx,
      );
      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toThrow(
        "redis 'lost' in namespace 'nowhere' on cluster 'platform' cannot be created because namespace 'nowhere' " +
          'does not exist (namespaces "nowhere" not found (cluster \'platform\')); ' +
          'create the namespace first, or choose an existing one',
      );
      const namespaces = await kubeRequest(
        admin(),
        'GET',
        '/api/v1/namespaces',
      );
      expect(namespaces.items.map((n: any) => n.metadata.name)).not.toContain(
        'nowhere',
      );
    });
  },
);
