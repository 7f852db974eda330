import { encodeWorkload } from '@kratix-backstage/kube-test-cluster';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import type {
  BuildEntitiesOptions,
  KratixSnapshot,
} from '../transformers/buildEntities';
import type { SnapshotPart } from '../transformers/incrementalEntities';
import { emptySnapshot } from '../providers/KratixIngestion';

/** A small seeded generator (mulberry32), so a failing sequence can be replayed from its seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}

export type Random = ReturnType<typeof random>;

const GROUP = 'example.kratix.io';
const XGROUP = 'storage.example.org';
const NAMESPACES = ['team-a', 'team-b'] as const;
const DESTINATIONS = ['dest-1', 'dest-2', 'dest-3'] as const;
const WORKERS = ['worker-1', 'worker-2'] as const;
const REQUESTS = Array.from({ length: 4 }, (_, i) => `req-${i}`);
/** Two Promises offer Widgets (the first by name owns unlabelled ones), one offers Gadgets. */
const PROMISES = [
  { name: 'widget', kind: 'Widget' },
  { name: 'widget-copy', kind: 'Widget' },
  { name: 'gadget', kind: 'Gadget' },
] as const;

/** The options the random platforms are built with. */
export const randomPlatformOptions: BuildEntitiesOptions = {
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
  ownerByNamespace: { 'team-a': 'group:default/team-a' },
  requestEntityKind: 'Resource',
  namespaces: { exclude: [] },
  templates: { enabled: false },
  crossplane: { enabled: true, managedResources: true, xrds: true },
  destinationCluster: d => d.metadata.labels?.['kratix.backstage.io/cluster'],
  isKnownCluster: c => ['platform', ...WORKERS].includes(c),
};

// A Promise whose API is a CRD (syntasso/kratix api/v1alpha1/promise_types.go: spec.api).
const promise = (name: string, kind: string, label: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name, labels: { tier: label } },
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.${GROUP}` },
      spec: {
        group: GROUP,
        names: { kind, plural: `${kind.toLowerCase()}s` },
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

/**
 * A v1 XRD of the composite kind XBucket in storage.example.org, with a claim kind (crossplane/crossplane
 * apis/apiextensions/v1 xrd_types.go).
 */
export const bucketXrd = (claimKind: string) => ({
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: `xbuckets.${XGROUP}` },
  spec: {
    group: XGROUP,
    names: { kind: 'XBucket', plural: 'xbuckets' },
    claimNames: { kind: claimKind, plural: `${claimKind.toLowerCase()}s` },
    versions: [
      {
        name: 'v1',
        served: true,
        referenceable: true,
        schema: { openAPIV3Schema: { type: 'object' } },
      },
    ],
  },
});

const destination = (name: string, cluster: string) => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Destination',
  metadata: { name, labels: { 'kratix.backstage.io/cluster': cluster } },
  spec: { path: name },
});

const VERSIONS = ['v1.0.0', 'v1.2.0', 'v1.10.0'] as const;

// A PromiseRevision (syntasso/kratix api/v1alpha1/promiserevision_types.go): Kratix labels it with its Promise and
// marks the latest with status.latest and the kratix.io/latest-revision label; while it moves the mark, two or none
// may say latest. Its spec.promiseSpec is left out, as the provider's cache drops it.
const revision = (r: Random, promiseName: string, version: string) => {
  const labels: Record<string, string> = {};
  // The label wins over spec.promiseRef when they disagree.
  if (r.chance(0.8))
    labels[KRATIX_LABELS.promiseName] = r.chance(0.9) ? promiseName : 'gadget';
  if (r.chance(0.4)) labels[KRATIX_LABELS.latestRevision] = 'true';
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: { name: `${promiseName}-${version}`, labels },
    spec: {
      promiseRef: { name: promiseName },
      version: r.chance(0.1) ? undefined : version,
    },
    status: r.chance(0.5) ? { latest: true } : {},
  };
};

// A ResourceBinding (syntasso/kratix api/v1alpha1/resourcebinding_types.go): found by its promise-name and
// resource-name labels in the request's namespace, whatever its own name, so it may come before its request or
// two may claim one request. Pinned to a version or floating on `latest`; its UpgradeSucceeded condition says how
// the last move went.
const binding = (
  r: Random,
  namespace: string,
  resourceName: string,
  suffix: string,
) => {
  const promiseName = r.pick(['widget', 'widget', 'gadget']);
  const upgrade = r.pick([
    undefined,
    { status: 'True', reason: 'UpgradeComplete' },
    { status: 'False', reason: 'UpgradeFailed' },
    { status: 'Unknown', reason: 'UpgradeInProgress' },
  ]);
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: `${resourceName}-${suffix}`,
      namespace,
      labels: {
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.resourceName]: r.pick([resourceName, resourceName, 'x']),
      },
    },
    spec: {
      version: r.pick(['latest', ...VERSIONS]),
      promiseRef: { name: promiseName },
      resourceRef: { name: resourceName, namespace },
    },
    status: {
      lastAppliedVersion: r.chance(0.7) ? r.pick(VERSIONS) : undefined,
      failedVersion: upgrade?.status === 'False' ? r.pick(VERSIONS) : undefined,
      conditions: upgrade
        ? [
            {
              type: 'UpgradeSucceeded',
              ...upgrade,
              message: `upgrading to version ${r.pick(VERSIONS)}`,
              lastTransitionTime: '2026-01-01T00:00:00Z',
            },
          ]
        : [],
    },
  };
};

const conditions = (r: Random) => [
  {
    type: r.pick(['Ready', 'Reconciled', 'Synced']),
    status: r.pick(['True', 'False', 'Unknown']),
    reason: r.pick(['Available', 'Creating', 'ReconcileError']),
    lastTransitionTime: '2026-01-01T00:00:00Z',
  },
];

/** One object on one cluster, as an informer hands it out. */
export interface PlatformObject {
  part: SnapshotPart;
  cluster: string;
  object: any;
}

/** One change: an object added or replaced by a new version, or deleted. */
export interface PlatformEvent extends PlatformObject {
  deleted: boolean;
}

/**
 * A random platform that changes one object at a time: Promises (two of one type), Destinations whose cluster
 * label changes, requests with and without promise-name and parent labels, Works, WorkPlacements (renamed labels,
 * misplaced, carrying XRDs), worker XRDs, the claims, composites and managed resources behind the requests, and
 * Promise versions: PromiseRevisions (several per Promise, latest marked by status, label, both or neither) and
 * ResourceBindings (pinned or floating, in any upgrade state, before or after their request, sometimes two for one).
 * Objects arrive in any order and parents are deleted under their children. Each version is a new object, as an
 * informer makes one on every event.
 */
export class RandomPlatform {
  readonly objects = new Map<string, PlatformObject>();
  readonly #r: Random;

  /** Starts with every Promise, Destination and worker XRD present, so requests and their objects meet early. */
  constructor(r: Random) {
    this.#r = r;
    const put = (
      part: SnapshotPart,
      cluster: string,
      id: string,
      object: any,
    ) =>
      this.objects.set(`${part} ${cluster} ${id}`, { part, cluster, object });
    for (const p of PROMISES)
      put('promises', 'platform', p.name, promise(p.name, p.kind, 'gold'));
    DESTINATIONS.forEach((d, i) =>
      put('destinations', 'platform', d, destination(d, WORKERS[i % 2])),
    );
    for (const w of WORKERS) put('xrds', w, 'xrd', bucketXrd('Bucket'));
  }

  /** Applies one random change and returns it. */
  change(): PlatformEvent {
    const r = this.#r;
    const ns = r.pick(NAMESPACES);
    const name = r.pick(REQUESTS);
    const cluster = r.pick(WORKERS);
    const set = (
      part: SnapshotPart,
      on: string,
      id: string,
      make: () => any,
    ): PlatformEvent => {
      const key = `${part} ${on} ${id}`;
      const old = this.objects.get(key);
      if (old && r.chance(0.25)) {
        this.objects.delete(key);
        return { ...old, deleted: true };
      }
      const value = { part, cluster: on, object: make() };
      this.objects.set(key, value);
      return { ...value, deleted: false };
    };
    // Crossplane objects change most (their status follows the managed resources), and few enough names that
    // requests, placements and the objects behind them meet often.
    switch (r.int(18)) {
      case 0: {
        const p = r.pick(PROMISES);
        return set('promises', 'platform', p.name, () =>
          promise(p.name, p.kind, r.pick(['gold', 'silver'])),
        );
      }
      case 1: {
        const d = r.pick(DESTINATIONS);
        return set('destinations', 'platform', d, () =>
          destination(d, r.pick([...WORKERS, ...WORKERS, 'unknown-cluster'])),
        );
      }
      case 2:
      case 3: {
        // Each kind is read by an informer of its own: a Widget and a Gadget of one name are two objects.
        const kind = r.pick(['Widget', 'Widget', 'Gadget']);
        return set('requests', 'platform', `${kind} ${ns}/${name}`, () =>
          this.#request(kind, ns, name),
        );
      }
      case 4:
        return set('works', 'platform', `${ns}/${name}`, () => ({
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Work',
          metadata: {
            name: `widget-${name}`,
            namespace: ns,
            labels: {
              [KRATIX_LABELS.resourceNamespace]: r.pick([ns, 'other']),
            },
          },
          spec: {
            promiseName: r.pick(['widget', 'gadget']),
            resourceName: r.pick([name, name, 'renamed']),
          },
        }));
      case 5:
      case 6: {
        // A request's Work can be placed on two Destinations: two WorkPlacements.
        const suffix = r.pick(['a', 'b']);
        return set(
          'workPlacements',
          'platform',
          `${ns}/${name}.${suffix}`,
          () => this.#workPlacement(ns, name, suffix),
        );
      }
      case 15: {
        const p = r.pick(PROMISES);
        const version = r.pick(VERSIONS);
        return set('promiseRevisions', 'platform', `${p.name}-${version}`, () =>
          revision(r, p.name, version),
        );
      }
      case 16:
      case 17: {
        const suffix = r.pick(['a', 'a', 'b']);
        return set(
          'resourceBindings',
          'platform',
          `${ns}/${name}-${suffix}`,
          () => binding(r, ns, name, suffix),
        );
      }
      case 7:
        return set('xrds', cluster, 'xrd', () =>
          bucketXrd(r.pick(['Bucket', 'Bucket', 'Pail'])),
        );
      case 8:
      case 9:
        return set('crossplane', cluster, `claim ${ns}/${name}`, () => ({
          apiVersion: `${XGROUP}/v1`,
          kind: 'Bucket',
          metadata: { name, namespace: ns },
          spec: {
            resourceRef: {
              apiVersion: `${XGROUP}/v1`,
              kind: 'XBucket',
              name: `${name}-${r.pick(['x', 'x', 'y'])}`,
            },
          },
          status: { conditions: conditions(r) },
        }));
      case 10:
      case 11: {
        // Composites are cluster-scoped: requests of two namespaces can lead to the same one.
        const xr = `${name}-${r.pick(['x', 'y'])}`;
        return set('crossplane', cluster, `xr ${xr}`, () => ({
          apiVersion: `${XGROUP}/v1`,
          kind: 'XBucket',
          metadata: { name: xr },
          spec: {
            resourceRefs: [
              {
                apiVersion: 's3.aws.upbound.io/v1beta1',
                kind: 'Bucket',
                name: `${xr}-${r.pick(['a', 'b'])}`,
              },
            ],
          },
          status: { conditions: conditions(r) },
        }));
      }
      default: {
        const mr = `${name}-${r.pick(['x', 'y'])}-${r.pick(['a', 'b'])}`;
        return set('crossplane', cluster, `mr ${mr}`, () => ({
          apiVersion: 's3.aws.upbound.io/v1beta1',
          kind: 'Bucket',
          metadata: { name: mr },
          status: { conditions: conditions(r) },
        }));
      }
    }
  }

  #request(kind: string, namespace: string, name: string) {
    const r = this.#r;
    const labels: Record<string, string> = {};
    if (r.chance(0.3)) labels[KRATIX_LABELS.promiseName] = r.pick(['widget']);
    if (r.chance(0.2)) {
      labels[KRATIX_LABELS.parentPromiseName] = r.pick(['gadget', 'widget']);
      labels[KRATIX_LABELS.parentResourceName] = r.pick(REQUESTS);
    }
    return {
      apiVersion: `${GROUP}/v1`,
      kind,
      metadata: {
        name,
        namespace,
        generation: 1 + r.int(3),
        labels,
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
      status: {
        observedGeneration: 1 + r.int(3),
        conditions: conditions(r),
        // Kratix records the version a request last ran with (and its binding's) in its status.
        ...(r.chance(0.4)
          ? {
              promiseVersion: r.pick(VERSIONS),
              resourceBindingVersion: r.pick(['latest', ...VERSIONS]),
            }
          : {}),
      },
    };
  }

  #workPlacement(namespace: string, name: string, suffix: string) {
    const r = this.#r;
    const claim = {
      apiVersion: `${XGROUP}/v1`,
      kind: r.pick(['Bucket', 'Bucket', 'Bucket', 'Pail', 'Unrelated']),
      metadata: { name, namespace },
      spec: {},
    };
    const objects: unknown[] = [claim];
    if (r.chance(0.15)) objects.push(bucketXrd(r.pick(['Bucket', 'Pail'])));
    const labels: Record<string, string> = {
      [KRATIX_LABELS.work]: r.pick([`widget-${name}`, `widget-${name}`, 'x']),
    };
    if (r.chance(0.1)) labels[KRATIX_LABELS.misplaced] = 'true';
    return {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: { name: `widget-${name}.${suffix}`, namespace, labels },
      spec: {
        targetDestinationName: r.pick(DESTINATIONS),
        promiseName: 'widget',
        resourceName: name,
        workloads: [
          { filepath: 'objects.yaml', content: encodeWorkload(objects) },
        ],
      },
    };
  }

  /** Everything present, as the provider's informers would list it. */
  snapshot(): KratixSnapshot {
    const snapshot: KratixSnapshot = {
      ...emptySnapshot('platform'),
      workers: Object.fromEntries(
        WORKERS.map(w => [
          w,
          { xrds: [] as unknown[], objects: [] as unknown[] },
        ]),
      ),
    };
    for (const { part, cluster, object } of this.objects.values()) {
      if (part === 'xrds') snapshot.workers[cluster].xrds.push(object);
      else if (part === 'crossplane')
        snapshot.workers[cluster].objects.push(object);
      else snapshot[part]!.push(object);
    }
    return snapshot;
  }
}
