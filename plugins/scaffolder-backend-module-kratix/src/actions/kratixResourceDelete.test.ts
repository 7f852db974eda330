import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  describeWithFixtures,
  kubeRequest,
  KubeRequestError,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  kafkaPromise,
  kafkaRequest,
} from '../__testUtils__/testPlatform';
import { createKratixResourceDeleteAction } from './kratixResourceDelete';
import { examples } from './kratixResourceDelete.examples';

jest.setTimeout(120_000);

const KAFKAS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas';

describeWithFixtures('kratix:resource:delete', () => {
  let test: TestPlatform;
  const platform = () => test.platform;
  const action = (opts: Parameters<typeof actionOptions>[1] = {}) =>
    createKratixResourceDeleteAction(actionOptions(platform(), opts));
  const seed = async (name: string, annotations: object = {}) => {
    const rr = kafkaRequest();
    rr.metadata.name = name;
    rr.metadata.annotations = annotations;
    await kubeRequest(platform().admin, 'POST', KAFKAS, rr);
  };
  const exists = async (name: string) => {
    try {
      await kubeRequest(platform().admin, 'GET', `${KAFKAS}/${name}`);
      return true;
    } catch (e) {
      if (e instanceof KubeRequestError && e.statusCode === 404) return false;
      throw e;
    }
  };
  const input = (name: string, extra: object = {}) => ({
    promise: 'kafka',
    name,
    namespace: 'default',
    ...extra,
  });

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), kafkaPromise());
  });

  afterAll(async () => {
    await test?.destroy();
  });

  it('deletes the request (the example request of the kafka Promise)', async () => {
    await seed('example');
    const { ctx, outputs } = actionContext(input('example'));
    await action().handler(ctx);
    expect(await exists('example')).toBe(false);
    expect(outputs()).toEqual({
      cluster: 'platform',
      promise: 'kafka',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'kafka',
      namespace: 'default',
      name: 'example',
      entityRef:
        'resource:default/example_default_kafka.marketplace.kratix.io_platform',
      deleted: true,
      message:
        "kafka 'example' in namespace 'default' on cluster 'platform' is being deleted",
    });
  });

  it('deletes nothing in a dry run', async () => {
    await seed('kept');
    const { ctx, outputs } = actionContext(input('kept'), { isDryRun: true });
    await action().handler(ctx);
    expect(await exists('kept')).toBe(true);
    expect(outputs().deleted).toBe(true);
    expect(outputs().message).toMatch(/^Dry run: /);
  });

  // syntasso/kratix lib/resourceutil/util.go: a failed delete pipeline leaves DeleteWorkflowCompleted=False
  // (DeleteWorkflowFailed) and the request held by Kratix's finalizer.
  it('with wait, reports a stuck deletion at once instead of waiting for the timeout (lib/resourceutil/util.go)', async () => {
    const rr = kafkaRequest();
    rr.metadata.name = 'stuck';
    rr.metadata.finalizers = ['kratix.io/delete-workflows'];
    await kubeRequest(platform().admin, 'POST', KAFKAS, rr);
    const stuck = setTimeout(async () => {
      await kubeRequest(
        platform().admin,
        'PATCH',
        `${KAFKAS}/stuck/status`,
        {
          status: {
            kratix: {
              workflows: {
                pipelines: [{ name: 'instance-delete', phase: 'Failed' }],
              },
            },
            conditions: [
              {
                type: 'DeleteWorkflowCompleted',
                status: 'False',
                reason: 'DeleteWorkflowFailed',
                message: 'The Delete Pipeline has failed',
                lastTransitionTime: new Date().toISOString(),
              },
            ],
          },
        },
        { contentType: 'application/merge-patch+json' },
      );
    }, 1000);
    try {
      const started = Date.now();
      await expect(
        action().handler(
          actionContext(input('stuck', { wait: true, timeoutSeconds: 30 })).ctx,
        ),
      ).rejects.toThrow(
        "kafka 'stuck' in namespace 'default' on cluster 'platform' is stuck deleting: DeleteWorkflowFailed in pipeline 'instance-delete': The Delete Pipeline has failed; its logs are on the request's Kratix tab",
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      clearTimeout(stuck);
      await kubeRequest(
        platform().admin,
        'PATCH',
        `${KAFKAS}/stuck`,
        {
          metadata: { finalizers: null },
        },
        { contentType: 'application/merge-patch+json' },
      );
    }
  });

  it('fails for a missing request unless told to ignore it', async () => {
    await expect(
      action().handler(actionContext(input('ghost')).ctx),
    ).rejects.toThrow(
      new NotFoundError(
        "kafka 'ghost' in namespace 'default' on cluster 'platform' does not exist; set ifMissing: ignore to accept that",
      ),
    );
    const { ctx, outputs } = actionContext(
      input('ghost', { ifMissing: 'ignore' }),
    );
    await action().handler(ctx);
    expect(outputs().deleted).toBe(false);
  });

  it('only deletes objects of a Promise API', async () => {
    await expect(
      action().handler(
        actionContext({
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Promise',
          name: 'kafka',
        }).ctx,
      ),
    ).rejects.toThrow(InputError);
    expect(
      (
        await kubeRequest(
          platform().admin,
          'GET',
          '/apis/platform.kratix.io/v1alpha1/promises/kafka',
        )
      ).metadata.name,
    ).toBe('kafka');
  });

  it('checks the namespace policy for the recorded owner', async () => {
    await seed('owned', {
      'kratix.backstage.io/owner': 'group:default/team-b',
    });
    await expect(
      action({
        scaffolderConfig: {
          namespacePolicy: [
            { owners: ['group:default/team-a'], namespaces: ['default'] },
          ],
        },
      }).handler(actionContext(input('owned')).ctx),
    ).rejects.toThrow(NotAllowedError);
    expect(await exists('owned')).toBe(true);
  });

  it("reports the Kubernetes 403 of Backstage's own read-only identity", async () => {
    await seed('readonly');
    await expect(
      action({ identity: 'reader' }).handler(
        actionContext(input('readonly')).ctx,
      ),
    ).rejects.toThrow(
      /The identity Backstage uses for cluster 'platform' is not allowed/,
    );
    expect(await exists('readonly')).toBe(true);
  });

  describe('examples', () => {
    it.each(examples.map((e, i) => [i, e.description]))(
      'runs example %i: %s',
      async index => {
        const step = yaml.parse(examples[index as number].example).steps[0];
        await seed(step.input.name);
        const { ctx, outputs } = actionContext(step.input);
        await action().handler(ctx);
        expect(outputs().deleted).toBe(true);
        expect(await exists(step.input.name)).toBe(false);
      },
    );
  });
});
