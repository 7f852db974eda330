import Ajv from 'ajv';
import {
  describeWithFixtures,
  fixtureSchemas,
} from '@kratix-backstage/kube-test-cluster';
import { structuralSchemaToJsonSchema } from '@kratix-backstage/plugin-kratix-common';
import { describeViolations, validateSpec } from './validateSpec';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'string', pattern: '^(small|large)$', default: 'small' },
        replicas: { type: 'integer', minimum: 1, nullable: true },
        port: { 'x-kubernetes-int-or-string': true },
        tier: { type: 'string', enum: ['gold', 'silver'] },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' } },
          },
        },
      },
      'x-kubernetes-validations': [{ rule: 'self.size != ""' }],
    },
  },
};

describe('validateSpec', () => {
  it('accepts a valid spec, with OpenAPI and Kubernetes keywords in the schema', () => {
    expect(
      validateSpec(schema, {
        size: 'large',
        replicas: null,
        port: 'http',
        extra: { anything: { goes: true } },
        ports: [{ name: 'a' }],
      }),
    ).toEqual([]);
    expect(validateSpec(schema, { size: 'small', port: 8080 })).toEqual([]);
  });

  it('names the field and the rule of every violation', () => {
    const violations = validateSpec(schema, {
      size: 'huge',
      replicas: 0,
      tier: 'bronze',
      sise: 'small',
      ports: [{}],
      port: true,
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.size',
          rule: 'pattern',
          message: 'must match pattern "^(small|large)$"',
        },
        { path: 'spec.replicas', rule: 'minimum', message: 'must be >= 1' },
        {
          path: 'spec.tier',
          rule: 'enum',
          message: 'must be one of "gold", "silver"',
        },
        {
          path: 'spec.sise',
          rule: 'additionalProperties',
          message: 'is not a field of this API (Kubernetes would drop it)',
        },
        {
          path: 'spec.ports[0].name',
          rule: 'required',
          message: 'is required',
        },
        {
          path: 'spec.port',
          rule: 'type',
          message: 'must be integer or string',
        },
      ]),
    );
    expect(describeViolations(violations)).toContain(
      'spec.size must match pattern "^(small|large)$" (rule: pattern)',
    );
  });

  it('reports a missing required field and a wrong type', () => {
    expect(validateSpec(schema, { replicas: 'two' })).toEqual([
      {
        path: 'spec.replicas',
        rule: 'type',
        message: 'must be integer or null',
      },
      { path: 'spec.size', rule: 'required', message: 'is required' },
    ]);
  });

  it('takes any object when the root keeps unknown fields, or the schema is unknown', () => {
    expect(
      validateSpec(
        { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        { a: 1 },
      ),
    ).toEqual([]);
    expect(validateSpec(undefined, {})).toEqual([]);
    expect(validateSpec(undefined, 'nope')).toEqual([
      { path: 'spec', rule: 'type', message: 'must be object' },
    ]);
  });

  // The API server prunes fields its structural schema doesn't declare
  // (k8s.io/apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go): a spec would vanish.
  it('refuses a spec when the schema declares none, and takes a request without one', () => {
    const noSpec = {
      type: 'object',
      properties: { status: { type: 'object' } },
    };
    expect(validateSpec(noSpec, { a: 1 })).toEqual([
      {
        path: 'spec',
        rule: 'schema',
        message:
          'has no place in this API (its schema declares no spec, so Kubernetes would drop it): leave spec out',
      },
    ]);
    expect(validateSpec(noSpec, undefined)).toEqual([]);
    expect(validateSpec(noSpec, {})).toEqual([]);
  });

  it('checks a spec left out as an empty one', () => {
    expect(validateSpec(schema, undefined)).toEqual([
      { path: 'spec.size', rule: 'required', message: 'is required' },
    ]);
  });

  // Valid in apiextensions v1 (k8s.io/apiextensions-apiserver pkg/apis/apiextensions/types_jsonschema.go:
  // ExclusiveMinimum is a bool, Pattern a Go regexp), and raw ajv refused to compile them.
  it('compiles boolean exclusive bounds and Go regexp syntax, and quotes the pattern as written', () => {
    const k8s = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'string', pattern: '(?i)^(small|large)$' },
            cpu: { type: 'number', minimum: 0, exclusiveMinimum: true },
          },
        },
      },
    };
    expect(validateSpec(k8s, { size: 'LARGE', cpu: 0.5 })).toEqual([]);
    expect(validateSpec(k8s, { size: 'huge', cpu: 0 })).toEqual([
      { path: 'spec.cpu', rule: 'exclusiveMinimum', message: 'must be > 0' },
      {
        path: 'spec.size',
        rule: 'pattern',
        message: 'must match pattern "(?i)^(small|large)$"',
      },
    ]);
  });
});

describeWithFixtures('the schemas validateSpec compiles', () => {
  // Converted, each is JSON Schema strict ajv takes: no Kubernetes-only keyword is left for it to refuse.
  it.each(fixtureSchemas())(
    '%s compiles as strict JSON Schema, and validates',
    (_name, upstream) => {
      const strict = new Ajv({
        strict: true,
        strictRequired: false,
        allowUnionTypes: true,
      });
      for (const format of ['date', 'ipv4', 'ipv6']) {
        strict.addFormat(format, true);
      }
      expect(() =>
        strict.compile(structuralSchemaToJsonSchema(upstream)),
      ).not.toThrow();
      expect(() => validateSpec(upstream as any, {})).not.toThrow();
    },
  );
});
