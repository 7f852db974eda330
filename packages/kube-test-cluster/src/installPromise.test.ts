import { loadFixture, describeWithFixtures } from './fixtures';
import { createOrReplace } from './createOrReplace';
import { installPromise } from './installPromise';
import { kubeRequest } from './kubeRequest';
import { startTestPlatform, TestPlatform } from './testPlatform';

jest.setTimeout(120_000);

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';

const redisPromise = () =>
  structuredClone(
    loadFixture('kratix/kratix-marketplace__redis-promise.yaml').find(
      d => d.kind === 'Promise',
    ),
  );

describeWithFixtures('installPromise and createOrReplace', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    env = await startTestPlatform({ workers: [] });
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('installs the CRD of the API and the Promise, without a status by default', async () => {
    await installPromise(env.platform.admin, redisPromise());
    const crd = await kubeRequest(
      env.platform.admin,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/redis.marketplace.kratix.io',
    );
    expect(crd.metadata.labels['kratix.io/promise-name']).toBe('redis');
    const promise = await kubeRequest(
      env.platform.admin,
      'GET',
      `${PROMISES}/redis`,
    );
    expect(promise.status).toBeUndefined();
  });

  it('writes the status Kratix would, and replaces a Promise installed before', async () => {
    const unavailable = redisPromise();
    unavailable.metadata.labels = { tier: 'first' };
    await installPromise(env.platform.admin, unavailable, {
      status: 'Unavailable',
    });
    const again = redisPromise();
    again.metadata.labels = { tier: 'second' };
    await installPromise(env.platform.admin, again, { status: 'Available' });

    const promise = await kubeRequest(
      env.platform.admin,
      'GET',
      `${PROMISES}/redis`,
    );
    expect(promise.metadata.labels).toEqual({ tier: 'second' });
    expect(promise.status).toMatchObject({
      status: 'Available',
      workflowsSucceeded: 1,
      conditions: [
        { type: 'Available', status: 'True', reason: 'PromiseAvailable' },
      ],
    });
  });

  it('installs a Promise without an API as the Promise alone', async () => {
    const noApi = redisPromise();
    noApi.metadata.name = 'no-api';
    delete noApi.spec.api;
    await installPromise(env.platform.admin, noApi, {
      status: 'Unavailable',
    });
    const promise = await kubeRequest(
      env.platform.admin,
      'GET',
      `${PROMISES}/no-api`,
    );
    expect(promise.status).toMatchObject({
      status: 'Unavailable',
      message: 'Requirements not fulfilled',
      conditions: [{ type: 'Available', status: 'False' }],
    });
  });

  it('creates an object, then replaces it in place', async () => {
    const destination = (path: string) => ({
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: { name: 'worker-1' },
      spec: { path },
    });
    const destinations = '/apis/platform.kratix.io/v1alpha1/destinations';
    const created = await createOrReplace(
      env.platform.admin,
      destinations,
      destination('first'),
    );
    const replaced = await createOrReplace(
      env.platform.admin,
      destinations,
      destination('second'),
    );
    expect(replaced.metadata.uid).toBe(created.metadata.uid);
    expect(replaced.spec.path).toBe('second');
  });
});
