import {
  describeWithFixtures,
  fixtureSchemas,
} from '@kratix-backstage/kube-test-cluster';
import { getSpecSchema } from './getSpecSchema';
import {
  JsonSchemaObject,
  structuralSchemaToJsonSchema,
} from './structuralSchemaToJsonSchema';

// Keywords of JSON Schema draft-07 that the converter may write.
const DRAFT_07 = new Set([
  'title',
  'description',
  'type',
  'enum',
  'default',
  'examples',
  'pattern',
  'minLength',
  'maxLength',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

/** Problems that would make a JSON Schema validator refuse or misread the schema. */
function problems(schema: JsonSchemaObject, path = '#'): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!DRAFT_07.has(key)) found.push(`${path}: keyword ${key}`);
    if (
      (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') &&
      typeof value !== 'number'
    ) {
      found.push(`${path}: ${key} is not a number`);
    }
    if (key === 'pattern') {
      try {
        // eslint-disable-next-line no-new
        new RegExp(value as string, 'u');
      } catch (e) {
        found.push(`${path}: ${(e as Error).message}`);
      }
    }
  }
  const children = (value: unknown, at: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      found.push(...problems(value as JsonSchemaObject, at));
    }
  };
  for (const [name, child] of Object.entries(
    (schema.properties as JsonSchemaObject) ?? {},
  )) {
    children(child, `${path}/properties/${name}`);
  }
  children(schema.items, `${path}/items`);
  children(schema.additionalProperties, `${path}/additionalProperties`);
  children(schema.not, `${path}/not`);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    ((schema[k] as JsonSchemaObject[]) ?? []).forEach((b, i) =>
      children(b, `${path}/${k}/${i}`),
    );
  }
  return found;
}

describe('structuralSchemaToJsonSchema', () => {
  it('turns Kubernetes-only keywords into JSON Schema (k8s.io/apiextensions-apiserver pkg/apis/apiextensions/types_jsonschema.go)', () => {
    const schema = structuralSchemaToJsonSchema({
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string', pattern: '(?i)^(small|large)$' },
        replicas: {
          type: 'integer',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 10,
          exclusiveMaximum: false,
          nullable: true,
        },
        port: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
        tier: { type: 'string', enum: ['gold'], nullable: true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        anything: { 'x-kubernetes-preserve-unknown-fields': true },
        id: { type: 'string', format: 'uuid' },
        window: { type: 'string', format: 'duration' },
        tags: {
          type: 'array',
          'x-kubernetes-list-type': 'set',
          items: { type: 'string' },
        },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      required: ['size'],
      additionalProperties: false,
      properties: {
        size: {
          type: 'string',
          pattern: '^([sS][mM][aA][lL][lL]|[lL][aA][rR][gG][eE])$',
        },
        replicas: {
          type: ['integer', 'null'],
          exclusiveMinimum: 0,
          maximum: 10,
        },
        port: { type: ['integer', 'string'] },
        tier: { type: ['string', 'null'], enum: ['gold', null] },
        extra: { type: 'object', additionalProperties: true },
        anything: {},
        id: {
          type: 'string',
          pattern:
            '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
        },
        window: { type: 'string' },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
      },
    });
  });

  it('adds what the API server requires of an embedded resource', () => {
    const schema = structuralSchemaToJsonSchema({
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    expect(schema.required).toEqual(['apiVersion', 'kind']);
    expect(Object.keys(schema.properties as object)).toEqual([
      'spec',
      'apiVersion',
      'kind',
      'metadata',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('reads field names case-insensitively, as Kratix decodes spec.api', () => {
    expect(
      structuralSchemaToJsonSchema({
        Type: 'object',
        Properties: { a: { TYPE: 'string', MaxLength: 3 } },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { a: { type: 'string', maxLength: 3 } },
    });
  });

  it('tells the visitor what only the API server checks', () => {
    const unchecked: Record<string, string[]> = {};
    structuralSchemaToJsonSchema(
      {
        type: 'object',
        properties: {
          a: { type: 'string', pattern: '(?U)a+' },
          b: {
            type: 'string',
            'x-kubernetes-validations': [
              { rule: 'self != ""', message: 'must not be empty' },
            ],
          },
          c: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
      },
      {
        visit: (_schema, node) => {
          if (node.name) unchecked[node.name] = node.unchecked;
        },
      },
    );
    expect(unchecked).toEqual({
      a: ['must match the pattern `(?U)a+`'],
      b: ['must not be empty'],
      c: ['each item needs a distinct `name`'],
      name: [],
    });
  });

  it("checks a hostname with the API server's own pattern (k8s.io/kube-openapi pkg/validation/strfmt/default.go)", () => {
    const schema = structuralSchemaToJsonSchema({
      type: 'string',
      format: 'hostname',
    });
    const pattern = new RegExp(schema.pattern as string, 'u');
    expect(pattern.test('db.example.com')).toBe(true);
    expect(pattern.test('not a host!')).toBe(false);
  });

  it('drops a oneOf or not whose branch lost a check, rather than refuse a valid value', () => {
    const unchecked: string[][] = [];
    const schema = structuralSchemaToJsonSchema(
      {
        type: 'string',
        not: { pattern: '(?U)a+' },
        anyOf: [{ pattern: '(?U)b' }, { maxLength: 3 }],
      },
      { visit: (_s, node) => void unchecked.push(node.unchecked) },
    );
    expect(schema.not).toBeUndefined();
    expect(schema.anyOf).toEqual([{}, { maxLength: 3 }]);
    expect(unchecked.at(-1)).toEqual(['must satisfy its `not` rule']);
  });

  it('leaves junctor branches untyped and open', () => {
    const schema = structuralSchemaToJsonSchema({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      oneOf: [{ required: ['a'] }, { properties: { b: { minLength: 2 } } }],
    });
    expect(schema.oneOf).toEqual([
      { required: ['a'] },
      { properties: { b: { minLength: 2 } } },
    ]);
  });
});

describe('getSpecSchema', () => {
  it('tells a schema with spec, one that keeps anything and one with no room for a spec', () => {
    const spec = { type: 'object' };
    expect(getSpecSchema({ type: 'object', properties: { spec } })).toEqual({
      kind: 'schema',
      schema: spec,
    });
    expect(
      getSpecSchema({
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      }),
    ).toEqual({ kind: 'any' });
    expect(
      getSpecSchema({ type: 'object', properties: { status: spec } }),
    ).toEqual({ kind: 'none' });
    expect(getSpecSchema(undefined)).toEqual({ kind: 'any' });
  });
});

describeWithFixtures(
  'structuralSchemaToJsonSchema on every upstream schema',
  () => {
    const schemas = fixtureSchemas();

    it('finds the schemas', () => {
      // every Kratix and Crossplane CRD, the Promise APIs and the XRDs
      expect(schemas.length).toBeGreaterThan(20);
    });

    it.each(schemas)('%s converts to plain JSON Schema', (_name, schema) => {
      const converted = structuralSchemaToJsonSchema(schema);
      expect(problems(converted)).toEqual([]);
      // Self-contained: plain JSON, nothing referenced from elsewhere.
      expect(JSON.parse(JSON.stringify(converted))).toEqual(converted);
    });
  },
);
