import { InputError } from '@backstage/errors';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  describeWithFixtures,
  kubeRequest,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import fs from 'fs';
import path from 'path';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/actionContext';
import {
  actionOptions,
  installPromise,
  kafkaPromise,
  redisPromise,
} from '../__testUtils__/testPlatform';
import { createKratixResourceManifestAction } from './kratixResourceManifest';
import { examples } from './kratixResourceManifest.examples';

jest.setTimeout(120_000);

describeWithFixtures('kratix:resource:manifest', () => {
  let test: TestPlatform;
  const workspace = createMockDirectory();
  const platform = () => test.platform;
  const action = (opts: Parameters<typeof actionOptions>[1] = {}) =>
    createKratixResourceManifestAction(actionOptions(platform(), opts));
  const listKafkas = async () =>
    (
      await kubeRequest(
        platform().admin,
        'GET',
        '/apis/marketplace.kratix.io/v1alpha1/kafkas',
      )
    ).items;

  beforeAll(async () => {
    test = await startTestPlatform({ workers: [] });
    await installPromise(platform(), redisPromise());
    await installPromise(platform(), kafkaPromise());
  });

  afterAll(async () => {
    await test?.destroy();
  });

  beforeEach(() => workspace.clear());

  it('writes the validated, stamped request at the default path, creating nothing', async () => {
    const { ctx, outputs } = actionContext(
      {
        promise: 'kafka',
        name: 'orders',
        owner: 'team-a',
        spec: { size: 'large' },
      },
      { workspacePath: workspace.path },
    );
    await action({ identity: 'reader' }).handler(ctx);

    const expected = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'kafka',
      metadata: {
        name: 'orders',
        namespace: 'default',
        labels: { 'kratix.io/promise-name': 'kafka' },
        annotations: {
          'kratix.backstage.io/owner': 'group:default/team-a',
          'kratix.backstage.io/template': 'template:default/redis',
          'kratix.backstage.io/requested-by': 'user:default/jane',
        },
      },
      spec: { size: 'large' },
    };
    const file = path.join(workspace.path, 'kratix/default/kafka-orders.yaml');
    expect(yaml.parse(fs.readFileSync(file, 'utf8'))).toEqual(expected);
    expect(outputs()).toEqual({
      cluster: 'platform',
      promise: 'kafka',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'kafka',
      namespace: 'default',
      name: 'orders',
      entityRef:
        'resource:default/orders_default_kafka.marketplace.kratix.io_platform',
      path: 'kratix/default/kafka-orders.yaml',
      manifest: fs.readFileSync(file, 'utf8'),
    });
    expect(await listKafkas()).toEqual([]);
  });

  it('refuses an invalid spec and a path outside the workspace', async () => {
    await expect(
      action().handler(
        actionContext(
          { promise: 'kafka', name: 'bad', spec: { size: 'medium' } },
          { workspacePath: workspace.path },
        ).ctx,
      ),
    ).rejects.toThrow(/spec.size must match pattern/);
    await expect(
      action().handler(
        actionContext(
          { promise: 'kafka', name: 'escape', path: '../outside.yaml' },
          { workspacePath: workspace.path },
        ).ctx,
      ),
    ).rejects.toThrow(/outside/);
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  it('asks the API server for a dry run when told to', async () => {
    const { ctx } = actionContext(
      { promise: 'kafka', name: 'checked', serverDryRun: true },
      { workspacePath: workspace.path },
    );
    await expect(action({ identity: 'reader' }).handler(ctx)).rejects.toThrow(
      /not allowed/,
    );
    await action().handler(ctx);
    expect(await listKafkas()).toEqual([]);
  });

  it('refuses kinds that are not the API of a Promise', async () => {
    await expect(
      action().handler(
        actionContext(
          { apiVersion: 'v1', kind: 'Secret', name: 'creds' },
          { workspacePath: workspace.path },
        ).ctx,
      ),
    ).rejects.toThrow(InputError);
  });

  describe('examples', () => {
    it.each(examples.map((e, i) => [i, e.description]))(
      'runs example %i: %s',
      async index => {
        const step = yaml.parse(examples[index as number].example).steps[0];
        const { ctx, outputs } = actionContext(step.input, {
          workspacePath: workspace.path,
        });
        await action().handler(ctx);
        const written = yaml.parse(
          fs.readFileSync(path.join(workspace.path, outputs().path), 'utf8'),
        );
        expect(written.metadata.name).toBe(step.input.name);
        expect(written.spec).toEqual(step.input.spec);
      },
    );
  });
});
