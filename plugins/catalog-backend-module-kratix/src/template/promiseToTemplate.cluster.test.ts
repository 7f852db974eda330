import {
  TestCluster,
  applyCrd,
  describeWithFixtures,
  dryRunVerdict,
  kratixFixtureDocuments,
  promiseApiCrd,
} from '@kratix-backstage/kube-test-cluster';
import {
  KratixPromise,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { promiseToTemplate } from './promiseToTemplate';
import { formValidator } from './__testUtils__/formValidators';
import { initialFormState } from './__testUtils__/initialFormState';

jest.setTimeout(180_000);

type Json = Record<string, any>;

const options = {
  cluster: 'platform',
  entityNamespace: 'default',
  owner: 'group:default/platform-team',
  promiseEntityRef: 'component:default/promise',
};

function sampleString(schema: Json): string {
  const fits = (s: string) =>
    (!schema.pattern || new RegExp(schema.pattern, 'u').test(s)) &&
    s.length >= (schema.minLength ?? 0) &&
    s.length <= (schema.maxLength ?? Infinity);
  return (
    ['example', '1m', 'small', 'a', 'x'.repeat(schema.minLength ?? 1)].find(
      fits,
    ) ?? 'example'
  );
}

/** A value a user could enter in the form: defaults where given, every field or only required ones. */
function sample(schema: Json, mode: 'full' | 'required'): unknown {
  const type = Array.isArray(schema.type)
    ? schema.type.find((t: string) => t !== 'null')
    : schema.type;
  // An object's default (the spec's `{}`) is where the form starts; the user fills in the rest.
  if (schema.default !== undefined && type !== 'object') return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.anyOf) return 1;
  switch (type) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items, mode)];
    case 'object': {
      const out: Json = { ...schema.default };
      const required: string[] = schema.required ?? [];
      for (const [key, child] of Object.entries<Json>(
        schema.properties ?? {},
      )) {
        if (!(key in out) && (mode === 'full' || required.includes(key))) {
          out[key] = sample(child, mode);
        }
      }
      if (schema.additionalProperties === true) out.extra = 'value';
      if (typeof schema.additionalProperties === 'object') {
        out.extra = sample(schema.additionalProperties, mode);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** `over` laid on `base`, objects merged key by key. */
function deepMerge(base: unknown, over: unknown): unknown {
  const isJson = (v: unknown): v is Json =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isJson(base) || !isJson(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = deepMerge(base[key], value);
  }
  return out;
}

/** The API server's verdict on a resource request with this spec, without storing it. */
async function serverAccepts(
  cluster: TestCluster,
  promise: KratixPromise,
  spec: unknown,
): Promise<string | true> {
  const api = getPromiseApi(promise)!;
  const namespaced = api.scope === 'Namespaced';
  return dryRunVerdict(
    cluster.admin,
    `/apis/${api.group}/${api.version}/${
      namespaced ? 'namespaces/default/' : ''
    }${api.plural}`,
    {
      apiVersion: api.apiVersion,
      kind: api.kind,
      metadata: {
        name: 'probe',
        ...(namespaced ? { namespace: 'default' } : {}),
      },
      spec,
    },
  );
}

describeWithFixtures('generated forms against a real API server', () => {
  const { documents, promises } = kratixFixtureDocuments();
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await TestCluster.start({ name: 'templates' });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it.each(promises.map((p: KratixPromise) => [p.metadata.name, p] as const))(
    '%s: the form accepts no spec the API server rejects',
    async (_name, promise) => {
      await applyCrd(cluster.admin, promiseApiCrd(promise));
      const api = getPromiseApi(promise)!;
      const template = promiseToTemplate(promise, options)!;
      const specSchema = (template.spec as any).parameters[1]?.properties
        .spec ?? { type: 'object', additionalProperties: false };
      const form = formValidator(specSchema);

      const examples = documents
        .filter(d => d.apiVersion === api.apiVersion && d.kind === api.kind)
        .map(d => d.spec ?? {});
      const candidates = [
        ...examples,
        sample(specSchema, 'full'),
        sample(specSchema, 'required'),
        {},
      ];
      const results = [];
      for (const spec of candidates) {
        results.push({
          spec,
          form: form(spec).length === 0,
          server: await serverAccepts(cluster, promise, spec),
        });
      }
      // Soundness: nothing passes the form that the API server would refuse.
      expect(results.filter(r => r.form && r.server !== true)).toEqual([]);
      // And the check is not vacuous: a spec with every field filled in passes both.
      expect(results[examples.length]).toMatchObject({
        form: true,
        server: true,
      });
      // What the form starts with, once the required fields are filled in, can be submitted: no optional
      // object is started half-filled (its defaults in, its required fields not).
      const started = deepMerge(
        sample(specSchema, 'required'),
        initialFormState(specSchema),
      );
      expect({
        form: form(started),
        server: await serverAccepts(cluster, promise, started),
      }).toEqual({ form: [], server: true });
      // The fixture examples get the same verdict from the form as from the server.
      for (const r of results.slice(0, examples.length)) {
        expect({ spec: r.spec, form: r.form }).toEqual({
          spec: r.spec,
          form: r.server === true,
        });
      }
    },
  );
});
