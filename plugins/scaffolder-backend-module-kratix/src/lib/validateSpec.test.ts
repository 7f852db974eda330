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
        { path: 'spec.port', rule: 'anyOf', message: expect.any(String) },
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

  it('accepts any object when the API has no spec schema', () => {
    expect(validateSpec({ type: 'object' }, { a: 1 })).toEqual([]);
    expect(validateSpec(undefined, {})).toEqual([]);
    expect(validateSpec(undefined, 'nope')).toEqual([
      { path: 'spec', rule: 'type', message: 'must be object' },
    ]);
  });
});
