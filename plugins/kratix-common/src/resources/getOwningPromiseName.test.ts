import { KratixPromise } from '../types';
import {
  describeWithFixtures,
  listFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import {
  getOwningPromiseName,
  promiseOwnerLookup,
} from './getOwningPromiseName';

const promise = (name: string, group: string, kind: string): KratixPromise => ({
  apiVersion: 'platform.kratix.io/v1alpha1',
  kind: 'Promise',
  metadata: { name },
  spec: {
    api: {
      spec: {
        group,
        names: { kind, plural: `${kind.toLowerCase()}s` },
        versions: [{ name: 'v1', storage: true }],
      },
    },
  },
});

const promises = [
  promise('postgres', 'marketplace.kratix.io', 'postgres'),
  promise('kafka', 'marketplace.kratix.io', 'kafka'),
  promise('other-kafka', 'other.example.com', 'kafka'),
  {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'no-api' },
    spec: {},
  },
];

describe('getOwningPromiseName', () => {
  it('names the same owners as a lookup built once for many requests, the first Promise of a kind winning', () => {
    const twin = promise('kafka-twin', 'marketplace.kratix.io', 'kafka');
    const all = [...promises, twin];
    const lookup = promiseOwnerLookup(all);
    const requests = [
      { apiVersion: 'marketplace.kratix.io/v1', kind: 'kafka' },
      { apiVersion: 'other.example.com/v1', kind: 'kafka' },
      { apiVersion: 'marketplace.kratix.io/v1', kind: 'postgres' },
      { apiVersion: 'v1', kind: 'kafka' },
      { kind: 'kafka' },
      {
        apiVersion: 'nowhere.io/v1',
        kind: 'x',
        metadata: { labels: { 'kratix.io/promise-name': 'labelled' } },
      },
    ];
    expect(requests.map(lookup)).toEqual([
      'kafka',
      'other-kafka',
      'postgres',
      undefined,
      undefined,
      'labelled',
    ]);
    expect(requests.map(rr => getOwningPromiseName(rr, all))).toEqual(
      requests.map(lookup),
    );
  });

  it('prefers the kratix.io/promise-name label', () => {
    expect(
      getOwningPromiseName(
        {
          apiVersion: 'marketplace.kratix.io/v1',
          kind: 'kafka',
          metadata: { labels: { 'kratix.io/promise-name': 'renamed-kafka' } },
        },
        promises,
      ),
    ).toBe('renamed-kafka');
  });

  it('matches group and kind against each Promise API when the label is not there yet', () => {
    expect(
      getOwningPromiseName(
        { apiVersion: 'other.example.com/v1', kind: 'kafka', metadata: {} },
        promises,
      ),
    ).toBe('other-kafka');
    expect(
      getOwningPromiseName(
        {
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'kafka',
          metadata: {},
        },
        promises,
      ),
    ).toBe('kafka');
  });

  it('returns undefined when nothing matches', () => {
    expect(
      getOwningPromiseName(
        { apiVersion: 'marketplace.kratix.io/v1', kind: 'Kafka', metadata: {} },
        promises,
      ),
    ).toBeUndefined();
    expect(
      getOwningPromiseName(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
        promises,
      ),
    ).toBeUndefined();
    expect(getOwningPromiseName({ metadata: {} }, promises)).toBeUndefined();
  });
});

describeWithFixtures('getOwningPromiseName on real fixtures', () => {
  const allPromises = (): KratixPromise[] =>
    listFixtures('kratix', /promise.*\.ya?ml$/).flatMap(file =>
      loadFixture(file).filter(doc => doc?.kind === 'Promise'),
    );

  it('finds the Promise of an unlabelled request', () => {
    const [kafkaRequest] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const [s3Request] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
    );
    expect(getOwningPromiseName(kafkaRequest, allPromises())).toBe('kafka');
    expect(getOwningPromiseName(s3Request, allPromises())).toBe('s3buckets');
  });

  it('does not claim a Crossplane object a pipeline wrote', () => {
    const [claim] = loadFixture(
      'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-output-LogicalDatabaseClaim.yaml',
    );
    expect(getOwningPromiseName(claim, allPromises())).toBeUndefined();
  });
});
