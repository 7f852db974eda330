import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  describeWithFixtures,
  installPromiseRevisions,
  installResourceBinding,
  kubeRequest,
  resourceBindingsPath,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  playKratixUpgrades,
  redisPromise,
} from '../__testUtils__/testPlatform';
import { ResourceRequestFailedError } from '../lib/waitForResourceRequest';
import { createKratixResourceUpgradeAction } from './kratixResourceUpgrade';

jest.setTimeout(120_000);

const REDIS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis';
const LATEST = 'v0.3.0';

/** Version v0.2.0 of the redis Promise takes only medium or large: a small Redis does not fit it. */
function redisSpec(sizes = 'small|large') {
  const spec = redisPromise().spec;
  spec.api.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.pattern = `^(${sizes})$`;
  return spec;
}

describeWithFixtures('kratix:resource:upgrade', () => {
  let test: TestPlatform;
  const platform = () => test.platform;
  const action = (opts: Parameters<typeof actionOptions>[1] = {}) =>
    createKratixResourceUpgradeAction(actionOptions(platform(), opts));
  const bindingPath = (name: string) =>
    resourceBindingsPath('default', `binding-of-${name}`);
  const binding = (name: string) =>
    kubeRequest(platform().admin, 'GET', bindingPath(name));

  /** A small Redis that ran `applied`, its binding asking for `version`. */
  async function request(name: string, version: string, applied = 'v0.1.0') {
    await kubeRequest(platform().admin, 'POST', REDIS, {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      metadata: {
        name,
        namespace: 'default',
        labels: { 'kratix.io/promise-name': 'redis' },
        annotations: { 'kratix.backstage.io/owner': 'group:default/team-a' },
      },
      spec: { size: 'small' },
    });
    await installResourceBinding(
      platform().admin,
      { promiseName: 'redis', namespace: 'default', name },
      { version, applied },
    );
  }

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), redisPromise());
    await installPromiseRevisions(platform().admin, 'redis', {
      'v0.1.0': redisSpec(),
      'v0.2.0': redisSpec('medium|large'),
      [LATEST]: redisSpec(),
    });
  });

  afterAll(async () => {
    await test?.destroy();
  });

  it('upgrades a pinned request to the latest version and waits until Kratix reports it done', async () => {
    await request('pinned', 'v0.1.0');
    const stop = playKratixUpgrades(platform(), 'pinned', { latest: LATEST });
    const { ctx, outputs, lines } = actionContext({
      promise: 'redis',
      name: 'pinned',
      namespace: 'default',
      wait: true,
      timeoutSeconds: 30,
    });
    const started = Date.now();
    try {
      await action().handler(ctx);
    } finally {
      await stop();
    }
    // eslint-disable-next-line no-console
    console.log(
      `Upgrade through the action until done: ${Date.now() - started} ms`,
    );

    const stored = await binding('pinned');
    expect(stored.spec.version).toBe('latest');
    expect(stored.status.lastAppliedVersion).toBe(LATEST);
    expect(outputs()).toEqual({
      cluster: 'platform',
      promise: 'redis',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      namespace: 'default',
      name: 'pinned',
      entityRef:
        'resource:default/pinned_default_redis.marketplace.kratix.io_platform',
      version: LATEST,
      previousVersion: 'v0.1.0',
      pinned: false,
      message: `redis 'pinned' in namespace 'default' on cluster 'platform' runs the latest version ('${LATEST}')`,
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        `Upgrade of redis 'pinned' in namespace 'default' on cluster 'platform': inProgress: Upgrade to version ${LATEST} is in progress`,
      ]),
    );
  });

  it('pins a request to a version: its binding asks for it, nothing else is changed', async () => {
    await request('floating', 'latest', LATEST);
    const { ctx, outputs } = actionContext({
      promise: 'redis',
      name: 'floating',
      namespace: 'default',
      version: 'v0.1.0',
    });
    await action().handler(ctx);
    expect((await binding('floating')).spec.version).toBe('v0.1.0');
    expect(outputs()).toMatchObject({
      version: 'v0.1.0',
      previousVersion: LATEST,
      pinned: true,
      message:
        "redis 'floating' in namespace 'default' on cluster 'platform' set to version 'v0.1.0'; Kratix will upgrade it",
    });
    const rr = await kubeRequest(platform().admin, 'GET', `${REDIS}/floating`);
    expect(rr.spec).toEqual({ size: 'small' });
    expect(rr.metadata.generation).toBe(1);
  });

  it('refuses an unknown version, listing the ones there are, and changes nothing', async () => {
    await request('unknown', 'v0.1.0');
    await expect(
      action().handler(
        actionContext({ promise: 'redis', name: 'unknown', version: 'v9' }).ctx,
      ),
    ).rejects.toThrow(
      new InputError(
        "Cannot set redis 'unknown' in namespace 'default' on cluster 'platform' to version 'v9' (input version): Promise 'redis' has no revision with version 'v9' (spec.version); choose one of: v0.3.0, v0.2.0, v0.1.0, or 'latest'",
      ),
    );
    expect((await binding('unknown')).spec.version).toBe('v0.1.0');
  });

  it("checks the request's spec against THAT version's API before anything is sent", async () => {
    await request('misfit', 'v0.1.0');
    await expect(
      action().handler(
        actionContext({ promise: 'redis', name: 'misfit', version: 'v0.2.0' })
          .ctx,
      ),
    ).rejects.toThrow(
      new InputError(
        "The spec of redis 'misfit' in namespace 'default' on cluster 'platform' does not fit version 'v0.2.0' of Promise 'redis': spec.size must match pattern \"^(medium|large)$\" (rule: pattern); change the request's spec first (kratix:resource:request with ifExists: update), then change its version",
      ),
    );
    expect((await binding('misfit')).spec.version).toBe('v0.1.0');
  });

  it("fails at once with Kratix's reason when the upgrade fails (UpgradeFailed, failedVersion)", async () => {
    await request('failing', 'v0.1.0');
    const stop = playKratixUpgrades(platform(), 'failing', {
      latest: LATEST,
      failing: LATEST,
    });
    const started = Date.now();
    const error = await action()
      .handler(
        actionContext({
          promise: 'redis',
          name: 'failing',
          version: LATEST,
          wait: true,
          timeoutSeconds: 60,
        }).ctx,
      )
      .catch(e => e)
      .finally(stop);
    expect(error).toBeInstanceOf(ResourceRequestFailedError);
    expect(error.message).toBe(
      `Kratix could not upgrade redis 'failing' in namespace 'default' on cluster 'platform' to version '${LATEST}': UpgradeFailed: A Pipeline has failed: 'instance-configure' in namespace 'default'; it still runs version 'v0.1.0'. Kratix does not retry a failed version by itself: fix the cause, then label the ResourceBinding 'binding-of-failing' with kratix.io/manual-reconciliation=true, or choose another version`,
    );
    // At once, not at the timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await binding('failing')).status.failedVersion).toBe(LATEST);
  });

  it('needs the update permission, and says so before looking anything up', async () => {
    await request('denied', 'v0.1.0');
    await expect(
      action({
        permissions: mockServices.permissions({
          result: AuthorizeResult.DENY,
        }),
      }).handler(
        actionContext({ promise: 'redis', name: 'denied', version: LATEST })
          .ctx,
      ),
    ).rejects.toThrow(
      new NotAllowedError(
        "'user:default/jane' is not allowed to change the Promise version of redis 'denied': the permission 'kratix.resource.update' was denied by the Backstage permission policy",
      ),
    );
    expect((await binding('denied')).spec.version).toBe('v0.1.0');
  });

  it('changes nothing in a dry run, nor when the request already runs that version', async () => {
    await request('dry', 'v0.1.0');
    const dry = actionContext(
      { promise: 'redis', name: 'dry', version: LATEST },
      { isDryRun: true },
    );
    await action().handler(dry.ctx);
    expect(dry.outputs().message).toMatch(
      /^Dry run: .* would be set to version 'v0.3.0'; the API server accepted the change/,
    );
    expect((await binding('dry')).spec.version).toBe('v0.1.0');

    const same = actionContext({
      promise: 'redis',
      name: 'dry',
      version: 'v0.1.0',
    });
    await action().handler(same.ctx);
    expect(same.outputs().message).toBe(
      "redis 'dry' in namespace 'default' on cluster 'platform' already runs version 'v0.1.0'; nothing to change",
    );
  });

  it('says when Kratix has not bound the request to a version yet', async () => {
    await kubeRequest(platform().admin, 'POST', REDIS, {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      metadata: { name: 'unbound', namespace: 'default' },
      spec: { size: 'small' },
    });
    await expect(
      action().handler(
        actionContext({ promise: 'redis', name: 'unbound' }).ctx,
      ),
    ).rejects.toThrow(
      new InputError(
        "redis 'unbound' in namespace 'default' on cluster 'platform' has no ResourceBinding yet, so Kratix has not bound it to a Promise version; wait until Kratix has reconciled it, then try again",
      ),
    );
  });
});
