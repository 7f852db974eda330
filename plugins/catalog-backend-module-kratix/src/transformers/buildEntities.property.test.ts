import { Entity } from '@backstage/catalog-model';
import { encodeWorkload } from '@kratix-backstage/kube-test-cluster';
import { random } from '../__testUtils__/randomPlatform';
import {
  buildEntities,
  BuildEntitiesOptions,
  KratixSnapshot,
} from './buildEntities';

const GROUP = 'example.kratix.io';
const XGROUP = 'storage.example.org';
const NAMESPACES = ['team-a', 'team-b'] as const;
const DESTINATIONS = ['dest-1', 'dest-2', 'dest-3'] as const;
const REQUESTS = Array.from({ length: 8 }, (_, i) => `req-${i}`);

const options: BuildEntitiesOptions = {
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
  ownerByNamespace: { 'team-a': 'group:default/team-a' },
  requestEntityKind: 'Resource',
  namespaces: { exclude: [] },
  templates: { enabled: false },
  crossplane: { enabled: true, managedResources: true, xrds: true },
  destinationCluster: d => d.metadata.labels?.['kratix.backstage.io/cluster'],
  isKnownCluster: c => ['platform', 'worker-1', 'worker-2'].includes(c),
};

// A Promise whose API is the Widget CRD (syntasso/kratix api/v1alpha1/promise_types.go: spec.api).
const promise = (label: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name: 'widget', labels: { tier: label } },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${GROUP}` },
      spec: {
        group: GROUP,
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
        ],
      },
    },
  },
});

// A v1 XRD with a claim kind (crossplane/crossplane apis/apiextensions/v1 xrd_types.go).
const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: `xbuckets.${XGROUP}` },
  spec: {
    group: XGROUP,
    names: { kind: 'XBucket', plural: 'xbuckets' },
    claimNames: { kind: 'Bucket', plural: 'buckets' },
    versions: [
      {
        name: 'v1',
        served: true,
        referenceable: true,
        schema: { openAPIV3Schema: { type: 'object' } },
      },
    ],
  },
};

const conditions = (r: ReturnType<typeof random>) => [
  {
    type: r.pick(['Ready', 'Reconciled', 'Synced']),
    status: r.pick(['True', 'False', 'Unknown']),
    reason: r.pick(['Available', 'Creating', 'ReconcileError']),
    lastTransitionTime: '2026-01-01T00:00:00Z',
  },
];

type World = {
  promise: any;
  destinations: Map<string, any>;
  requests: Map<string, any>;
  works: Map<string, any>;
  workPlacements: Map<string, any>;
  live: Map<string, any>;
};

// Each function makes a new object, as an informer does on every event.
const makers = (r: ReturnType<typeof random>) => ({
  destination: (name: string) => ({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: {
      name,
      labels: {
        'kratix.backstage.io/cluster': r.pick([
          'worker-1',
          'worker-2',
          'unknown-cluster',
        ]),
      },
    },
    spec: { path: name },
  }),
  request: (key: string) => {
    const [namespace, name] = key.split('/');
    return {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: {
        name,
        namespace,
        generation: 1 + r.int(3),
        annotations: r.chance(0.3)
          ? {
              'kratix.backstage.io/owner': r.pick([
                'group:default/team-b',
                'not an owner',
              ]),
            }
          : {},
      },
      spec: { size: r.pick(['small', 'large']) },
      status: { observedGeneration: 1 + r.int(3), conditions: conditions(r) },
    };
  },
  work: (key: string) => {
    const [namespace, name] = key.split('/');
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: {
        name: `widget-${name}`,
        namespace,
        labels: { 'kratix.io/resource-namespace': namespace },
      },
      spec: { promiseName: 'widget', resourceName: name },
    };
  },
  workPlacement: (key: string) => {
    const [namespace, name] = key.split('/');
    const claim = {
      apiVersion: `${XGROUP}/v1`,
      kind: r.pick(['Bucket', 'Bucket', 'Unrelated']),
      metadata: { name, namespace },
      spec: {},
    };
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: `widget-${name}.dest`,
        namespace,
        labels: { 'kratix.io/work': `widget-${name}` },
      },
      spec: {
        targetDestinationName: r.pick(DESTINATIONS),
        promiseName: 'widget',
        resourceName: name,
        workloads: [
          { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
        ],
      },
    };
  },
  claim: (key: string) => {
    const [namespace, name] = key.split('/');
    return {
      apiVersion: `${XGROUP}/v1`,
      kind: 'Bucket',
      metadata: { name, namespace },
      spec: {
        resourceRef: {
          apiVersion: `${XGROUP}/v1`,
          kind: 'XBucket',
          name: `${name}-${r.pick(['x', 'y'])}`,
        },
      },
      status: { conditions: conditions(r) },
    };
  },
  composite: (name: string) => ({
    apiVersion: `${XGROUP}/v1`,
    kind: 'XBucket',
    metadata: { name },
    spec: {
      resourceRefs: [
        {
          apiVersion: 's3.aws.upbound.io/v1beta1',
          kind: 'Bucket',
          name: `${name}-${r.pick(['a', 'b'])}`,
        },
      ],
    },
    status: { conditions: conditions(r) },
  }),
  managed: (name: string) => ({
    apiVersion: 's3.aws.upbound.io/v1beta1',
    kind: 'Bucket',
    metadata: { name },
    status: { conditions: conditions(r) },
  }),
});

function snapshotOf(world: World): KratixSnapshot {
  const onWorker = (cluster: string) =>
    Array.from(world.live)
      .filter(([k]) => k.startsWith(`${cluster} `))
      .map(([, o]) => o);
  return {
    platformCluster: 'platform',
    promises: [world.promise],
    destinations: Array.from(world.destinations.values()),
    works: Array.from(world.works.values()),
    workPlacements: Array.from(world.workPlacements.values()),
    requests: Array.from(world.requests.values()),
    workers: {
      'worker-1': { xrds: [xrd], objects: onWorker('worker-1') },
      'worker-2': { xrds: [xrd], objects: onWorker('worker-2') },
    },
  };
}

/** One random change to the world: an object added, replaced by a new version, or deleted. */
function change(world: World, r: ReturnType<typeof random>) {
  const make = makers(r);
  const requestKey = `${r.pick(NAMESPACES)}/${r.pick(REQUESTS)}`;
  const name = requestKey.split('/')[1];
  const cluster = r.pick(['worker-1', 'worker-2']);
  const upsertOrDelete = (
    map: Map<string, any>,
    key: string,
    value: () => any,
  ) => {
    if (map.has(key) && r.chance(0.25)) map.delete(key);
    else map.set(key, value());
  };
  switch (r.int(9)) {
    case 0:
      world.promise = promise(r.pick(['gold', 'silver']));
      break;
    case 1: {
      const d = r.pick(DESTINATIONS);
      world.destinations.set(d, make.destination(d));
      break;
    }
    case 2:
    case 3:
      upsertOrDelete(world.requests, requestKey, () =>
        make.request(requestKey),
      );
      break;
    case 4:
      upsertOrDelete(world.works, requestKey, () => make.work(requestKey));
      break;
    case 5:
      upsertOrDelete(world.workPlacements, requestKey, () =>
        make.workPlacement(requestKey),
      );
      break;
    case 6:
      upsertOrDelete(world.live, `${cluster} claim ${requestKey}`, () =>
        make.claim(requestKey),
      );
      break;
    case 7: {
      const xr = `${name}-${r.pick(['x', 'y'])}`;
      upsertOrDelete(world.live, `${cluster} xr ${xr}`, () =>
        make.composite(xr),
      );
      break;
    }
    default: {
      const mr = `${name}-${r.pick(['x', 'y'])}-${r.pick(['a', 'b'])}`;
      upsertOrDelete(world.live, `${cluster} mr ${mr}`, () => make.managed(mr));
    }
  }
}

describe('buildEntities after any sequence of changes', () => {
  it.each([1, 2, 3])(
    'gives what a recompute from scratch gives (seed %i)',
    seed => {
      const r = random(seed);
      const make = makers(r);
      const world: World = {
        promise: promise('gold'),
        destinations: new Map(DESTINATIONS.map(d => [d, make.destination(d)])),
        requests: new Map(),
        works: new Map(),
        workPlacements: new Map(),
        live: new Map(),
      };
      for (let i = 0; i < 40; i++) change(world, r);

      let previous: Entity[] = [];
      let reused = 0;
      for (let step = 0; step < 100; step++) {
        change(world, r);
        const snapshot = snapshotOf(world);
        const incremental = buildEntities(snapshot, options);
        // Fresh copies of every object: nothing remembered from earlier recomputes applies to them.
        const full = buildEntities(structuredClone(snapshot), options);
        expect(incremental).toEqual(full);
        const before = new Set(previous);
        reused += incremental.entities.filter(e => before.has(e)).length;
        previous = incremental.entities;
      }
      // Most entities are carried over from the recompute before, not made again.
      expect(reused).toBeGreaterThan(0);
    },
  );
});
