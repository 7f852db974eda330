import {
  applyCrd,
  loadFixture,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { gzipSync } from 'zlib';
import { stringify } from 'yaml';
import { installPromise, upsert } from './testPlatform';

/** Gzip + base64 of YAML documents, as Kratix writes a workload's `content`. */
export const encodeWorkload = (objects: unknown[]) =>
  gzipSync(Buffer.from(objects.map(o => stringify(o)).join('---\n'))).toString(
    'base64',
  );

const findPromise = (file: string) =>
  loadFixture(file).find(d => d.kind === 'Promise');

/** The fixture Promises {@link seedPlatform} installs, by name. */
export const SEEDED_PROMISES = ['kafka', 'redis', 's3buckets'] as const;

/** Where {@link seedPlatform}'s objects live. */
export const SEEDED = {
  kafkas: '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas',
  buckets: '/apis/syntasso.io/v1alpha1/namespaces/default/s3buckets',
  claims: '/apis/awsblueprints.io/v1alpha1/namespaces/default/objectstorages',
  xrs: '/apis/awsblueprints.io/v1alpha1/xobjectstorages',
} as const;

const crd = (
  kind: string,
  plural: string,
  scope: 'Namespaced' | 'Cluster',
) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.awsblueprints.io` },
  spec: {
    group: 'awsblueprints.io',
    scope,
    names: {
      kind,
      plural,
      singular: kind.toLowerCase(),
      listKind: `${kind}List`,
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    ],
  },
});

/**
 * A platform as Kratix and Crossplane would leave it, from the upstream fixtures: the kafka, redis and s3buckets
 * (kratix-cli's Crossplane Promise) Promises; a Destination for `worker-1`; a kafka request `orders`; an S3Bucket
 * request `example-request` whose WorkPlacement carries the ObjectStorage claim kratix-cli's pipeline writes; and on
 * the worker, the XRD, the claim and its composite.
 */
export async function seedPlatform(env: TestPlatform): Promise<void> {
  const {
    platform,
    workers: [worker],
  } = env;
  await installPromise(
    platform,
    findPromise('kratix/kratix-marketplace__kafka-promise.yaml'),
  );
  await installPromise(
    platform,
    findPromise('kratix/kratix-marketplace__redis-promise.yaml'),
  );
  await installPromise(
    platform,
    findPromise(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
    ),
  );
  await upsert(platform, '/apis/platform.kratix.io/v1alpha1/destinations', {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: {
      name: 'worker-1',
      labels: { 'kratix.backstage.io/cluster': worker.name },
    },
    spec: { path: 'worker-1' },
  });
  await upsert(platform, SEEDED.kafkas, {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'kafka',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'kratix.backstage.io/owner': 'group:default/team-a' },
    },
    spec: {},
  });
  const [bucket] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
  );
  await upsert(platform, SEEDED.buckets, {
    ...bucket,
    metadata: {
      ...bucket.metadata,
      labels: { 'kratix.io/promise-name': 's3buckets' },
    },
    // The fixture's spec is kratix-cli's placeholder text ('# type object'), which the API rejects.
    spec: {
      resourceConfig: {
        providerConfigName: 'default',
        region: 'eu-west-1',
        tags: [],
      },
    },
  });
  // What kratix-cli's from-api-to-crossplane-claim stage writes: a claim with the request's name, in `default`.
  const claim = {
    apiVersion: 'awsblueprints.io/v1alpha1',
    kind: 'ObjectStorage',
    metadata: {
      name: bucket.metadata.name,
      namespace: 'default',
      labels: { 'kratix.io/promise-name': 's3buckets' },
    },
    spec: {
      resourceRef: {
        apiVersion: 'awsblueprints.io/v1alpha1',
        kind: 'XObjectStorage',
        name: `${bucket.metadata.name}-x7k2p`,
      },
    },
  };
  await upsert(
    platform,
    '/apis/platform.kratix.io/v1alpha1/namespaces/default/workplacements',
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: `s3buckets-${bucket.metadata.name}.worker-1`,
        namespace: 'default',
        labels: { 'kratix.io/work': `s3buckets-${bucket.metadata.name}` },
      },
      spec: {
        targetDestinationName: 'worker-1',
        promiseName: 's3buckets',
        resourceName: bucket.metadata.name,
        id: 'abc',
        workloads: [
          { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
        ],
      },
    },
  );
  const [xrd] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
  );
  await upsert(
    worker,
    '/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions',
    xrd,
  );
  // What Crossplane makes from the XRD: the claim kind and the (cluster-scoped, v1) composite kind.
  await applyCrd(
    worker.admin,
    crd('ObjectStorage', 'objectstorages', 'Namespaced'),
  );
  await applyCrd(
    worker.admin,
    crd('XObjectStorage', 'xobjectstorages', 'Cluster'),
  );
  await upsert(worker, SEEDED.claims, claim);
  await upsert(worker, SEEDED.xrs, {
    apiVersion: 'awsblueprints.io/v1alpha1',
    kind: 'XObjectStorage',
    metadata: {
      name: claim.spec.resourceRef.name,
      labels: {
        'crossplane.io/claim-name': claim.metadata.name,
        'crossplane.io/claim-namespace': 'default',
      },
    },
    spec: {
      claimRef: {
        apiVersion: claim.apiVersion,
        kind: claim.kind,
        name: claim.metadata.name,
        namespace: 'default',
      },
      resourceRefs: [],
    },
  });
}
