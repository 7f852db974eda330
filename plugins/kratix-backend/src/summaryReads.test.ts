import type { Entity } from '@backstage/catalog-model';
import {
  TestPlatform,
  applyCrd,
  eventually,
  promiseApiCrd,
  readResourceRequests,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import { startKratixTestBackend } from './__testUtils__/testBackend';
import {
  condition,
  createObject,
  looseCrd,
  testClusterSkipReason,
} from './__testUtils__/testCluster';

// Real API servers (tools/kube-apiserver); skipped with a message where they can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason('summary reads')
  ? describe.skip
  : describe;

jest.setTimeout(60_000);

const KRATIX = 'platform.kratix.io/v1alpha1';
const API = 'marketplace.kratix.io/v1alpha1';
const NAMESPACES = ['team-a', 'team-b'];
const VIEWS = 5;

const promise = {
  apiVersion: KRATIX,
  kind: 'Promise',
  metadata: { name: 'cache' },
  spec: {
    api: looseCrd({
      apiVersion: API,
      kind: 'Cache',
      plural: 'caches',
      namespaced: true,
    }),
  },
  status: {
    status: 'Available',
    workflows: 1,
    workflowsSucceeded: 1,
    workflowsFailed: 0,
  },
};

const requestEntity = (namespace: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: `carts_${namespace}_cache.marketplace.kratix.io_platform`,
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/cluster': 'platform',
      'kratix.backstage.io/api-version': API,
      'kratix.backstage.io/kind': 'Cache',
      'kratix.backstage.io/name': 'carts',
      'kratix.backstage.io/namespace': namespace,
      'kratix.backstage.io/promise': 'cache',
    },
  },
  spec: { type: 'kratix-resource', owner: `group:default/${namespace}` },
});

/**
 * A request's Work and its WorkPlacement in the request's namespace, labelled as Kratix labels them (upstream
 * syntasso/kratix lib/resourceutil/work.go GetWorkLabels; internal/controller/scheduler.go for the WorkPlacement).
 */
async function placeWork(
  p: TestPlatform['platform']['admin'],
  namespace: string,
  pipeline: string,
  destination: string,
) {
  const name = `cache-carts-${pipeline}`;
  await createObject(p, 'works', {
    apiVersion: KRATIX,
    kind: 'Work',
    metadata: {
      name,
      namespace,
      labels: {
        'kratix.io/promise-name': 'cache',
        'kratix.io/resource-name': 'carts',
        'kratix.io/pipeline-name': pipeline,
        'kratix.io/work-type': 'resource',
      },
    },
    spec: {
      promiseName: 'cache',
      resourceName: 'carts',
      workloadGroups: [{ id: 'g1', directory: '.', workloads: [] }],
    },
  });
  await createObject(p, 'workplacements', {
    apiVersion: KRATIX,
    kind: 'WorkPlacement',
    metadata: {
      name: `${name}.${destination}-g1`,
      namespace,
      labels: {
        'kratix.io/work': name,
        'kratix.io/targetDestinationName': destination,
      },
    },
    spec: { targetDestinationName: destination, id: 'g1', workloads: [] },
    status: {
      conditions: [
        condition('Ready', 'True', 'WorkloadsWrittenToTargetDestination'),
      ],
    },
  });
}

describeWithCluster(
  "a request's summary reads its Works and WorkPlacements from the shared informers",
  () => {
    let platform: TestPlatform;
    let server: any;

    /** LIST requests the platform's API server served for Works and for WorkPlacements. */
    const lists = async () => {
      const [works, placements] = await Promise.all(
        ['works', 'workplacements'].map(plural =>
          readResourceRequests(platform.platform.admin, {
            group: 'platform.kratix.io',
            plural,
          }),
        ),
      );
      return { works: works.lists, workPlacements: placements.lists };
    };

    const destinations = async (namespace: string) => {
      const res = await request(server).get(
        `/api/kratix/entities/resource/default/${
          requestEntity(namespace).metadata.name
        }/summary`,
      );
      expect(res.status).toBe(200);
      expect(res.body.destinations.available).toBe(true);
      return res.body.destinations.items.map(
        (i: { destination: string; work: string }) =>
          `${i.work} on ${i.destination}`,
      );
    };

    beforeAll(async () => {
      platform = await startTestPlatform({ workers: ['worker-1'] });
      const p = platform.platform.admin;
      await applyCrd(p, promiseApiCrd(promise));
      await createObject(p, 'promises', promise);
      for (const namespace of NAMESPACES) {
        await createObject(p, 'caches', {
          apiVersion: API,
          kind: 'Cache',
          metadata: {
            name: 'carts',
            namespace,
            labels: { 'kratix.io/promise-name': 'cache' },
          },
          spec: {},
        });
        // Same-named requests of two namespaces: each must see only its own Work.
        await placeWork(p, namespace, 'instance-configure', `${namespace}-dc`);
      }
      ({ server } = await startKratixTestBackend({
        platform,
        entities: NAMESPACES.map(requestEntity),
        // No cached answers: every view below reads the Works and WorkPlacements again.
        backend: { cacheTtlMs: 0 },
      }));
    }, 180_000);

    afterAll(async () => {
      await platform?.destroy();
    });

    it('answers the first view before any informer has listed, then lists each kind once per namespace however many views follow', async () => {
      const before = await lists();
      for (let view = 0; view < VIEWS; view++) {
        for (const namespace of NAMESPACES) {
          expect(await destinations(namespace)).toEqual([
            `cache-carts-instance-configure on ${namespace}-dc`,
          ]);
        }
      }
      const after = await lists();
      // One informer per kind and namespace; listing on demand made one LIST per kind and view (VIEWS × 2 each).
      expect({
        works: after.works - before.works,
        workPlacements: after.workPlacements - before.workPlacements,
      }).toEqual({
        works: NAMESPACES.length,
        workPlacements: NAMESPACES.length,
      });
    });

    it('shows a Work placed after the first view through the watch, without listing again', async () => {
      await destinations('team-a');
      const before = await lists();
      await placeWork(
        platform.platform.admin,
        'team-a',
        'instance-promote',
        'team-a-dc',
      );
      await eventually(
        async () => (await destinations('team-a')).length === 2,
        "team-a's second Work to show in its summary",
        15_000,
      );
      expect(await destinations('team-a')).toEqual([
        'cache-carts-instance-configure on team-a-dc',
        'cache-carts-instance-promote on team-a-dc',
      ]);
      expect(await destinations('team-b')).toEqual([
        'cache-carts-instance-configure on team-b-dc',
      ]);
      expect(await lists()).toEqual(before);
    });
  },
);
