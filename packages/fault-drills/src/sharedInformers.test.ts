import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  readResourceRequests,
  ResourceRequests,
  startTestPlatform,
  TestCluster,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import {
  DrillBackend,
  startDrillBackend,
  waitForEntities,
} from './__testUtils__/drillBackend';
import { APIS, DrillPlatform } from './__testUtils__/DrillPlatform';
import { handWrittenModule } from './__testUtils__/handWrittenEntities';
import { LogRecorder } from './__testUtils__/LogRecorder';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason(
  'informers shared by the plugins of a backend',
)
  ? describe.skip
  : describe;

/** The kinds the provider reads on the platform cluster, as the API server names them. */
const PLATFORM_RESOURCES = [
  { group: 'platform.kratix.io', plural: 'promises' },
  { group: 'platform.kratix.io', plural: 'destinations' },
  { group: 'platform.kratix.io', plural: 'works' },
  { group: 'platform.kratix.io', plural: 'workplacements' },
  ...Object.values(APIS).map(a => ({ group: a.group, plural: a.plural })),
];

/** A hand-written Component naming a request without its group, so the relations processor asks the Promise index. */
const handWritten = handWrittenModule('shared-informers-hand-written', [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-service',
      annotations: {
        [KRATIX_ANNOTATIONS.resourceRequest]: 'platform/team-a/redis/redis-0',
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  },
]);

/** Each kind was listed (one page) and watched exactly once between two readings. */
function expectOnce(before: ResourceRequests[], after: ResourceRequests[]) {
  const what = (i: number) =>
    `${PLATFORM_RESOURCES[i].plural}.${PLATFORM_RESOURCES[i].group}`;
  expect(
    after.map((a, i) => ({
      what: what(i),
      lists: a.lists - before[i].lists,
      watches: a.watches - before[i].watches,
    })),
  ).toEqual(after.map((_, i) => ({ what: what(i), lists: 1, watches: 1 })));
}

async function readAll(cluster: TestCluster) {
  return Promise.all(
    PLATFORM_RESOURCES.map(r => readResourceRequests(cluster.admin, r)),
  );
}

describeWithCluster(
  'one backend with the catalog module and the backend plugin',
  () => {
    let env: TestPlatform | undefined;
    let drill: DrillPlatform;
    let backend: DrillBackend | undefined;
    const log = new LogRecorder();

    beforeAll(async () => {
      env = await startTestPlatform({ workers: ['worker-1'] });
      drill = new DrillPlatform(env);
      await drill.seed({ redis: 2, kafka: 1, s3buckets: 1 });
    }, 180_000);

    afterAll(async () => {
      await backend?.stop();
      await env?.destroy();
    });

    it('lists and watches each kind of a cluster once for every plugin, and stops watching with the backend', async () => {
      const before = await readAll(drill.platform);
      backend = await startDrillBackend({
        platform: drill.platform,
        worker: drill.worker,
        log,
        features: [kratixBackendPlugin, handWritten],
        // A long cache: a second answer differs only if the live updates' informer saw the change.
        config: {
          kratix: { backend: { cacheTtlMs: 600_000 } },
          // A hand-written entity processed before the Promises were listed is processed again soon.
          catalog: { processingInterval: { seconds: 5 } },
        },
      });
      // The request the hand-written Component names.
      const request = drill.requests.find(r => r.name === 'redis-0')!;
      await waitForEntities(
        backend.catalog,
        drill.requests.map(r => drill.requestRef(r)),
        'the requests',
      );

      // The Promise index resolves the hand-written reference from the provider's Promise informer.
      await eventually(
        async () =>
          (
            await backend!.catalog.entity('component:default/orders-service')
          )?.relations?.some(
            r =>
              r.type === 'dependsOn' &&
              r.targetRef === drill.requestRef(request),
          ),
        'the hand-written Component to depend on its request',
        60_000,
      );
      const synced = await readAll(drill.platform);
      expectOnce(before, synced);

      // A user looks at a request: the backend plugin starts its live updates of the request's kind and namespace.
      const summary = async () => {
        const name = drill.requestRef(request).split('/')[1];
        const response = await fetch(
          `${
            backend!.baseUrl
          }/api/kratix/entities/resource/default/${name}/summary`,
          { headers: { Authorization: mockCredentials.user.header() } },
        );
        expect(response.status).toBe(200);
        return JSON.stringify(await response.json());
      };
      const first = await summary();
      await drill.setRequestState(request, 'failed');
      await eventually(
        async () => (await summary()) !== first,
        'the live updates to drop the cached summary',
        15_000,
      );

      // Its live updates watch through the provider's informer, and the summary reads the request's Works and
      // WorkPlacements from the provider's informers too: no list or watch of any kind of their own.
      const watching = await readAll(drill.platform);
      expect(
        PLATFORM_RESOURCES.map((r, i) => ({
          what: `${r.plural}.${r.group}`,
          lists: watching[i].lists - synced[i].lists,
          watches: watching[i].watches - synced[i].watches,
        })),
      ).toEqual(
        PLATFORM_RESOURCES.map(r => ({
          what: `${r.plural}.${r.group}`,
          lists: 0,
          watches: 0,
        })),
      );

      await backend.stop();
      backend = undefined;
      await eventually(
        async () =>
          (await readAll(drill.platform)).every(r => r.openWatches === 0),
        'every watch to close with the backend',
        15_000,
      );
    });
  },
);
