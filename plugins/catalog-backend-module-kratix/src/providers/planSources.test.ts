import { KratixSnapshot } from '../transformers/buildEntities';
import { planSources, platformSources, sourceId } from './planSources';

const promise = (name: string, kind: string, scope?: 'Cluster') => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name },
  // A Promise's API is a CRD (syntasso/kratix api/v1alpha1/promise_types.go, spec.api).
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.example.kratix.io` },
      spec: {
        group: 'example.kratix.io',
        names: { kind, plural: `${kind.toLowerCase()}s` },
        scope: scope ?? 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    },
  },
});

const snapshot = (promises: unknown[]): KratixSnapshot => ({
  platformCluster: 'platform',
  promises,
  destinations: [],
  works: [],
  workPlacements: [],
  requests: [],
  workers: {},
});

const leads = {
  workerClusters: ['worker-1'],
  watch: [
    {
      cluster: 'worker-1',
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
    },
  ],
};

const ids = (specs: Parameters<typeof sourceId>[0][]) =>
  specs.map(s => `${s.role}: ${sourceId(s)}`.trim()).sort();

describe('planSources', () => {
  const config = {
    platformCluster: 'platform',
    namespaces: { exclude: [] },
    crossplaneEnabled: true,
  };

  it('reads the Kratix kinds, each Promise API, the XRDs of each worker and the Crossplane kinds found', () => {
    expect(
      ids(
        planSources(
          snapshot([promise('redis', 'Redis'), { kind: 'Promise' }]),
          leads,
          config,
        ),
      ),
    ).toEqual([
      'crossplane: worker-1 awsblueprints.io/v1alpha1 ObjectStorage',
      'destinations: platform platform.kratix.io/v1alpha1 Destination',
      'promiseRevisions: platform platform.kratix.io/v1alpha1 PromiseRevision',
      'promises: platform platform.kratix.io/v1alpha1 Promise',
      'requests: platform example.kratix.io/v1 Redis',
      'resourceBindings: platform platform.kratix.io/v1alpha1 ResourceBinding',
      'workPlacements: platform platform.kratix.io/v1alpha1 WorkPlacement',
      'works: platform platform.kratix.io/v1alpha1 Work',
      'xrds: worker-1 apiextensions.crossplane.io/v1 CompositeResourceDefinition',
    ]);
  });

  it('with namespaces.include, reads requests, Works and WorkPlacements per included namespace, and no cluster-scoped requests', () => {
    const specs = planSources(
      snapshot([promise('redis', 'Redis'), promise('ns', 'Space', 'Cluster')]),
      leads,
      {
        ...config,
        namespaces: { include: ['a', 'b'], exclude: ['b'] },
      },
    );
    const platform = specs.filter(s => s.cluster === 'platform');
    expect(platform.map(s => `${s.kind} ${s.namespace ?? '*'}`).sort()).toEqual(
      [
        'Destination *',
        'Promise *',
        'PromiseRevision *',
        'Redis a',
        'ResourceBinding a',
        'Work a',
        'WorkPlacement a',
      ],
    );
  });

  it('reads nothing on the workers with Crossplane off, and starts from the platform kinds alone', () => {
    const specs = planSources(snapshot([promise('redis', 'Redis')]), leads, {
      ...config,
      crossplaneEnabled: false,
    });
    expect(specs.every(s => s.cluster === 'platform')).toBe(true);
    expect(ids(platformSources(config))).toEqual(
      ids(specs.filter(s => s.role !== 'requests')),
    );
  });
});
