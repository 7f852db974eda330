import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  describeWithFixtures,
  listFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_ANNOTATIONS,
  KratixPromise,
  getPromiseApi,
  promiseEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  KRATIX_RESOURCE_REQUEST_ACTION,
  PROMISE_TEMPLATE_ANNOTATIONS,
  promiseToTemplate,
} from './promiseToTemplate';
import {
  backendValidator,
  formValidator,
} from './__testUtils__/formValidators';

const options = {
  cluster: 'platform',
  entityNamespace: 'kratix',
  owner: 'group:default/platform-team',
  promiseEntityRef: 'component:kratix/kafka',
};

// The catalog's own checks on every entity, as in the catalog backend's default policies.
const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

async function expectValidTemplate(template: Entity) {
  await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
    true,
  );
  await expect(catalogPolicies.enforce(template)).resolves.toBe(template);
}

function steps(template: Entity): any[] {
  return (template.spec as any).parameters;
}

/** Every step must pass both the form's validator and the scaffolder backend's for the values. */
function verdicts(template: Entity, values: unknown) {
  return steps(template).map(step => ({
    form: formValidator(step)(values),
    backend: backendValidator(step)(values),
  }));
}

function promise(
  crdSpec: Record<string, unknown>,
  metadata: Partial<KratixPromise['metadata']> = {},
): KratixPromise {
  return {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'database', ...metadata },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'databases.example.com' },
        spec: crdSpec,
      },
    },
  };
}

function crd(
  scope: string,
  openAPIV3Schema?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    group: 'example.com',
    scope,
    names: { kind: 'Database', plural: 'databases' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        ...(openAPIV3Schema ? { schema: { openAPIV3Schema } } : {}),
      },
    ],
  };
}

const sizeSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: { size: { type: 'string', enum: ['s', 'l'] } },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

describe('promiseToTemplate', () => {
  it('returns undefined for a Promise without an API', () => {
    expect(
      promiseToTemplate(
        {
          apiVersion: 'platform.kratix.io/v1alpha1',
          kind: 'Promise',
          metadata: { name: 'crossplane' },
          spec: {},
        },
        options,
      ),
    ).toBeUndefined();
  });

  it('builds a template whose one step requests the resource with the whole spec', async () => {
    const template = promiseToTemplate(
      promise(crd('Namespaced', sizeSchema), {
        labels: { 'kratix.io/promise-version': 'v1.2.0' },
      }),
      options,
    )!;
    await expectValidTemplate(template);
    expect(template.metadata).toEqual({
      name: 'database_platform',
      namespace: 'kratix',
      title: 'Database',
      description:
        "Request a Database from the Kratix Promise 'database' v1.2.0 on cluster 'platform': creates a Database (example.com/v1) and waits for the platform to pick it up.",
      tags: ['kratix', 'example-com'],
      annotations: {
        [KRATIX_ANNOTATIONS.cluster]: 'platform',
        [KRATIX_ANNOTATIONS.promise]: 'database',
        [KRATIX_ANNOTATIONS.promiseRef]: 'platform/database',
      },
    });
    const spec = template.spec as any;
    expect(spec.type).toBe('kratix-resource');
    expect(spec.owner).toBe('group:default/platform-team');
    expect(spec.steps).toEqual([
      {
        id: 'request',
        name: 'Request Database',
        action: KRATIX_RESOURCE_REQUEST_ACTION,
        input: {
          cluster: 'platform',
          promise: 'database',
          name: '${{ parameters.name }}',
          namespace: '${{ parameters.namespace }}',
          owner: '${{ parameters.owner }}',
          spec: '${{ parameters.spec }}',
          wait: true,
        },
      },
    ]);
    expect(spec.output.links).toContainEqual({
      title: 'Open in catalog',
      icon: 'catalog',
      entityRef: '${{ steps.request.output.entityRef }}',
    });
    expect(spec.output.links).toContainEqual(
      expect.objectContaining({ entityRef: 'component:kratix/kafka' }),
    );
    expect(spec.output.text).toEqual([
      {
        title: 'Status',
        content: '${{ steps.request.output.message }}',
        default: true,
      },
    ]);
  });

  it('asks for name, namespace and owner first, then the spec without status', () => {
    const template = promiseToTemplate(
      promise(crd('Namespaced', sizeSchema)),
      options,
    )!;
    const [request, specStep] = steps(template);
    expect(request.title).toBe('Request');
    expect(request.required).toEqual(['name', 'namespace', 'owner']);
    expect(request.properties.name).toMatchObject({
      type: 'string',
      // Kratix's rule: a DNS subdomain of at most 63 characters (syntasso/kratix api/v1alpha1/promise_types.go)
      pattern:
        '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      maxLength: 63,
      'ui:field': 'EntityNamePicker',
    });
    expect(request.properties.namespace).toMatchObject({
      type: 'string',
      default: 'default',
    });
    expect(request.properties.owner).toMatchObject({
      'ui:field': 'OwnerPicker',
      'ui:options': { catalogFilter: { kind: ['Group', 'User'] } },
    });
    expect(specStep.title).toBe('Database spec');
    expect(specStep.required).toEqual(['spec']);
    expect(specStep.properties.spec).toMatchObject({
      type: 'object',
      default: {},
      'ui:options': { label: false },
      properties: { size: { type: 'string', enum: ['s', 'l'] } },
    });
    expect(JSON.stringify(specStep)).not.toContain('ready');

    const base = { namespace: 'default', owner: 'group:default/a', spec: {} };
    for (const name of ['db', 'my-db-1', 'a.b', 'x'.repeat(63)]) {
      expect(verdicts(template, { ...base, name })).toEqual([
        { form: [], backend: [] },
        { form: [], backend: [] },
      ]);
    }
    for (const name of ['-db', 'DB', 'my_db', 'a.', 'x'.repeat(64)]) {
      const [first] = verdicts(template, { ...base, name });
      expect(first.form).not.toEqual([]);
      expect(first.backend).not.toEqual([]);
    }
  });

  it('leaves namespace out for a cluster-scoped API', async () => {
    const template = promiseToTemplate(
      promise(crd('Cluster', sizeSchema)),
      options,
    )!;
    await expectValidTemplate(template);
    expect(steps(template)[0].properties.namespace).toBeUndefined();
    expect(steps(template)[0].required).toEqual(['name', 'owner']);
    expect((template.spec as any).steps[0].input.namespace).toBeUndefined();
  });

  it('skips the spec step when the API keeps no spec fields', async () => {
    const template = promiseToTemplate(
      promise(crd('Namespaced', { type: 'object' })),
      options,
    )!;
    await expectValidTemplate(template);
    expect(steps(template)).toHaveLength(1);
    // Nothing to fill in, so nothing sent: an API with no room for a spec would refuse one.
    expect((template.spec as any).steps[0].input).not.toHaveProperty('spec');
  });

  it('offers a free-form spec when the API has no schema for it but keeps unknown fields', () => {
    const template = promiseToTemplate(
      promise(
        crd('Namespaced', {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        }),
      ),
      options,
    )!;
    expect(steps(template)[1].properties.spec).toMatchObject({
      type: 'object',
      additionalProperties: true,
    });
  });

  it('takes title and description from the Promise annotations, and shortens long names', async () => {
    const name = `${'a'.repeat(40)}.${'b'.repeat(40)}`;
    const template = promiseToTemplate(
      promise(crd('Namespaced', sizeSchema), {
        name,
        annotations: {
          [PROMISE_TEMPLATE_ANNOTATIONS.title]: 'Managed PostgreSQL',
          [PROMISE_TEMPLATE_ANNOTATIONS.description]: 'A database, backed up.',
        },
      }),
      options,
    )!;
    await expectValidTemplate(template);
    expect(template.metadata.title).toBe('Managed PostgreSQL');
    expect(template.metadata.description).toBe('A database, backed up.');
    expect(template.metadata.name).toBe(
      promiseEntityName({ cluster: 'platform', name }),
    );
    expect(template.metadata.name).toMatch(/^a{40}\.b+-[0-9a-f]{10}$/);
    expect(template.metadata.annotations?.[KRATIX_ANNOTATIONS.promise]).toBe(
      name,
    );
  });
});

function fixtureDocuments(): Array<{ file: string; doc: any }> {
  return listFixtures('kratix').flatMap(file =>
    loadFixture(file).map(doc => ({ file, doc })),
  );
}

describeWithFixtures('promiseToTemplate on the fixture Promises', () => {
  const documents = fixtureDocuments();
  const promises = documents.filter(d => d.doc.kind === 'Promise');
  // Resource requests in the fixtures, matched to their Promise by apiVersion and kind.
  const examplesFor = (p: KratixPromise) => {
    const api = getPromiseApi(p)!;
    return documents.filter(
      d => d.doc.apiVersion === api.apiVersion && d.doc.kind === api.kind,
    );
  };

  it('finds every fixture Promise, the multi-document app-deployment file included', () => {
    expect(promises.map(p => p.doc.metadata.name).sort()).toEqual([
      'app',
      'appdeployment',
      'aws-rds',
      'crossplane',
      'kafka',
      'namespace',
      'redis',
      's3buckets',
    ]);
  });

  it('makes no template for a Promise without an API', () => {
    const crossplane = promises.find(p => p.doc.metadata.name === 'crossplane');
    expect(promiseToTemplate(crossplane!.doc, options)).toBeUndefined();
  });

  describe.each(
    promises
      .filter(p => getPromiseApi(p.doc))
      .map(p => [p.doc.metadata.name, p.file, p.doc] as const),
  )('%s (%s)', (name, _file, doc: KratixPromise) => {
    const template = promiseToTemplate(doc, options)!;

    it('is a valid Template entity', async () => {
      expect(template.metadata.name).toBe(`${name}_platform`);
      await expectValidTemplate(template);
    });

    it('has steps that compile with the form’s AJV and the backend’s jsonschema', () => {
      for (const step of steps(template)) {
        expect(() => formValidator(step)).not.toThrow();
        expect(() => backendValidator(step)({})).not.toThrow();
      }
      const api = getPromiseApi(doc)!;
      // The `namespace` test Promise declares a spec without fields: nothing to ask.
      const titles = steps(template).map(s => s.title);
      expect(titles.length).toBe(name === 'namespace' ? 1 : 2);
      expect(titles[0]).toBe('Request');
      expect(titles.slice(1).every(t => / spec$/.test(t))).toBe(true);
      expect(
        (template.spec as any).steps[0].input.namespace !== undefined,
      ).toBe(api.scope === 'Namespaced');
    });

    const examples = examplesFor(doc);
    if (examples.length) {
      it.each(examples.map(e => [e.file, e.doc] as const))(
        'judges the example request %s as the API server does',
        (_exampleFile, example) => {
          const values = {
            name: example.metadata.name,
            namespace: example.metadata.namespace ?? 'default',
            owner: 'group:default/team-a',
            spec: example.spec ?? {},
          };
          const results = verdicts(template, values);
          const accepted = results.every(
            r => !r.form.length && !r.backend.length,
          );
          // kratix-cli writes `resourceConfig: '# type object'` as a placeholder where the API wants an
          // object; the API server rejects it (see promiseToTemplate.cluster.test.ts), and so does the form.
          const placeholder = JSON.stringify(example.spec).includes('# type');
          expect({ accepted, results }).toEqual({
            accepted: !placeholder,
            results: expect.anything(),
          });
        },
      );
    }
  });

  it('reads the sql-aws Promise despite its JSONPath printer columns', () => {
    const rds = promises.find(p => p.doc.metadata.name === 'aws-rds')!.doc;
    const spec = steps(promiseToTemplate(rds, options)!)[1].properties.spec;
    expect(Object.keys(spec.properties)).toEqual(['dbName', 'engine', 'size']);
    expect(spec.properties.engine).toMatchObject({
      title: 'Engine',
      default: 'mysql',
      enum: ['mysql', 'postgres', 'mariadb'],
    });
    expect(steps(promiseToTemplate(rds, options)!)[1].title).toBe('RDS spec');
  });

  it('turns the app-deployment Helm values into a free-form object and keeps nested requirements', () => {
    const app = promises.find(
      p => p.doc.metadata.name === 'appdeployment',
    )!.doc;
    const spec = steps(promiseToTemplate(app, options)!)[1].properties.spec;
    expect(spec.required).toEqual([
      'database',
      'interval',
      'statusConfigMapReference',
    ]);
    expect(spec.properties.values).toMatchObject({
      type: 'object',
      additionalProperties: true,
    });
    expect(spec.properties.database.properties.eso.required).toEqual([
      'clusterSsaField',
    ]);
  });

  it('drops the app-as-a-service `regex` key Kubernetes ignores, and keeps its example', () => {
    const app = promises.find(p => p.doc.metadata.name === 'app')!.doc;
    const spec = steps(promiseToTemplate(app, options)!)[1].properties.spec;
    expect(spec.properties.name.regex).toBeUndefined();
    expect(spec.properties.image.examples).toEqual([
      'gcr.io/syntasso/great-app',
    ]);
    expect(spec.properties.service.properties.port).toMatchObject({
      type: 'integer',
      default: 8080,
    });
  });
});
