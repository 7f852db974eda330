import Ajv from 'ajv';
import {
  TestCluster,
  applyCrd,
  customResourceDefinition,
  describeWithFixtures,
  dryRunVerdict,
  kratixFixtureDocuments,
  promiseApiCrd,
} from '@kratix-backstage/kube-test-cluster';
import {
  KratixPromise,
  getPromiseApi,
  isValidResourceRequestName,
  structuralSchemaToJsonSchema,
} from '@kratix-backstage/plugin-kratix-common';
import { validateSpec } from './validateSpec';

jest.setTimeout(180_000);

const GROUP = 'features.test.kratix.io';

// Everything apiextensions v1 allows that plain JSON Schema spells differently
// (k8s.io/apiextensions-apiserver pkg/apis/apiextensions/types_jsonschema.go).
const FEATURES_SCHEMA = {
  type: 'object',
  properties: {
    // Kratix caps a request's name at 63 characters (syntasso/kratix api/v1alpha1/promise_types.go, ensureMetadataSchema).
    metadata: {
      type: 'object',
      properties: { name: { type: 'string', maxLength: 63 } },
    },
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string', pattern: '(?i)^(small|large)$' },
        cpu: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 8,
          exclusiveMaximum: true,
        },
        port: { 'x-kubernetes-int-or-string': true },
        replicas: { type: 'integer', nullable: true, minimum: 1 },
        id: { type: 'string', format: 'uuid' },
        code: { type: 'string', pattern: '^[A-Z]{2}\\d+\\z' },
        values: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        manifest: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
        tags: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'set',
        },
        window: { type: 'string', format: 'duration' },
        host: { type: 'string', format: 'hostname' },
      },
    },
  },
};

const NO_SPEC_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

// Specs and whether only the API server can tell (a format JSON Schema doesn't share with Go).
const SPECS: Array<{ spec: unknown; serverOnly?: boolean }> = [
  { spec: { size: 'small' } },
  { spec: { size: 'LARGE' } },
  { spec: { size: 'huge' } },
  { spec: {} },
  { spec: { size: 'small', cpu: 0 } },
  { spec: { size: 'small', cpu: 0.5 } },
  { spec: { size: 'small', cpu: 8 } },
  { spec: { size: 'small', port: 80 } },
  { spec: { size: 'small', port: 'http' } },
  { spec: { size: 'small', port: true } },
  { spec: { size: 'small', replicas: null } },
  { spec: { size: 'small', replicas: 0 } },
  { spec: { size: 'small', id: 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6' } },
  { spec: { size: 'small', id: '3f2b8c1e-0d4a-4c5b-9e6f-7a8b9c0d1e2f' } },
  { spec: { size: 'small', id: 'nope' } },
  { spec: { size: 'small', code: 'AB12' } },
  { spec: { size: 'small', code: 'ab12' } },
  { spec: { size: 'small', values: { any: { nested: [1, 'two'] } } } },
  {
    spec: {
      size: 'small',
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
        data: { a: 'b' },
      },
    },
  },
  { spec: { size: 'small', manifest: { data: { a: 'b' } } } },
  { spec: { size: 'small', tags: ['a', 'b'] } },
  { spec: { size: 'small', tags: ['a', 'a'] } },
  { spec: { size: 'small', sise: 'large' } },
  { spec: { size: 'small', window: '1h30m' } },
  { spec: { size: 'small', window: 'forever' }, serverOnly: true },
  { spec: { size: 'small', host: 'db.example.com' } },
  { spec: { size: 'small', host: 'not a host!' } },
];

function serverVerdict(
  cluster: TestCluster,
  path: string,
  body: Record<string, unknown>,
) {
  return dryRunVerdict(cluster.admin, path, body);
}

function probe(kind: string, name: string, spec: unknown) {
  return {
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: { name, namespace: 'default' },
    ...(spec !== undefined && { spec }),
  };
}

describe('validateSpec against a real API server', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ name: 'validate-spec' });
    for (const [kind, schema] of [
      ['Feature', FEATURES_SCHEMA],
      ['Bare', NO_SPEC_SCHEMA],
    ] as const) {
      await applyCrd(
        cluster.admin,
        customResourceDefinition({
          group: GROUP,
          kind,
          plural: `${kind.toLowerCase()}s`,
          namespaced: true,
          versions: [{ name: 'v1', schema }],
        }),
      );
    }
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('gives the verdict the API server gives, on every Kubernetes-only schema feature', async () => {
    const results = [];
    for (const { spec, serverOnly } of SPECS) {
      const server = await serverVerdict(
        cluster,
        `/apis/${GROUP}/v1/namespaces/default/features`,
        probe('Feature', 'probe', spec),
      );
      const ours = validateSpec(FEATURES_SCHEMA, spec);
      results.push({
        spec,
        serverOnly,
        server: server === true,
        ours: ours.length === 0,
      });
    }
    // Never refuse what the API server takes.
    expect(results.filter(r => !r.ours && r.server)).toEqual([]);
    // And refuse what it refuses, except what only Go can check.
    expect(results.filter(r => !r.serverOnly && r.ours !== r.server)).toEqual(
      [],
    );
    expect(results.filter(r => !r.server).length).toBeGreaterThan(5);
  });

  it('refuses a spec the schema has no room for, as the API server does under strict field validation', async () => {
    const path = `/apis/${GROUP}/v1/namespaces/default/bares`;
    const withSpec = await serverVerdict(
      cluster,
      path,
      probe('Bare', 'probe', { a: 1 }),
    );
    expect(withSpec).toEqual(expect.stringContaining('unknown field "spec"'));
    expect(validateSpec(NO_SPEC_SCHEMA, { a: 1 })).toHaveLength(1);
    expect(
      await serverVerdict(cluster, path, probe('Bare', 'probe', undefined)),
    ).toBe(true);
    expect(validateSpec(NO_SPEC_SCHEMA, undefined)).toEqual([]);
  });

  it('takes the names Kratix and the API server take', async () => {
    const names = [
      'a',
      'cache-1',
      'team.cache',
      'a'.repeat(63),
      'a'.repeat(64),
      'Cache',
      'cache_1',
      '-cache',
      'cache.',
    ];
    const results = [];
    for (const name of names) {
      const server = await serverVerdict(
        cluster,
        `/apis/${GROUP}/v1/namespaces/default/features`,
        probe('Feature', name, { size: 'small' }),
      );
      results.push({
        name,
        server: server === true,
        ours: isValidResourceRequestName(name),
      });
    }
    expect(results.filter(r => r.server !== r.ours)).toEqual([]);
    expect(results.filter(r => r.server).map(r => r.name)).toEqual(
      names.slice(0, 4),
    );
  });

  describeWithFixtures('on every upstream Promise API', () => {
    const { documents, promises } = kratixFixtureDocuments();

    it.each(promises.map((p: KratixPromise) => [p.metadata.name, p] as const))(
      "%s: the schema compiles as strict JSON Schema, and the examples get the API server's verdict",
      async (_name, promise) => {
        const api = getPromiseApi(promise)!;
        const strict = new Ajv({
          strict: true,
          strictRequired: false,
          allowUnionTypes: true,
        });
        for (const format of ['date', 'ipv4', 'ipv6'])
          strict.addFormat(format, true);
        expect(() =>
          strict.compile(structuralSchemaToJsonSchema(api.schema)),
        ).not.toThrow();

        await applyCrd(cluster.admin, promiseApiCrd(promise));
        const path = `/apis/${api.group}/${api.version}/namespaces/default/${api.plural}`;
        const examples = documents
          .filter(d => d.apiVersion === api.apiVersion && d.kind === api.kind)
          .map(d => d.spec);
        for (const spec of [...examples, {}, { notAField: true }]) {
          const server = await serverVerdict(cluster, path, {
            apiVersion: api.apiVersion,
            kind: api.kind,
            metadata: { name: 'probe', namespace: 'default' },
            spec,
          });
          expect({
            spec,
            ours: validateSpec(api.schema, spec).length === 0,
          }).toEqual({
            spec,
            ours: server === true,
          });
        }
      },
    );
  });
});
