import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  describeWithFixtures,
  kubeRequest,
  KubeRequestError,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  patchStatus,
  PROMISES,
  redisPromise,
  redisRequestInput as input,
} from '../__testUtils__/testPlatform';
import { createKratixResourceRequestAction } from './kratixResourceRequest';

jest.setTimeout(120_000);

const REDIS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis';

describeWithFixtures('kratix:resource:request', () => {
  let test: TestPlatform;
  const platform = () => test.platform;
  const action = (opts: Parameters<typeof actionOptions>[1] = {}) =>
    createKratixResourceRequestAction(actionOptions(platform(), opts));
  const get = (name: string) =>
    kubeRequest(platform().admin, 'GET', `${REDIS}/${name}`);
  const exists = async (name: string) => {
    try {
      await get(name);
      return true;
    } catch (e) {
      if (e instanceof KubeRequestError && e.statusCode === 404) return false;
      throw e;
    }
  };

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), redisPromise());
    const noApi = redisPromise();
    noApi.metadata.name = 'no-api';
    delete noApi.spec.api;
    await installPromise(platform(), noApi);
    const unavailable = redisPromise();
    unavailable.metadata.name = 'redis-next';
    unavailable.spec.api.metadata.name = 'redisnexts.marketplace.kratix.io';
    unavailable.spec.api.spec.names = {
      kind: 'RedisNext',
      plural: 'redisnexts',
      singular: 'redisnext',
    };
    await installPromise(platform(), unavailable, { available: false });
  });

  afterAll(async () => {
    await test?.destroy();
  });

  it('creates the request, stamped with its owner, template and requester', async () => {
    const { ctx, outputs } = actionContext(input('cache'));
    await action().handler(ctx);

    const rr = await get('cache');
    expect(rr.spec).toEqual({ size: 'small' });
    expect(rr.metadata.labels).toEqual({ 'kratix.io/promise-name': 'redis' });
    expect(rr.metadata.annotations).toEqual({
      'kratix.backstage.io/owner': 'group:default/team-a',
      'kratix.backstage.io/template': 'template:default/redis',
      'kratix.backstage.io/requested-by': 'user:default/jane',
    });
    expect(outputs()).toEqual({
      cluster: 'platform',
      promise: 'redis',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      namespace: 'default',
      name: 'cache',
      entityRef:
        'resource:default/cache_default_redis.marketplace.kratix.io_platform',
      url: `${
        platform().url
      }/apis/marketplace.kratix.io/v1alpha1/namespaces/default/redis/cache`,
      operation: 'created',
      message:
        "redis 'cache' in namespace 'default' on cluster 'platform' created; Kratix will reconcile it",
    });
  });

  it('refuses to create a request that already exists, unless asked to update it', async () => {
    await action().handler(actionContext(input('twice')).ctx);
    await expect(
      action().handler(actionContext(input('twice')).ctx),
    ).rejects.toThrow(
      new ConflictError(
        "redis 'twice' in namespace 'default' on cluster 'platform' already exists; set ifExists: update to change it, or choose another name",
      ),
    );

    const { ctx, outputs } = actionContext(
      input('twice', {
        ifExists: 'update',
        spec: { size: 'large' },
        labels: { team: 'a' },
        owner: 'team-b',
      }),
    );
    await action().handler(ctx);
    const rr = await get('twice');
    expect(rr.spec).toEqual({ size: 'large' });
    expect(rr.metadata.labels).toEqual({
      team: 'a',
      'kratix.io/promise-name': 'redis',
    });
    expect(rr.metadata.annotations['kratix.backstage.io/owner']).toBe(
      'group:default/team-b',
    );
    expect(outputs().operation).toBe('updated');
  });

  it('creates nothing in a dry run, yet has the API server check the request', async () => {
    const { ctx, outputs } = actionContext(input('dry'), { isDryRun: true });
    await action().handler(ctx);
    expect(await exists('dry')).toBe(false);
    expect(outputs().message).toBe(
      "Dry run: redis 'dry' in namespace 'default' on cluster 'platform' would be created; the API server accepted it (dryRun=All) and nothing was changed",
    );

    // An update in a dry run changes nothing either.
    await action().handler(actionContext(input('dry-existing')).ctx);
    const update = actionContext(
      input('dry-existing', { ifExists: 'update', spec: { size: 'large' } }),
      { isDryRun: true },
    );
    await action().handler(update.ctx);
    expect(update.outputs().operation).toBe('updated');
    expect((await get('dry-existing')).spec).toEqual({ size: 'small' });

    // The dry run goes to the server: a name the server refuses fails the dry run too.
    const long = 'x'.repeat(64);
    await expect(
      action().handler(
        actionContext(input('dry', { labels: { [long]: 'v' } }), {
          isDryRun: true,
        }).ctx,
      ),
    ).rejects.toThrow(InputError);
  });

  it('catches every schema violation before sending, naming the field and the rule', async () => {
    // The read-only identity could not create anything: the error must come from our own validation.
    const { ctx } = actionContext(
      input('bad', { spec: { size: 'huge', sise: 'small' } }),
    );
    const error = await action({ identity: 'reader' })
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "The spec of redis 'bad' in namespace 'default' on cluster 'platform' does not match the API of Promise 'redis' (marketplace.kratix.io/v1alpha1 redis); nothing was sent: spec.sise is not a field of this API (Kubernetes would drop it) (rule: additionalProperties); spec.size must match pattern \"^(small|large)$\" (rule: pattern)",
    );
    await expect(
      action().handler(actionContext(input('bad', { spec: { size: 3 } })).ctx),
    ).rejects.toThrow(/spec.size must be string \(rule: type\)/);
    expect(await exists('bad')).toBe(false);
  });

  it("reports the Kubernetes 403 of Backstage's own read-only identity", async () => {
    await expect(
      action({ identity: 'reader' }).handler(actionContext(input('ro')).ctx),
    ).rejects.toThrow(
      expect.objectContaining({
        name: 'NotAllowedError',
        message: expect.stringContaining(
          "The identity Backstage uses for cluster 'platform' is not allowed to do this",
        ),
      }),
    );
    expect(await exists('ro')).toBe(false);
  });

  it('links to a console of your own when configured', async () => {
    const { ctx, outputs } = actionContext(input('linked'), { isDryRun: true });
    await action({
      scaffolderConfig: {
        links: {
          resourceUrl:
            'https://console.example.com/{cluster}/{plural}.{group}/{namespace}/{name}?promise={promise}',
        },
      },
    }).handler(ctx);
    expect(outputs().url).toBe(
      'https://console.example.com/platform/redis.marketplace.kratix.io/default/linked?promise=redis',
    );
  });

  it('enforces the namespace policy', async () => {
    const scaffolderConfig = {
      namespacePolicy: [
        { owners: ['group:default/team-a'], namespaces: ['team-a-*'] },
      ],
    };
    await expect(
      action({ scaffolderConfig }).handler(actionContext(input('policy')).ctx),
    ).rejects.toThrow(
      new NotAllowedError(
        "The namespace policy (kratix.scaffolder.namespacePolicy) does not let owner 'group:default/team-a' use namespace 'default' for Promise 'redis'; allowed namespaces: 'team-a-*'",
      ),
    );
    expect(await exists('policy')).toBe(false);
  });

  it('refuses kinds that are not the API of a Promise', async () => {
    for (const kind of [
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { apiVersion: 'platform.kratix.io/v1alpha1', kind: 'Promise' },
    ]) {
      const { promise: _p, ...rest } = input('sneaky');
      await expect(
        action().handler(actionContext({ ...rest, ...kind }).ctx),
      ).rejects.toThrow(
        new InputError(
          `${kind.apiVersion} ${kind.kind} is not the API of any Promise on cluster 'platform', and only Promise APIs can be requested here; the Promise APIs are redis (marketplace.kratix.io/v1alpha1 redis), redis-next (marketplace.kratix.io/v1alpha1 RedisNext)`,
        ),
      );
    }
    await expect(
      action().handler(
        actionContext(input('sneaky', { apiVersion: 'v1', kind: 'Secret' }))
          .ctx,
      ),
    ).rejects.toThrow(
      "Promise 'redis' offers marketplace.kratix.io/v1alpha1 redis, not v1 Secret",
    );
  });

  it('names the Promises that exist for an unknown one, and explains Promises that cannot take requests', async () => {
    await expect(
      action().handler(actionContext(input('x', { promise: 'postgres' })).ctx),
    ).rejects.toThrow(
      new NotFoundError(
        "No Promise named 'postgres' on cluster 'platform'; the Promises there are 'no-api', 'redis', 'redis-next'",
      ),
    );
    await expect(
      action().handler(actionContext(input('x', { promise: 'no-api' })).ctx),
    ).rejects.toThrow(
      "Promise 'no-api' on cluster 'platform' has no API (spec.api is empty); it cannot take resource requests",
    );
    await expect(
      action().handler(
        actionContext(input('x', { promise: 'redis-next' })).ctx,
      ),
    ).rejects.toThrow(
      "Promise 'redis-next' on cluster 'platform' is not Available (status: Unavailable: Requirements not fulfilled); requests for it would not be fulfilled, so none is sent",
    );
  });

  // syntasso/kratix internal/webhook/v1alpha1/promise_webhook.go refuses a Promise whose API is not Namespaced.
  it('refuses a Promise whose API is cluster-scoped, as Kratix does (promise_webhook.go)', async () => {
    const global = redisPromise();
    global.metadata.name = 'redis-global';
    global.spec.api.metadata.name = 'redisglobals.marketplace.kratix.io';
    global.spec.api.spec.scope = 'Cluster';
    global.spec.api.spec.names = {
      kind: 'RedisGlobal',
      plural: 'redisglobals',
      singular: 'redisglobal',
    };
    await installPromise(platform(), global);
    await expect(
      action().handler(
        actionContext(input('x', { promise: 'redis-global' })).ctx,
      ),
    ).rejects.toThrow(
      "Promise 'redis-global' on cluster 'platform' declares a Cluster API (spec.api.spec.scope), which Kratix does not accept; set spec.api.spec.scope to Namespaced in the Promise",
    );
  });

  it('does not create twice when a retried task replays its checkpoint', async () => {
    const checkpoints = new Map<string, unknown>();
    await action().handler(actionContext(input('retry'), { checkpoints }).ctx);
    const { ctx, outputs } = actionContext(input('retry'), { checkpoints });
    await action().handler(ctx);
    expect(outputs().operation).toBe('created');
  });

  describe('with wait', () => {
    const now = () => new Date().toISOString();
    const condition = (
      type: string,
      status: string,
      reason: string,
      message = '',
    ) => ({
      type,
      status,
      reason,
      message,
      lastTransitionTime: now(),
    });

    /** Plays Kratix: the pipeline runs, then the request is reconciled (or the pipeline fails). */
    function playKratix(
      name: string,
      outcome: 'succeed' | 'fail' | 'works-fail' | 'promise-unavailable',
      observedGeneration = 1,
    ) {
      const path = `${REDIS}/${name}`;
      const steps = [
        {
          message: 'Pending',
          kratix: {
            workflows: {
              pipelines: [
                { name: 'instance-configure', phase: 'Running', attempts: 1 },
              ],
            },
          },
          conditions: [
            condition(
              'ConfigureWorkflowCompleted',
              'False',
              'PipelinesInProgress',
            ),
            condition('Reconciled', 'Unknown', 'WorkflowPending'),
          ],
        },
        {
          succeed: {
            message: 'Redis is ready at redis://cache:6379',
            observedGeneration,
            kratix: {
              workflows: {
                pipelines: [
                  {
                    name: 'instance-configure',
                    phase: 'Succeeded',
                    attempts: 1,
                  },
                ],
              },
            },
            conditions: [
              condition(
                'ConfigureWorkflowCompleted',
                'True',
                'PipelinesExecutedSuccessfully',
              ),
              condition('WorksSucceeded', 'True', 'WorksSucceeded'),
              condition('Reconciled', 'True', 'Reconciled'),
            ],
          },
          // No observedGeneration: Kratix writes it only after the configure workflow succeeds
          // (syntasso/kratix internal/controller/dynamic_resource_request_controller.go).
          fail: {
            message: 'Pipeline failed',
            kratix: {
              workflows: {
                pipelines: [
                  {
                    name: 'instance-configure',
                    phase: 'Failed',
                    attempts: 3,
                    message: 'exit code 1',
                  },
                ],
              },
            },
            conditions: [
              condition(
                'ConfigureWorkflowCompleted',
                'False',
                'ConfigureWorkflowFailed',
                'The pipeline instance-configure failed: exit code 1',
              ),
              condition('Reconciled', 'False', 'ConfigureWorkflowFailed'),
            ],
          },
          'works-fail': {
            message: 'Works failing',
            observedGeneration,
            kratix: {
              workflows: {
                pipelines: [
                  {
                    name: 'instance-configure',
                    phase: 'Succeeded',
                    attempts: 1,
                  },
                ],
              },
            },
            conditions: [
              condition(
                'ConfigureWorkflowCompleted',
                'True',
                'PipelinesExecutedSuccessfully',
              ),
              condition(
                'WorksSucceeded',
                'False',
                'WorksFailing',
                'Work redis-waited-instance-configure failed to apply on worker-1',
              ),
              condition('Reconciled', 'False', 'WorksFailing'),
            ],
          },
          // What Kratix writes, and only that, while the Promise cannot fulfil requests
          // (syntasso/kratix lib/resourceutil/util.go MarkPromiseConditionAsNotAvailable).
          'promise-unavailable': {
            conditions: [
              condition(
                'PromiseAvailable',
                'False',
                'PromiseRequirementsNotInstalled',
                'Promise Requirements are not installed',
              ),
            ],
          },
        }[outcome],
      ];
      if (outcome === 'promise-unavailable') steps.shift();
      let index = 0;
      const timer = setInterval(async () => {
        try {
          await get(name);
        } catch {
          return; // not created yet
        }
        const status = steps[index++];
        if (!status) {
          clearInterval(timer);
          return;
        }
        await patchStatus(platform(), path, status);
      }, 300);
      return () => clearInterval(timer);
    }

    it('follows the request until Kratix reconciles it, logging pipeline phases', async () => {
      const stop = playKratix('waited', 'succeed');
      try {
        const { ctx, lines, outputs } = actionContext(
          input('waited', { wait: true, timeoutSeconds: 30 }),
        );
        await action().handler(ctx);
        expect(outputs().message).toBe('Redis is ready at redis://cache:6379');
        expect(lines).toEqual(
          expect.arrayContaining([
            "Pipeline 'instance-configure' is Running (attempt 1)",
            "Pipeline 'instance-configure' is Succeeded (attempt 1)",
            'Status: Redis is ready at redis://cache:6379',
          ]),
        );
      } finally {
        stop();
      }
    });

    it("fails early with the platform's reason and the failing pipeline", async () => {
      const stop = playKratix('broken', 'fail');
      try {
        const started = Date.now();
        await expect(
          action().handler(
            actionContext(input('broken', { wait: true, timeoutSeconds: 60 }))
              .ctx,
          ),
        ).rejects.toThrow(
          "Kratix could not fulfil redis 'broken' in namespace 'default' on cluster 'platform': ConfigureWorkflowFailed in pipeline 'instance-configure': The pipeline instance-configure failed: exit code 1",
        );
        expect(Date.now() - started).toBeLessThan(30_000);
      } finally {
        stop();
      }
    });

    it('fails early when the Works fail', async () => {
      const stop = playKratix('unplaced', 'works-fail');
      try {
        await expect(
          action().handler(
            actionContext(input('unplaced', { wait: true, timeoutSeconds: 60 }))
              .ctx,
          ),
        ).rejects.toThrow(
          "Kratix could not fulfil redis 'unplaced' in namespace 'default' on cluster 'platform': WorksFailing: Work redis-waited-instance-configure failed to apply on worker-1",
        );
      } finally {
        stop();
      }
    });

    it('after an update, waits for Kratix to observe the new spec instead of reporting the old failure', async () => {
      await action().handler(actionContext(input('fixed')).ctx);
      await patchStatus(platform(), `${REDIS}/fixed`, {
        message: 'Pipeline failed',
        observedGeneration: 1,
        conditions: [
          condition(
            'ConfigureWorkflowCompleted',
            'False',
            'ConfigureWorkflowFailed',
            'bad size',
          ),
        ],
      });
      const stop = playKratix('fixed', 'succeed', 2);
      try {
        const { ctx, outputs } = actionContext(
          input('fixed', {
            ifExists: 'update',
            spec: { size: 'large' },
            wait: true,
            timeoutSeconds: 30,
          }),
        );
        await action().handler(ctx);
        expect(outputs()).toMatchObject({
          operation: 'updated',
          message: 'Redis is ready at redis://cache:6379',
        });
      } finally {
        stop();
      }
    });

    // syntasso/kratix internal/controller/dynamic_resource_request_controller.go: observedGeneration stays at the
    // last generation whose configure workflow succeeded, so after a failed update the request stays behind.
    it('fails early after an update whose pipeline fails, though Kratix never observes the new generation', async () => {
      await action().handler(actionContext(input('regressed')).ctx);
      await patchStatus(platform(), `${REDIS}/regressed`, {
        message: 'Redis is ready',
        observedGeneration: 1,
        conditions: [
          condition(
            'ConfigureWorkflowCompleted',
            'True',
            'PipelinesExecutedSuccessfully',
          ),
          condition('Reconciled', 'True', 'Reconciled'),
        ],
      });
      const stop = playKratix('regressed', 'fail');
      try {
        const started = Date.now();
        await expect(
          action().handler(
            actionContext(
              input('regressed', {
                ifExists: 'update',
                spec: { size: 'large' },
                wait: true,
                timeoutSeconds: 20,
              }),
            ).ctx,
          ),
        ).rejects.toThrow(
          "Kratix could not fulfil redis 'regressed' in namespace 'default' on cluster 'platform': ConfigureWorkflowFailed in pipeline 'instance-configure'",
        );
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        stop();
      }
    });

    it('fails at once, with the reason, when the Promise cannot fulfil requests (lib/resourceutil/util.go)', async () => {
      const stop = playKratix('orphan', 'promise-unavailable');
      try {
        const started = Date.now();
        await expect(
          action().handler(
            actionContext(input('orphan', { wait: true, timeoutSeconds: 20 }))
              .ctx,
          ),
        ).rejects.toThrow(
          "Kratix could not fulfil redis 'orphan' in namespace 'default' on cluster 'platform': PromiseRequirementsNotInstalled: Promise Requirements are not installed",
        );
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        stop();
      }
    });

    it('says where the request stands when the wait times out', async () => {
      await expect(
        action().handler(
          actionContext(input('slow', { wait: true, timeoutSeconds: 1 })).ctx,
        ),
      ).rejects.toThrow(
        "Timed out after 1 s waiting for Kratix to reconcile redis 'slow' in namespace 'default' on cluster 'platform'; it stands at: not picked up by Kratix yet (it has no status; is Kratix running on the cluster and the Promise reconciled?). The request exists; follow it in the catalog (resource:default/slow_default_redis.marketplace.kratix.io_platform)",
      );
      expect(await exists('slow')).toBe(true);
    });
  });

  it('reads the Promise through the status Kratix wrote', async () => {
    // Sanity check of the harness: the Promise status is what makes it Available.
    const promise = await kubeRequest(
      platform().admin,
      'GET',
      `${PROMISES}/redis`,
    );
    expect(promise.status.status).toBe('Available');
  });
});
