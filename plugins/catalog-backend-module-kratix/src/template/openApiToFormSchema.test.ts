import { humanizeName } from './humanizeName';
import {
  literalAlternatives,
  openApiToFormSchema,
} from './openApiToFormSchema';
import { initialFormState } from './__testUtils__/initialFormState';
import {
  backendValidator,
  formValidator,
} from './__testUtils__/formValidators';

/** Converts, checks the result compiles in both validators, and returns it with a verdict function. */
function convert(schema: unknown, name?: string) {
  const form = openApiToFormSchema(schema, { name });
  const onForm = formValidator(form);
  const onBackend = backendValidator(form);
  const accepts = (data: unknown) => {
    const a = onForm(data);
    const b = onBackend(data);
    // The browser and the scaffolder backend must agree.
    expect({ data, form: a.length === 0 }).toEqual({
      data,
      form: b.length === 0,
    });
    return a.length === 0;
  };
  return { form, accepts };
}

describe('humanizeName', () => {
  it.each([
    ['dbName', 'DB name'],
    ['S3Bucket', 'S3 bucket'],
    ['RDS', 'RDS'],
    ['providerConfigRef', 'Provider config ref'],
    ['apiServerEndpoint', 'API server endpoint'],
    ['snake_case-and-kebab', 'Snake case and kebab'],
    ['kafka', 'Kafka'],
    ['aiModel', 'AI model'],
    ['uiTheme', 'UI theme'],
    ['mongoDBVersion', 'MongoDB version'],
    ['mongodb', 'MongoDB'],
    ['argoCDProject', 'Argo CD project'],
    ['argocdApp', 'Argo CD app'],
    ['postgresqlVersion', 'PostgreSQL version'],
    ['enableGitHubActions', 'Enable GitHub actions'],
    ['caBundle', 'CA bundle'],
  ])('%s → %s', (input, output) => {
    expect(humanizeName(input)).toBe(output);
  });
});

describe('openApiToFormSchema', () => {
  it('keeps type, description, default and enum, and titles properties from their names', () => {
    const { form, accepts } = convert({
      type: 'object',
      required: ['engine'],
      properties: {
        engine: {
          type: 'string',
          description: 'The database engine.',
          default: 'mysql',
          enum: ['mysql', 'postgres'],
        },
        dbName: { type: 'string', title: 'Database' },
      },
    });
    expect(form).toEqual({
      type: 'object',
      required: ['engine'],
      additionalProperties: false,
      properties: {
        engine: {
          title: 'Engine',
          type: 'string',
          description: 'The database engine.',
          default: 'mysql',
          enum: ['mysql', 'postgres'],
        },
        dbName: { title: 'Database', type: 'string' },
      },
    });
    expect(accepts({ engine: 'postgres' })).toBe(true);
    expect(accepts({ engine: 'oracle' })).toBe(false);
    expect(accepts({})).toBe(false);
    expect(accepts({ engine: 'mysql', unknown: 1 })).toBe(false);
  });

  it('keeps string pattern, lengths and formats both sides understand alike', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        size: { type: 'string', pattern: '^(small|large)$' },
        label: { type: 'string', minLength: 1, maxLength: 3 },
        day: { type: 'string', format: 'date' },
        when: { type: 'string', format: 'date-time' },
        email: { type: 'string', format: 'email' },
        every: { type: 'string', format: 'duration' },
        net: { type: 'string', format: 'cidr' },
        id: { type: 'string', format: 'uuid' },
      },
    });
    const p = form.properties as any;
    expect(p.size.pattern).toBe('^(small|large)$');
    expect(p.label).toMatchObject({ minLength: 1, maxLength: 3 });
    expect(p.day.format).toBe('date');
    // Go parses these more leniently than ajv-formats (a date-time without zone, `Name <a@b.c>`), Go durations
    // (`1h30m`) aren't ISO 8601 ones, and cidr is unknown to AJV: the platform checks them.
    for (const field of ['when', 'email', 'every', 'net']) {
      expect(p[field].format).toBeUndefined();
      expect(p[field].description).toContain(
        'Checked by the platform on submit',
      );
    }
    // Kubernetes defines uuid by a pattern (k8s.io/kube-openapi pkg/validation/strfmt/default.go): upper case, no dashes.
    expect(accepts({ id: 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6' })).toBe(true);
    expect(accepts({ id: 'nope' })).toBe(false);
    expect(accepts({ size: 'small', label: 'ab', every: '1h30m' })).toBe(true);
    expect(
      accepts({ when: '2014-12-15T19:30:20', email: 'Ops <ops@example.com>' }),
    ).toBe(true);
    expect(accepts({ size: 'medium' })).toBe(false);
    expect(accepts({ label: '' })).toBe(false);
    expect(accepts({ label: 'abcd' })).toBe(false);
  });

  it('translates a Go pattern JavaScript spells differently', () => {
    const { form, accepts } = convert({
      type: 'string',
      pattern: '(?i)^abc\\z',
    });
    expect(form.pattern).toBe('^[aA][bB][cC]$');
    expect(accepts('ABC')).toBe(true);
    expect(accepts('abd')).toBe(false);
  });

  it('describes a pattern with no JavaScript equivalent instead of keeping it', () => {
    const { form, accepts } = convert({
      type: 'string',
      pattern: '(?U)^a+$',
    });
    expect(form.pattern).toBeUndefined();
    expect(form.description).toBe(
      'Checked by the platform on submit: must match the pattern `(?U)^a+$`.',
    );
    expect(accepts('b')).toBe(true);
  });

  it('turns draft-04 boolean exclusive bounds into draft-07 numbers and keeps multipleOf', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        replicas: { type: 'integer', minimum: 1, maximum: 5 },
        ratio: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 1,
          exclusiveMaximum: true,
        },
        port: { type: 'integer', multipleOf: 2 },
      },
    });
    const p = form.properties as any;
    expect(p.replicas).toMatchObject({ minimum: 1, maximum: 5 });
    expect(p.ratio).toMatchObject({ exclusiveMinimum: 0, exclusiveMaximum: 1 });
    expect(p.ratio.minimum).toBeUndefined();
    expect(accepts({ replicas: 5, ratio: 0.5, port: 4 })).toBe(true);
    expect(accepts({ replicas: 6 })).toBe(false);
    expect(accepts({ replicas: 1.5 })).toBe(false);
    expect(accepts({ ratio: 0 })).toBe(false);
    expect(accepts({ ratio: 1 })).toBe(false);
    expect(accepts({ port: 3 })).toBe(false);
  });

  it('converts nested objects and arrays with item bounds', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        tags: {
          type: 'array',
          minItems: 1,
          maxItems: 2,
          items: {
            type: 'object',
            required: ['key'],
            properties: { key: { type: 'string' }, value: { type: 'string' } },
          },
        },
      },
    });
    expect((form.properties as any).tags).toEqual({
      title: 'Tags',
      type: 'array',
      minItems: 1,
      maxItems: 2,
      items: {
        type: 'object',
        required: ['key'],
        additionalProperties: false,
        properties: {
          key: { title: 'Key', type: 'string' },
          value: { title: 'Value', type: 'string' },
        },
      },
    });
    expect(accepts({ tags: [{ key: 'a', value: 'b' }] })).toBe(true);
    expect(accepts({ tags: [] })).toBe(false);
    expect(accepts({ tags: [{ value: 'b' }] })).toBe(false);
    expect(accepts({ tags: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] })).toBe(
      false,
    );
  });

  it('lets nullable fields be null', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: { note: { type: 'string', nullable: true } },
    });
    expect((form.properties as any).note.type).toEqual(['string', 'null']);
    expect(accepts({ note: null })).toBe(true);
    expect(accepts({ note: 'x' })).toBe(true);
    expect(accepts({ note: 1 })).toBe(false);
  });

  it('offers int-or-string as a choice of number or text, dropping the anyOf controller-gen writes', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        port: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
        mode: { 'x-kubernetes-int-or-string': true, enum: [1, 'all'] },
      },
    });
    const p = form.properties as any;
    expect(p.port).toEqual({
      title: 'Port',
      anyOf: [
        { type: 'integer', title: 'Number' },
        { type: 'string', title: 'Text' },
      ],
    });
    expect(p.mode).toEqual({
      title: 'Mode',
      type: ['integer', 'string'],
      enum: [1, 'all'],
    });
    expect(accepts({ port: 8080, mode: 'all' })).toBe(true);
    expect(accepts({ port: '50%', mode: 1 })).toBe(true);
    expect(accepts({ port: 1.5 })).toBe(false);
    expect(accepts({ port: true })).toBe(false);
    expect(accepts({ mode: 2 })).toBe(false);
  });

  it('turns preserve-unknown-fields into a free-form object, with a hint', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        values: {
          description: 'Helm values.',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'string' } },
        },
      },
    });
    const p = form.properties as any;
    expect(p.values).toEqual({
      title: 'Values',
      type: 'object',
      additionalProperties: true,
      description:
        'Helm values.\n\nFree-form: add the keys and values you need.',
    });
    expect(p.config.additionalProperties).toBe(true);
    expect(accepts({ values: { a: { b: [1] } }, config: { other: 1 } })).toBe(
      true,
    );
    expect(accepts({ config: { known: 1 } })).toBe(false);
  });

  it('converts additionalProperties maps, without ui keys inside (Backstage would not lift them)', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        labels: {
          type: 'object',
          additionalProperties: {
            type: 'string',
            'x-ui-widget': 'textarea',
            maxLength: 3,
          },
        },
      },
    });
    expect((form.properties as any).labels).toEqual({
      title: 'Labels',
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 3 },
    });
    expect(accepts({ labels: { a: 'b' } })).toBe(true);
    expect(accepts({ labels: { a: 'long' } })).toBe(false);
    expect(accepts({ labels: { a: 1 } })).toBe(false);
  });

  it('gives embedded resources apiVersion, kind and metadata', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        manifest: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    });
    const manifest = (form.properties as any).manifest;
    expect(manifest.required).toEqual(['apiVersion', 'kind']);
    expect(Object.keys(manifest.properties)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
    ]);
    expect(manifest.additionalProperties).toBe(true);
    expect(
      accepts({
        manifest: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'x', labels: { a: 'b' } },
          data: { k: 'v' },
        },
      }),
    ).toBe(true);
    expect(accepts({ manifest: { data: {} } })).toBe(false);
    expect(
      accepts({
        manifest: { apiVersion: 'v1', kind: 'X', metadata: { bogus: 1 } },
      }),
    ).toBe(false);
  });

  it('makes list-type set unique and explains list-type map keys', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        zones: {
          type: 'array',
          'x-kubernetes-list-type': 'set',
          items: { type: 'string', enum: ['a', 'b'] },
        },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            type: 'object',
            properties: {
              port: { type: 'integer' },
              protocol: { type: 'string' },
            },
          },
        },
      },
    });
    const p = form.properties as any;
    expect(p.zones.uniqueItems).toBe(true);
    expect(p.ports.description).toBe(
      'Checked by the platform on submit: each item needs a distinct combination of `port`, `protocol`.',
    );
    expect(accepts({ zones: ['a', 'b'] })).toBe(true);
    expect(accepts({ zones: ['a', 'a'] })).toBe(false);
  });

  it('describes CEL rules, which the browser cannot check', () => {
    const { form } = convert({
      type: 'object',
      description: 'A range.',
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', message: 'min must not exceed max' },
        { rule: 'self.min >= 0' },
      ],
      properties: { min: { type: 'integer' }, max: { type: 'integer' } },
    });
    expect(form.description).toBe(
      'A range.\n\nChecked by the platform on submit: min must not exceed max; must satisfy `self.min >= 0`.',
    );
  });

  it('keeps oneOf/anyOf/allOf/not as validation only, out of rjsf’s way, and says what they ask', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        secretRef: { type: 'string' },
        value: { type: 'string' },
        host: {
          type: 'string',
          anyOf: [{ format: 'ipv4' }, { format: 'hostname' }],
          not: { enum: ['localhost'] },
        },
      },
      oneOf: [{ required: ['secretRef'] }, { required: ['value'] }],
    });
    expect(form.oneOf).toBeUndefined();
    expect(form.not).toEqual({
      not: { oneOf: [{ required: ['secretRef'] }, { required: ['value'] }] },
    });
    expect(form.description).toBe('Set exactly one of `secretRef`, `value`.');
    const host = (form.properties as any).host;
    expect(host.anyOf).toBeUndefined();
    expect(host.not.not.anyOf).toEqual([
      { format: 'ipv4' },
      // the API server's hostname pattern (k8s.io/kube-openapi pkg/validation/strfmt/default.go)
      { pattern: expect.stringContaining('\\p{L}') },
    ]);
    expect(accepts({ value: 'x' })).toBe(true);
    expect(accepts({ secretRef: 'x' })).toBe(true);
    expect(accepts({ secretRef: 'x', value: 'y' })).toBe(false);
    expect(accepts({})).toBe(false);
    expect(accepts({ value: 'x', host: 'db.example.com' })).toBe(true);
    expect(accepts({ value: 'x', host: 'localhost' })).toBe(false);
    expect(accepts({ value: 'x', host: 'not a host!' })).toBe(false);
  });

  it('maps x-ui-* hints to ui:* keys and keeps ui:* keys, the explicit ui:* winning', () => {
    const { form } = convert({
      type: 'object',
      'x-ui-order': ['b', 'a'],
      properties: {
        a: {
          type: 'string',
          'x-ui-widget': 'textarea',
          'x-ui-placeholder': 'type here',
          'x-ui-help': 'Some help',
          'x-ui-enum-names': ['A'],
          'ui:widget': 'text',
        },
        b: {
          type: 'string',
          'ui:field': 'EntityPicker',
          'ui:options': { catalogFilter: { kind: 'System' } },
        },
        items: {
          type: 'array',
          items: { type: 'string', 'x-ui-autofocus': true },
        },
      },
    });
    expect(form['ui:order']).toEqual(['b', 'a']);
    const p = form.properties as any;
    expect(p.a).toMatchObject({
      'ui:widget': 'text',
      'ui:placeholder': 'type here',
      'ui:help': 'Some help',
      'ui:enumNames': ['A'],
    });
    expect(p.b).toMatchObject({
      'ui:field': 'EntityPicker',
      'ui:options': { catalogFilter: { kind: 'System' } },
    });
    expect(p.items.items['ui:autofocus']).toBe(true);
  });

  it('reads schema fields case-insensitively and drops keys Kubernetes does not know', () => {
    const { form } = convert({
      Type: 'object',
      Properties: {
        name: {
          type: 'string',
          Description: 'The name.',
          regex: '^(?!-)[a-z]+$',
          'x-kubernetes-map-type': 'atomic',
        },
      },
      $schema: 'http://json-schema.org/draft-04/schema#',
      definitions: {},
    });
    expect(form).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { title: 'Name', type: 'string', description: 'The name.' },
      },
    });
  });

  it('closes objects with no properties (the API server prunes their fields)', () => {
    const { form, accepts } = convert({ type: 'object' });
    expect(form).toEqual({ type: 'object', additionalProperties: false });
    expect(accepts({})).toBe(true);
    expect(accepts({ a: 1 })).toBe(false);
  });

  it('turns an example into examples', () => {
    const { form } = convert({ type: 'string', example: 'gcr.io/app' });
    expect(form.examples).toEqual(['gcr.io/app']);
  });

  it('titles the node itself from the given name', () => {
    expect(
      openApiToFormSchema({ type: 'string' }, { name: 'ingressHost' }),
    ).toEqual({ title: 'Ingress host', type: 'string' });
  });

  // The generated form starts with what rjsf fills in; the API server takes a request without an optional
  // object, so the form must not start one and then block on the required fields inside it.
  it('starts optional objects empty, telling their defaults instead', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        name: { type: 'string', default: 'app' },
        tls: {
          type: 'object',
          required: ['secretName'],
          properties: {
            enabled: { type: 'boolean', default: true },
            secretName: { type: 'string' },
          },
        },
        // the shape of Flux's HelmRelease kubeConfig in Giant Swarm's app-deployment Promise
        kubeConfig: {
          type: 'object',
          required: ['secretRef'],
          properties: {
            secretRef: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string' } },
            },
          },
        },
        backup: {
          type: 'object',
          default: { schedule: '@daily' },
          properties: { schedule: { type: 'string', default: '@daily' } },
        },
      },
    });
    const initial = initialFormState(form);
    expect(initial).toEqual({ name: 'app', backup: { schedule: '@daily' } });
    expect(accepts(initial)).toBe(true);
    const tls = (form.properties as any).tls;
    expect(tls.properties.enabled.default).toBeUndefined();
    expect(tls.properties.enabled.description).toBe(
      'Defaults to `true` when left empty.',
    );
    expect(accepts({ tls: { secretName: 'cert' } })).toBe(true);
    expect(accepts({ tls: { enabled: true } })).toBe(false);
    expect(accepts({ kubeConfig: {} })).toBe(false);
    expect(accepts({ kubeConfig: { secretRef: {} } })).toBe(false);
    expect(accepts({ kubeConfig: { secretRef: { name: 'k' } } })).toBe(true);
  });

  it('offers a dropdown for a pattern that only lists values', () => {
    const { form, accepts } = convert({
      type: 'object',
      properties: {
        env: { type: 'string', pattern: '^(dev|prod)$' },
        tier: { type: 'string', pattern: '^(?:gold|silver)$' },
        zone: { type: 'string', pattern: '^eu-1$|^us-2$' },
        size: { type: 'string', pattern: '^(small|large)', default: 'small' },
        version: { type: 'string', pattern: '^(1\\.2|1\\.3)$' },
        mode: { type: 'string', pattern: '(?i)^(on|off)$' },
      },
    });
    const p = form.properties as any;
    expect(p.env.enum).toEqual(['dev', 'prod']);
    expect(p.tier.enum).toEqual(['gold', 'silver']);
    expect(p.zone.enum).toEqual(['eu-1', 'us-2']);
    expect(p.version.enum).toEqual(['1.2', '1.3']);
    // not anchored at the end, or case-insensitive: more values match than a list could hold
    expect(p.size.enum).toBeUndefined();
    expect(p.mode.enum).toBeUndefined();
    expect(accepts({ env: 'dev', version: '1.3' })).toBe(true);
    expect(accepts({ env: 'test' })).toBe(false);
  });

  it.each([
    ['^(a|b)$', ['a', 'b']],
    ['^(a)$', undefined],
    ['^(a|b.)$', undefined],
    ['^(a|(b))$', undefined],
    ['a|b', undefined],
  ])('literalAlternatives(%s)', (pattern, values) => {
    expect(literalAlternatives(pattern)).toEqual(values);
  });

  it('renders certificates, keys and PEM blocks multi-line', () => {
    const { form } = convert({
      type: 'object',
      properties: {
        tlsCert: { type: 'string' },
        caBundle: { type: 'string' },
        privateKey: { type: 'string' },
        sshKey: { type: 'string' },
        trust: { type: 'string', description: 'A PEM-encoded chain.' },
        key: { type: 'string' },
        keyName: { type: 'string' },
        apiKeyId: { type: 'string' },
        signingKey: { type: 'string', 'x-ui-widget': 'password' },
      },
    });
    const widgets = Object.fromEntries(
      Object.entries(form.properties as any).map(([k, v]: [string, any]) => [
        k,
        v['ui:widget'],
      ]),
    );
    expect(widgets).toEqual({
      tlsCert: 'textarea',
      caBundle: 'textarea',
      privateKey: 'textarea',
      sshKey: 'textarea',
      trust: 'textarea',
      key: undefined,
      keyName: undefined,
      apiKeyId: undefined,
      signingKey: 'password',
    });
  });
});
