import { KratixPromise, KratixPromiseApi } from '../types';
import {
  describeWithFixtures,
  listFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { getPromiseApi } from './getPromiseApi';

const promiseWithApi = (
  crdSpec: Record<string, unknown>,
): Pick<KratixPromise, 'spec'> => ({
  spec: {
    api: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: crdSpec,
    },
  },
});

describe('getPromiseApi', () => {
  it('reads group, kind, plural, scope and the storage version with its schema', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object' } } };
    expect(
      getPromiseApi(
        promiseWithApi({
          group: 'example.com',
          scope: 'Cluster',
          names: { kind: 'Database', plural: 'databases' },
          versions: [
            { name: 'v1alpha1', served: true, storage: false },
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: schema },
            },
          ],
        }),
      ),
    ).toEqual({
      group: 'example.com',
      kind: 'Database',
      plural: 'databases',
      version: 'v1',
      apiVersion: 'example.com/v1',
      scope: 'Cluster',
      schema,
    });
  });

  it('falls back to the first version when none is marked for storage', () => {
    expect(
      getPromiseApi(
        promiseWithApi({
          group: 'example.com',
          names: { kind: 'Database', plural: 'databases' },
          versions: [{ name: 'v1beta1' }, { name: 'v1' }],
        }),
      ),
    ).toMatchObject({
      version: 'v1beta1',
      scope: 'Namespaced',
      schema: undefined,
    });
  });

  it('matches field names regardless of case, as Go decoding does', () => {
    const schema = { type: 'object' };
    const api = getPromiseApi({
      spec: {
        API: {
          Spec: {
            Group: 'example.com',
            Names: { Kind: 'Queue', PLURAL: 'queues' },
            Scope: 'Namespaced',
            Versions: [
              {
                Name: 'v2',
                Served: true,
                Storage: true,
                Schema: { OpenAPIV3Schema: schema },
              },
            ],
          },
        },
      } as KratixPromise['spec'],
    });
    expect(api).toEqual({
      group: 'example.com',
      kind: 'Queue',
      plural: 'queues',
      version: 'v2',
      apiVersion: 'example.com/v2',
      scope: 'Namespaced',
      schema,
    });
  });

  it('prefers the exact spelling when a key appears in two cases', () => {
    expect(
      getPromiseApi(
        promiseWithApi({
          Group: 'wrong.example.com',
          group: 'example.com',
          names: { kind: 'Queue', plural: 'queues' },
          versions: [{ name: 'v1' }],
        }),
      )?.group,
    ).toBe('example.com');
  });

  it('returns undefined for a Promise without an API, or with an incomplete one', () => {
    expect(getPromiseApi({ spec: {} })).toBeUndefined();
    expect(getPromiseApi({})).toBeUndefined();
    expect(getPromiseApi(undefined)).toBeUndefined();
    expect(
      getPromiseApi(
        promiseWithApi({
          group: 'example.com',
          names: { kind: 'Queue' },
          versions: [{ name: 'v1' }],
        }),
      ),
    ).toBeUndefined();
    expect(
      getPromiseApi(
        promiseWithApi({
          group: 'example.com',
          names: { kind: 'Queue', plural: 'queues' },
          versions: [],
        }),
      ),
    ).toBeUndefined();
    expect(
      getPromiseApi(
        promiseWithApi({
          group: 'example.com',
          names: { kind: 'Queue', plural: 'queues' },
        }),
      ),
    ).toBeUndefined();
  });
});

// What getPromiseApi must read from each Promise in the shared fixtures, by Promise name.
const expected: Record<
  string,
  Omit<KratixPromiseApi, 'schema' | 'apiVersion'> | undefined
> = {
  appdeployment: {
    group: 'promise.platform.giantswarm.io',
    kind: 'appdeployment',
    plural: 'appdeployments',
    version: 'v1beta1',
    scope: 'Namespaced',
  },
  s3buckets: {
    group: 'syntasso.io',
    kind: 'S3Bucket',
    plural: 's3buckets',
    version: 'v1alpha1',
    scope: 'Namespaced',
  },
  app: {
    group: 'marketplace.kratix.io',
    kind: 'app',
    plural: 'apps',
    version: 'v1',
    scope: 'Namespaced',
  },
  crossplane: undefined,
  kafka: {
    group: 'marketplace.kratix.io',
    kind: 'kafka',
    plural: 'kafkas',
    version: 'v1alpha1',
    scope: 'Namespaced',
  },
  redis: {
    group: 'marketplace.kratix.io',
    kind: 'redis',
    plural: 'redis',
    version: 'v1alpha1',
    scope: 'Namespaced',
  },
  'aws-rds': {
    group: 'aws.marketplace.kratix.io',
    kind: 'RDS',
    plural: 'rds',
    version: 'v1alpha1',
    scope: 'Namespaced',
  },
  namespace: {
    group: 'marketplace.kratix.io',
    kind: 'namespace',
    plural: 'namespaces',
    version: 'v1alpha1',
    scope: 'Namespaced',
  },
};

function fixturePromises(): Array<{ file: string; promise: KratixPromise }> {
  return listFixtures('kratix', /promise.*\.ya?ml$/).flatMap(file =>
    loadFixture(file)
      .filter(doc => doc?.kind === 'Promise')
      .map(promise => ({ file, promise })),
  );
}

describeWithFixtures('getPromiseApi on every Promise fixture', () => {
  const promises = fixturePromises();

  it('finds every Promise fixture this test expects, and no unexpected one', () => {
    expect(promises.map(p => p.promise.metadata.name).sort()).toEqual(
      Object.keys(expected).sort(),
    );
  });

  it.each(
    promises.map(p => [p.promise.metadata.name, p.file, p.promise] as const),
  )('reads the API of %s (%s)', (name, _file, promise) => {
    const api = getPromiseApi(promise);
    const want = expected[name!];
    // A Promise without an API reads as undefined; every API has a spec schema.
    expect(api === undefined).toBe(!want);
    expect(api ?? {}).toMatchObject(
      want
        ? {
            ...want,
            apiVersion: `${want.group}/${want.version}`,
            schema: { properties: { spec: {} } },
          }
        : {},
    );
  });

  it('reads the schema of a Promise whose printer columns spell JSONPath', () => {
    const [promise] = loadFixture(
      'kratix/kratix-marketplace__sql-aws-promise.yaml',
    );
    const version = promise.spec.api.spec.versions[0];
    expect(version.additionalPrinterColumns[0]).toHaveProperty(
      'JSONPath',
      '.spec.size',
    );
    expect(getPromiseApi(promise)?.schema).toMatchObject({
      properties: {
        spec: {
          properties: {
            size: { default: 'micro', pattern: '^(micro|small|medium|large)$' },
            engine: { enum: ['mysql', 'postgres', 'mariadb'] },
          },
        },
      },
    });
  });

  it('agrees with the resource requests the fixtures ship', () => {
    const [kafkaRequest] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    const [s3Request] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
    );
    const byName = new Map(
      promises.map(p => [p.promise.metadata.name, getPromiseApi(p.promise)]),
    );
    expect(byName.get('kafka')).toMatchObject({
      apiVersion: kafkaRequest.apiVersion,
      kind: kafkaRequest.kind,
    });
    expect(byName.get('s3buckets')).toMatchObject({
      apiVersion: s3Request.apiVersion,
      kind: s3Request.kind,
    });
  });
});
