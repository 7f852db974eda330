import {
  applyCrd,
  createOrReplace,
  encodeWorkload,
  installPromise,
  loadFixture,
  looseCrd,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { fixturePromise } from './testPlatform';

/** The fixture Promises {@link seedPlatform} installs, by name. */
export const SEEDED_PROMISES = ['kafka', 'redis', 's3buckets'] as const;

/** Where {@link seedPlatform}'s objects live. */
export const SEEDED = {
  kafkas: '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas',
  buckets: '/apis/syntasso.io/v1alpha1/namespaces/default/s3buckets',
  claims: '/apis/awsblueprints.io/v1alpha1/namespaces/default/objectstorages',
  xrs: '/apis/awsblueprints.io/v1alpha1/xobjectstorages',
} as const;

/**
 * The Destination `worker-1` of the first worker cluster, labelled with that cluster's name under `kratix.clusters`,
 * and the kafka request `orders` in `default`, owned by team-a through the owner annotation.
 */
export async function seedDestinationAndOrders(env: TestPlatform) {
  const {
    platform,
    workers: [worker],
  } = env;
  await createOrReplace(
    platform.admin,
    '/apis/platform.kratix.io/v1alpha1/destinations',
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: {
        name: 'worker-1',
        labels: { 'kratix.backstage.io/cluster': worker.name },
      },
      spec: { path: 'worker-1' },
    },
  );
  await createOrReplace(platform.admin, SEEDED.kafkas, {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'kafka',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'kratix.backstage.io/owner': 'group:default/team-a' },
    },
    spec: {},
  });
}

/**
 * What a request's pipeline leaves behind for an ObjectStorage claim in `default`: on the platform the
 * WorkPlacement `<promise>-<request>.worker-1` carrying the claim; on the worker kratix-cli's XRD, the CRDs Crossplane
 * makes from it (the claim kind and the cluster-scoped, v1 composite kind) and the claim itself.
 */
export async function placeClaim(
  env: TestPlatform,
  options: { promise: string; request: string; claim: any },
) {
  const {
    platform,
    workers: [worker],
  } = env;
  const { promise, request, claim } = options;
  await createOrReplace(
    platform.admin,
    '/apis/platform.kratix.io/v1alpha1/namespaces/default/workplacements',
    {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: `${promise}-${request}.worker-1`,
        namespace: 'default',
        labels: { 'kratix.io/work': `${promise}-${request}` },
      },
      spec: {
        targetDestinationName: 'worker-1',
        promiseName: promise,
        resourceName: request,
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
  await createOrReplace(
    worker.admin,
    '/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions',
    xrd,
  );
  for (const [kind, plural, namespaced] of [
    ['ObjectStorage', 'objectstorages', true],
    ['XObjectStorage', 'xobjectstorages', false],
  ] as const) {
    await applyCrd(
      worker.admin,
      looseCrd({
        apiVersion: 'awsblueprints.io/v1alpha1',
        kind,
        plural,
        namespaced,
      }),
    );
  }
  await createOrReplace(worker.admin, SEEDED.claims, claim);
}

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
  for (const file of [
    'kratix/kratix-marketplace__kafka-promise.yaml',
    'kratix/kratix-marketplace__redis-promise.yaml',
    'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
  ]) {
    await installPromise(platform.admin, fixturePromise(file));
  }
  await seedDestinationAndOrders(env);
  const [bucket] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
  );
  await createOrReplace(platform.admin, SEEDED.buckets, {
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
  await placeClaim(env, {
    promise: 's3buckets',
    request: bucket.metadata.name,
    claim,
  });
  await createOrReplace(worker.admin, SEEDED.xrs, {
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
