import {
  describeWithFixtures,
  installPromiseRevisions,
  installResourceBinding,
  kubeRequest,
  resourceBindingsPath,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  playKratixUpgrades,
  redisPromise,
} from '../__testUtils__/testPlatform';
import { createKratixResourceUpgradeAction } from './kratixResourceUpgrade';
import { examples } from './kratixResourceUpgrade.examples';

jest.setTimeout(120_000);

describeWithFixtures('kratix:resource:upgrade examples', () => {
  let test: TestPlatform;
  const platform = () => test.platform;
  const action = () =>
    createKratixResourceUpgradeAction(actionOptions(platform()));

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), redisPromise());
    const spec = redisPromise().spec;
    await installPromiseRevisions(platform().admin, 'redis', {
      'v1.0.0': spec,
      'v1.1.0': spec,
    });
    await kubeRequest(
      platform().admin,
      'POST',
      '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis',
      {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'redis',
        metadata: { name: 'orders-cache', namespace: 'default' },
        spec: { size: 'small' },
      },
    );
    await installResourceBinding(
      platform().admin,
      { promiseName: 'redis', namespace: 'default', name: 'orders-cache' },
      { version: 'v1.0.0', applied: 'v1.0.0' },
    );
  });

  afterAll(async () => {
    await test?.destroy();
  });

  const stepOf = (index: number) =>
    yaml.parse(examples[index].example).steps[0];
  const binding = () =>
    kubeRequest(
      platform().admin,
      'GET',
      resourceBindingsPath('default', 'binding-of-orders-cache'),
    );

  it('runs example 0: upgrade to the latest and wait', async () => {
    const stop = playKratixUpgrades(platform(), 'orders-cache', {
      latest: 'v1.1.0',
    });
    try {
      await action().handler(actionContext(stepOf(0).input).ctx);
    } finally {
      await stop();
    }
    expect((await binding()).status.lastAppliedVersion).toBe('v1.1.0');
  });

  it('runs example 1: pin to the version the form gives', async () => {
    const input = { ...stepOf(1).input, version: 'v1.0.0' };
    await action().handler(actionContext(input).ctx);
    expect((await binding()).spec.version).toBe('v1.0.0');
    expect(stepOf(1).input.version).toBe('${{ parameters.version }}');
  });
});
