import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  eventually,
  installPromise,
  kratixClusterConfig,
  kratixCrdFiles,
  readResourceRequests,
  TestCluster,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixClusterService,
  DefaultKratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import { fixturePromise, kafkaPromise } from '../__testUtils__/testPlatform';
import { PromiseApiIndex } from './PromiseApiIndex';

// A real API server (tools/kube-apiserver); skipped with a message where it can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason('PromiseApiIndex')
  ? describe.skip
  : describe;

const PROMISES = { group: 'platform.kratix.io', plural: 'promises' };

describeWithCluster('PromiseApiIndex on a real API server', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'platform',
      crds: kratixCrdFiles(),
    });
    await installPromise(cluster.admin, kafkaPromise());
  }, 180_000);

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('sees a new Promise as soon as it is watched, from one list of the Promises', async () => {
    const clusters = DefaultKratixClusterService.fromConfig(
      new ConfigReader({
        kratix: { clusters: [kratixClusterConfig(cluster)] },
      }),
    );
    const index = new PromiseApiIndex(
      DefaultKratixInformerService.create({ clusters }),
      mockServices.logger.mock(),
    );
    const before = await readResourceRequests(cluster.admin, PROMISES);
    // The kafka Promise's API (kratix-marketplace kafka-promise.yaml): kind kafka in marketplace.kratix.io.
    await expect(index.groupsOfKind('platform', 'kafka')).resolves.toEqual([
      'marketplace.kratix.io',
    ]);
    await expect(index.groupsOfKind('platform', 'redis')).resolves.toEqual([]);

    // It used to re-list the Promises once a minute, so a Promise installed in between was unknown until then.
    await installPromise(
      cluster.admin,
      fixturePromise('kratix/kratix-marketplace__redis-promise.yaml'),
    );
    await eventually(
      async () =>
        (await index.groupsOfKind('platform', 'redis'))?.[0] ===
        'marketplace.kratix.io',
      'the index to know the redis Promise',
      5_000,
    );
    const after = await readResourceRequests(cluster.admin, PROMISES);
    expect(after.lists - before.lists).toBe(1);

    await index.close();
    await clusters.close();
  }, 30_000);
});
