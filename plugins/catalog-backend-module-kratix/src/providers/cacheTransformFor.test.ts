import {
  describeWithFixtures,
  encodeWorkload,
} from '@kratix-backstage/kube-test-cluster';
import { buildEntities, KratixSnapshot } from '../transformers/buildEntities';
import { kafkaPromise } from '../__testUtils__/testPlatform';
import { cacheTransformFor } from './cacheTransformFor';
import type { IngestionRole } from './planSources';

const noise = {
  managedFields: [{ manager: 'kratix', operation: 'Update', fieldsV1: {} }],
  annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': '{"a":"copy"}',
  },
};

const claim = {
  apiVersion: 'awsblueprints.io/v1alpha1',
  kind: 'ObjectStorage',
  metadata: { name: 'orders', namespace: 'default' },
  spec: {},
};

// A Work and its WorkPlacement as Kratix writes them (syntasso/kratix api/v1alpha1/work_types.go,
// workplacement_types.go): the same workloads in both.
const work = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Work',
  metadata: {
    name: 'kafka-orders',
    namespace: 'default',
    labels: { 'kratix.io/resource-namespace': 'default' },
    ...noise,
  },
  spec: {
    promiseName: 'kafka',
    resourceName: 'orders',
    workloadGroups: [
      {
        id: 'abc',
        directory: '.',
        workloads: [
          { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
        ],
      },
    ],
  },
  status: { workPlacements: 1, workPlacementsCreated: 1 },
};
const workPlacement = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'WorkPlacement',
  metadata: {
    name: 'kafka-orders.worker-1',
    namespace: 'default',
    labels: { 'kratix.io/work': 'kafka-orders' },
    ...noise,
  },
  spec: {
    targetDestinationName: 'worker-1',
    promiseName: 'kafka',
    resourceName: 'orders',
    workloads: [{ filepath: 'claim.yaml', content: encodeWorkload([claim]) }],
  },
};

// Upstream syntasso/kratix api/v1alpha1/promiserevision_types.go, resourcebinding_types.go.
const revision = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'PromiseRevision',
  metadata: {
    name: 'kafka-1a2b3',
    labels: {
      'kratix.io/promise-name': 'kafka',
      'kratix.io/latest-revision': 'true',
    },
    ...noise,
  },
  spec: {
    promiseRef: { name: 'kafka' },
    promiseSpec: { api: { kind: 'CustomResourceDefinition' } },
    version: 'v1',
  },
  status: { latest: true },
};
const binding = {
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'ResourceBinding',
  metadata: {
    name: 'orders-kafka-4c5d6',
    namespace: 'default',
    labels: {
      'kratix.io/promise-name': 'kafka',
      'kratix.io/resource-name': 'orders',
    },
    ...noise,
  },
  spec: {
    version: 'latest',
    promiseRef: { name: 'kafka' },
    resourceRef: { name: 'orders', namespace: 'default' },
  },
  status: { lastAppliedVersion: 'v1' },
};

describeWithFixtures('cacheTransformFor', () => {
  const snapshotOf = (trim: boolean): KratixSnapshot => {
    const t = (role: IngestionRole, objects: any[]) =>
      trim ? objects.map(o => cacheTransformFor(role)(o)) : objects;
    return {
      platformCluster: 'platform',
      promises: t('promises', [kafkaPromise()]),
      destinations: t('destinations', [
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Destination',
          metadata: {
            name: 'worker-1',
            labels: { 'kratix.backstage.io/cluster': 'worker-1' },
            ...noise,
          },
          spec: { path: 'worker-1' },
        },
      ]),
      works: t('works', [work]),
      workPlacements: t('workPlacements', [workPlacement]),
      requests: t('requests', [
        {
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'kafka',
          metadata: { name: 'orders', namespace: 'default', ...noise },
          spec: {},
          status: { promiseVersion: 'v1' },
        },
      ]),
      promiseRevisions: t('promiseRevisions', [revision]),
      resourceBindings: t('resourceBindings', [binding]),
      workers: {
        'worker-1': { xrds: [], objects: t('crossplane', [claim]) },
      },
    };
  };
  const options = {
    entityNamespace: 'default',
    defaultOwner: 'group:default/platform',
    ownerByNamespace: {},
    requestEntityKind: 'Resource' as const,
    namespaces: { exclude: [] },
    templates: { enabled: false },
    crossplane: { enabled: true, managedResources: false, xrds: true },
    destinationCluster: (d: any) =>
      d.metadata.labels?.['kratix.backstage.io/cluster'],
    isKnownCluster: (c: string) => ['platform', 'worker-1'].includes(c),
  };

  it('keeps neither managedFields nor the last-applied copy, and keeps a Work’s workloads', () => {
    const trimmed = snapshotOf(true);
    const all = [
      ...trimmed.works,
      ...trimmed.workPlacements,
      ...trimmed.requests,
      ...trimmed.destinations,
      ...trimmed.promiseRevisions!,
      ...trimmed.resourceBindings!,
    ] as any[];
    for (const object of all) {
      expect(object.metadata.managedFields).toBeUndefined();
      expect(object.metadata.annotations ?? {}).toEqual({});
    }
    const [cachedWork] = trimmed.works as any[];
    // A WorkPlacement without workloads of its own stands for its Work's group (kratix-node placementWorkloads).
    expect(cachedWork.spec).toEqual(work.spec);
    expect(cachedWork.status).toEqual(work.status);
    // A revision keeps which Promise and version it is, not its copy of the Promise's spec.
    const [cachedRevision] = trimmed.promiseRevisions as any[];
    expect(cachedRevision.spec).toEqual({
      promiseRef: { name: 'kafka' },
      version: 'v1',
    });
    expect(cachedRevision.status).toEqual({ latest: true });
    expect((trimmed.resourceBindings as any[])[0].spec).toEqual(binding.spec);
    // The objects handed in are left as they were.
    expect(revision.spec.promiseSpec).toBeDefined();
    expect(work.spec.workloadGroups).toHaveLength(1);
    expect(work.metadata.managedFields).toHaveLength(1);
  });

  it('gives the transformers what they read: the same entities as from the whole objects', () => {
    const whole = buildEntities(snapshotOf(false), options);
    const trimmed = buildEntities(snapshotOf(true), options);
    expect(trimmed.problems).toEqual(whole.problems);
    expect(trimmed.entities).toEqual(whole.entities);
    expect(
      whole.entities.some(e => e.metadata.name.startsWith('orders_default_')),
    ).toBe(true);
    expect(
      whole.entities.some(
        e =>
          e.metadata.annotations?.['kratix.backstage.io/version-binding'] ===
          'floating',
      ),
    ).toBe(true);
  });
});
