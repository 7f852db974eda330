import type { Entity } from '@backstage/catalog-model';
import {
  TestPlatform,
  applyCrd,
  claimXrd,
  looseCrd,
  promiseApiCrd,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import request from 'supertest';
import { startKratixTestBackend } from '../__testUtils__/testBackend';
import {
  condition,
  createObject,
  encodeWorkload,
  testClusterSkipReason,
} from '../__testUtils__/testCluster';

// Real API servers (tools/kube-apiserver); skipped with a message where they can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason('pipeline namespace')
  ? describe.skip
  : describe;

const KRATIX = 'platform.kratix.io/v1alpha1';
const API = 'marketplace.kratix.io/v1alpha1';
const CLAIM_API = 'queue.example.org/v1alpha1';
const PIPELINES = 'platform-pipelines';

/** A Promise whose workflows all run in one namespace (`spec.workflows.config.pipelineNamespace`). */
const promise = {
  apiVersion: KRATIX,
  kind: 'Promise',
  metadata: { name: 'queue' },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'queues.marketplace.kratix.io' },
      spec: {
        group: 'marketplace.kratix.io',
        scope: 'Namespaced',
        names: { kind: 'Queue', plural: 'queues', singular: 'queue' },
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        ],
      },
    },
    workflows: { config: { pipelineNamespace: PIPELINES } },
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
    name: `orders_${namespace}_queue.marketplace.kratix.io_platform`,
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/cluster': 'platform',
      'kratix.backstage.io/api-version': API,
      'kratix.backstage.io/kind': 'Queue',
      'kratix.backstage.io/name': 'orders',
      'kratix.backstage.io/namespace': namespace,
      'kratix.backstage.io/promise': 'queue',
    },
  },
  spec: { type: 'kratix-resource', owner: `group:default/${namespace}` },
});

const promiseEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'queue_platform',
    namespace: 'default',
    annotations: {
      'kratix.backstage.io/cluster': 'platform',
      'kratix.backstage.io/api-version': KRATIX,
      'kratix.backstage.io/kind': 'Promise',
      'kratix.backstage.io/name': 'queue',
    },
  },
  spec: {
    type: 'kratix-promise',
    owner: 'group:default/platform',
    lifecycle: 'production',
  },
};

/**
 * A Work and its WorkPlacement where Kratix writes them when the Promise sets pipelineNamespace: in that namespace,
 * named and labelled with the request's namespace (upstream syntasso/kratix work-creator/lib/work_creator.go
 * buildWorkIdentifier, lib/resourceutil/work.go GetWorkLabels; internal/controller/scheduler.go for the
 * WorkPlacement).
 */
async function placeWork(
  p: TestPlatform['platform']['admin'],
  requestNamespace: string | undefined,
  destination: string,
) {
  const name = requestNamespace
    ? `queue-orders-${requestNamespace}-instance-configure`
    : 'queue-promise-configure';
  const claim = {
    apiVersion: CLAIM_API,
    kind: 'QueueClaim',
    metadata: { name: `orders-${requestNamespace ?? 'shared'}` },
    spec: {},
  };
  const workloads = [
    { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
  ];
  await createObject(p, 'works', {
    apiVersion: KRATIX,
    kind: 'Work',
    metadata: {
      name,
      namespace: PIPELINES,
      labels: {
        'kratix.io/promise-name': 'queue',
        'kratix.io/work-type': requestNamespace ? 'resource' : 'promise',
        ...(requestNamespace && {
          'kratix.io/resource-name': 'orders',
          'kratix.io/resource-namespace': requestNamespace,
        }),
      },
    },
    spec: {
      promiseName: 'queue',
      ...(requestNamespace && { resourceName: 'orders' }),
      workloadGroups: [{ id: 'g1', directory: '.', workloads }],
    },
  });
  await createObject(p, 'workplacements', {
    apiVersion: KRATIX,
    kind: 'WorkPlacement',
    metadata: {
      name: `${name}.${destination}-g1`,
      namespace: PIPELINES,
      labels: {
        'kratix.io/work': name,
        'kratix.io/targetDestinationName': destination,
      },
    },
    // No spec.workloads: what it placed is read from its Work's workload group.
    spec: { targetDestinationName: destination, id: 'g1' },
    status: {
      conditions: [
        condition('Ready', 'True', 'WorkloadsWrittenToTargetDestination'),
      ],
    },
  });
}

describeWithCluster(
  "Works in a Promise's pipeline namespace (syntasso/kratix api/v1alpha1/pipeline_types.go)",
  () => {
    let platform: TestPlatform;
    let server: any;

    beforeAll(async () => {
      platform = await startTestPlatform({ workers: ['worker-1'] });
      const p = platform.platform.admin;
      const w = platform.workers[0].admin;
      await applyCrd(p, promiseApiCrd(promise));
      await createObject(p, 'promises', promise);
      for (const ns of ['team-a', 'team-b', PIPELINES]) {
        await createObject(p, 'namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns },
        }).catch(() => undefined);
      }
      for (const ns of ['team-a', 'team-b']) {
        await createObject(p, 'queues', {
          apiVersion: API,
          kind: 'Queue',
          metadata: {
            name: 'orders',
            namespace: ns,
            labels: { 'kratix.io/promise-name': 'queue' },
          },
          spec: {},
        });
      }
      for (const d of ['east', 'west', 'shared']) {
        await createObject(p, 'destinations', {
          apiVersion: KRATIX,
          kind: 'Destination',
          metadata: {
            name: d,
            labels: { 'kratix.backstage.io/cluster': 'worker-1' },
          },
          spec: { path: d },
        });
      }
      await placeWork(p, 'team-a', 'east');
      await placeWork(p, 'team-b', 'west');
      await placeWork(p, undefined, 'shared');

      await applyCrd(
        w,
        looseCrd({
          apiVersion: CLAIM_API,
          kind: 'QueueClaim',
          plural: 'queueclaims',
          namespaced: true,
        }),
      );
      await createObject(
        w,
        'compositeresourcedefinitions',
        claimXrd({
          group: 'queue.example.org',
          kind: 'XQueue',
          plural: 'xqueues',
          claimKind: 'QueueClaim',
          claimPlural: 'queueclaims',
        }),
      );
      for (const name of ['orders-team-a', 'orders-team-b']) {
        await createObject(w, 'queueclaims', {
          apiVersion: CLAIM_API,
          kind: 'QueueClaim',
          metadata: { name, namespace: 'default' },
          spec: {},
        });
      }

      ({ server } = await startKratixTestBackend({
        platform,
        entities: [
          requestEntity('team-a'),
          requestEntity('team-b'),
          promiseEntity,
        ],
      }));
    }, 180_000);

    afterAll(async () => {
      await platform?.destroy();
    });

    const path = (kind: string, name: string) =>
      `/api/kratix/entities/${kind}/default/${name}`;

    it('shows each request only its own Works, told apart by kratix.io/resource-namespace', async () => {
      for (const [ns, destination] of [
        ['team-a', 'east'],
        ['team-b', 'west'],
      ]) {
        const res = await request(server).get(
          `${path('resource', requestEntity(ns).metadata.name)}/summary`,
        );
        expect(res.status).toBe(200);
        expect(res.body.destinations).toEqual({
          available: true,
          items: [
            expect.objectContaining({
              destination,
              work: `queue-orders-${ns}-instance-configure`,
            }),
          ],
        });
      }
    });

    it("shows a Promise's own Works in its pipeline namespace", async () => {
      const res = await request(server).get(
        `${path('component', 'queue_platform')}/summary`,
      );
      expect(res.status).toBe(200);
      expect(res.body.destinations.items).toEqual([
        expect.objectContaining({
          destination: 'shared',
          work: 'queue-promise-configure',
        }),
      ]);
    });

    it("finds a request's Crossplane claim through its Work in the pipeline namespace", async () => {
      const res = await request(server).get(
        `${path('resource', requestEntity('team-b').metadata.name)}/crossplane`,
      );
      expect(res.status).toBe(200);
      expect(res.body.problems).toEqual([]);
      expect(
        res.body.roots.map((r: any) => [r.kind, r.namespace, r.name, r.role]),
      ).toEqual([['QueueClaim', 'default', 'orders-team-b', 'claim']]);
    });
  },
);
