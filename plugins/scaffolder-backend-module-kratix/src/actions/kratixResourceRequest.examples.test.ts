import {
  describeWithFixtures,
  kubeRequest,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  kafkaPromise,
  patchStatus,
  redisPromise,
} from '../__testUtils__/testPlatform';
import { createKratixResourceRequestAction } from './kratixResourceRequest';
import { examples } from './kratixResourceRequest.examples';

jest.setTimeout(120_000);

describeWithFixtures('kratix:resource:request examples', () => {
  let test: TestPlatform;
  const platform = () => test.platform;

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), redisPromise());
    await installPromise(platform(), kafkaPromise());
  });

  afterAll(async () => {
    await test?.destroy();
  });

  const inputOf = (index: number) =>
    yaml.parse(examples[index].example).steps[0].input;

  it('runs example 0: request a Redis and wait until it is reconciled', async () => {
    const input = inputOf(0);
    const path = `/apis/marketplace.kratix.io/v1alpha1/namespaces/${input.namespace}/redis/${input.name}`;
    // Play Kratix: once the request appears, report it reconciled.
    const timer = setInterval(async () => {
      try {
        await kubeRequest(platform().admin, 'GET', path);
      } catch {
        return;
      }
      clearInterval(timer);
      await patchStatus(platform(), path, {
        message: 'Resource requested',
        observedGeneration: 1,
        conditions: [
          {
            type: 'Reconciled',
            status: 'True',
            reason: 'Reconciled',
            message: '',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      });
    }, 200);
    try {
      const { ctx, outputs } = actionContext(input);
      await createKratixResourceRequestAction(
        actionOptions(platform()),
      ).handler(ctx);
      expect(outputs()).toMatchObject({
        name: 'orders-cache',
        operation: 'created',
        message: 'Resource requested',
      });
    } finally {
      clearInterval(timer);
    }
  });

  it('runs example 1: create or update a Kafka named by its API', async () => {
    const input = inputOf(1);
    const action = createKratixResourceRequestAction(actionOptions(platform()));
    const first = actionContext(input);
    await action.handler(first.ctx);
    expect(first.outputs().operation).toBe('created');
    const second = actionContext(input);
    await action.handler(second.ctx);
    expect(second.outputs().operation).toBe('updated');
    const rr = await kubeRequest(
      platform().admin,
      'GET',
      `/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas/${input.name}`,
    );
    expect(rr.spec).toEqual({ size: 'large' });
    expect(rr.metadata.labels['example.com/cost-centre']).toBe('cc-42');
  });
});
