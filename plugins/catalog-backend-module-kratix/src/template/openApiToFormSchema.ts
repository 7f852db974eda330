import { JsonObject, JsonValue } from '@backstage/types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The fields of apiextensions.k8s.io/v1 JSONSchemaProps. Kratix decodes spec.api with Go's encoding/json,
// which matches them case-insensitively and drops any other key (e.g. a stray `regex:`).
const SCHEMA_FIELDS = [
  'id',
  '$schema',
  '$ref',
  'description',
  'type',
  'format',
  'title',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'items',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'properties',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'additionalItems',
  'definitions',
  'externalDocs',
  'example',
  'nullable',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
] as const;

type SchemaField = (typeof SCHEMA_FIELDS)[number];
type Props = Partial<Record<SchemaField, unknown>>;

const CANONICAL = new Map<string, SchemaField>(
  SCHEMA_FIELDS.map(f => [f.toLowerCase(), f]),
);

const TYPES = new Set([
  'object',
  'array',
  'string',
  'integer',
  'number',
  'boolean',
]);

// Formats that mean the same to the API server, to AJV with ajv-formats (the scaffolder form) and to the
// jsonschema package (the scaffolder backend). Others (duration is Go's `1h30m` to Kubernetes but ISO 8601
// to ajv-formats; cidr, mac... are unknown to AJV) are dropped so the form never rejects what Kubernetes takes.
const FORMATS = new Map([
  ['date-time', 'date-time'],
  ['datetime', 'date-time'],
  ['date', 'date'],
  ['email', 'email'],
  ['hostname', 'hostname'],
  ['ipv4', 'ipv4'],
  ['ipv6', 'ipv6'],
  ['uri', 'uri'],
  ['uuid', 'uuid'],
  ['byte', 'byte'],
  ['int32', 'int32'],
  ['int64', 'int64'],
  ['float', 'float'],
  ['double', 'double'],
]);

// Words kept upper-case when a property name is turned into a title.
const ACRONYMS = new Set([
  'api',
  'arn',
  'aws',
  'cidr',
  'cpu',
  'db',
  'dns',
  'eso',
  'fqdn',
  'gcp',
  'http',
  'https',
  'id',
  'ip',
  'json',
  'k8s',
  'rds',
  'sql',
  'ssh',
  'ssl',
  'tls',
  'ttl',
  'uri',
  'url',
  'uuid',
  'vpc',
  'yaml',
]);

/**
 * Turns a property or kind name into a label: `dbName` → `DB name`, `S3Bucket` → `S3 bucket`.
 *
 * @public
 */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  return words
    .map((word, i) => {
      if (ACRONYMS.has(word.toLowerCase())) return word.toUpperCase();
      if (word.length > 1 && word === word.toUpperCase()) return word;
      const lower = word.toLowerCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

function readProps(node: Json): { props: Props; ui: Json } {
  const props: Props = {};
  const ui: Json = {};
  const xui: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('ui:')) {
      ui[key] = value;
    } else if (key.startsWith('x-ui-')) {
      // x-ui-enum-names → ui:enumNames; x-ui-enumNames stays ui:enumNames
      const rest = key
        .slice('x-ui-'.length)
        .replace(/-([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
      xui[`ui:${rest}`] = value;
    } else {
      const canonical = CANONICAL.get(key.toLowerCase());
      // Prefer the exact spelling when a schema holds two spellings of one field.
      if (canonical && (key === canonical || !(canonical in node))) {
        props[canonical] = value;
      }
    }
  }
  return { props, ui: { ...xui, ...ui } };
}

function copyJson(value: unknown): JsonValue | undefined {
  return value === undefined
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

// AJV compiles patterns as JavaScript unicode regexps; the API server uses Go's RE2. Most patterns mean
// the same in both; one JavaScript can't compile (e.g. `(?i)`) is left to the API server.
function compilesInJavaScript(pattern: string): boolean {
  try {
    // eslint-disable-next-line no-new
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function quoteList(names: string[]): string {
  return names.map(n => `\`${n}\``).join(', ');
}

/** Conversion of one node: in a form (renders, titles, ui keys) or inside a validation-only junctor. */
interface Context {
  mode: 'form' | 'validation';
  /** Whether Backstage will lift `ui:` keys from this node into the uiSchema (only along properties/items). */
  ui: boolean;
  /** The property name, for a title. */
  name?: string;
}

const INT_OR_STRING_BRANCHES = new Set(['integer', 'string']);

// The anyOf controller-gen writes next to x-kubernetes-int-or-string says nothing the flag doesn't.
function isIntOrStringTypeList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      b =>
        isObject(b) &&
        Object.keys(b).length === 1 &&
        INT_OR_STRING_BRANCHES.has(b.type as string),
    )
  );
}

function junctorHint(
  keyword: 'oneOf' | 'anyOf',
  branches: unknown[],
): string | undefined {
  // The common Kubernetes shape: `oneOf: [{required: [a]}, {required: [b]}]`.
  const names = branches.map(b =>
    isObject(b) && Object.keys(b).length === 1 ? stringList(b.required) : [],
  );
  if (names.some(n => n.length !== 1)) {
    return keyword === 'oneOf'
      ? 'Must match exactly one of the alternatives the platform defines.'
      : 'Must match at least one of the alternatives the platform defines.';
  }
  const fields = quoteList(names.map(n => n[0]));
  return keyword === 'oneOf'
    ? `Set exactly one of ${fields}.`
    : `Set at least one of ${fields}.`;
}

function convertNode(node: unknown, ctx: Context): JsonObject {
  if (!isObject(node)) {
    return ctx.mode === 'form' ? { type: 'object' } : {};
  }
  const { props: p, ui } = readProps(node);
  const form = ctx.mode === 'form';
  const out: JsonObject = {};
  const hints: string[] = [];

  const intOrString = p['x-kubernetes-int-or-string'] === true;
  const preserve = p['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = p['x-kubernetes-embedded-resource'] === true;
  const nullable = p.nullable === true;
  let type = typeof p.type === 'string' && TYPES.has(p.type) ? p.type : '';

  if (form && !type && !intOrString) {
    if (preserve || embedded || isObject(p.properties)) {
      // An untyped preserve-unknown-fields node takes any JSON value; the form offers an object.
      type = 'object';
    } else if (p.items !== undefined) {
      type = 'array';
    } else if (p.additionalProperties !== undefined) {
      type = 'object';
    } else if (Array.isArray(p.enum)) {
      type = '';
    } else {
      // Not a structural schema; the API server would not have accepted the CRD. Offer text.
      type = 'string';
    }
  }

  if (form) {
    const title =
      typeof p.title === 'string' && p.title
        ? p.title
        : ctx.name && humanizeName(ctx.name);
    if (title) out.title = title;
    if (typeof p.description === 'string' && p.description.trim()) {
      out.description = p.description.trim();
    }
  }

  if (intOrString) {
    if (Array.isArray(p.enum) || !form) {
      out.type = nullable
        ? ['integer', 'string', 'null']
        : ['integer', 'string'];
    } else {
      // rjsf renders a list of types with the first type's widget only; anyOf lets the user choose.
      out.anyOf = [
        { type: 'integer', title: 'Number' },
        { type: 'string', title: 'Text' },
      ];
      if (nullable)
        (out.anyOf as JsonObject[]).push({ type: 'null', title: 'None' });
    }
  } else if (type) {
    out.type = nullable ? [type, 'null'] : type;
  }

  if (p.enum !== undefined && Array.isArray(p.enum))
    out.enum = copyJson(p.enum);
  if (form && p.default !== undefined) out.default = copyJson(p.default);
  if (form && p.example !== undefined) out.examples = [copyJson(p.example)!];

  // strings
  if (typeof p.pattern === 'string') {
    if (compilesInJavaScript(p.pattern)) {
      out.pattern = p.pattern;
    } else {
      hints.push(
        `Must match the pattern \`${p.pattern}\` (checked by the platform on submit).`,
      );
    }
  }
  if (isNonNegativeInteger(p.minLength)) out.minLength = p.minLength;
  if (isNonNegativeInteger(p.maxLength)) out.maxLength = p.maxLength;
  if (typeof p.format === 'string' && FORMATS.has(p.format)) {
    out.format = FORMATS.get(p.format)!;
  }

  // numbers: Kubernetes has draft-04 boolean exclusive bounds; draft-07 wants the bound itself.
  if (isNumber(p.minimum)) {
    if (p.exclusiveMinimum === true) out.exclusiveMinimum = p.minimum;
    else out.minimum = p.minimum;
  }
  if (isNumber(p.maximum)) {
    if (p.exclusiveMaximum === true) out.exclusiveMaximum = p.maximum;
    else out.maximum = p.maximum;
  }
  if (isNumber(p.multipleOf) && p.multipleOf > 0) out.multipleOf = p.multipleOf;

  // arrays
  if (p.items !== undefined || type === 'array') {
    const items = Array.isArray(p.items) ? p.items[0] : p.items;
    if (items !== undefined) {
      out.items = convertNode(items, {
        mode: ctx.mode,
        ui: ctx.ui,
      });
    } else if (form) {
      // Not structural without items; the form can still offer a list of text.
      out.items = { type: 'string' };
    }
  }
  if (isNonNegativeInteger(p.minItems)) out.minItems = p.minItems;
  if (isNonNegativeInteger(p.maxItems)) out.maxItems = p.maxItems;
  if (p.uniqueItems === true || p['x-kubernetes-list-type'] === 'set') {
    out.uniqueItems = true;
  }
  const mapKeys = stringList(p['x-kubernetes-list-map-keys']);
  if (form && p['x-kubernetes-list-type'] === 'map' && mapKeys.length) {
    hints.push(
      `Each item needs a distinct ${
        mapKeys.length > 1 ? 'combination of ' : ''
      }${quoteList(mapKeys)}.`,
    );
  }

  // objects
  const properties: JsonObject = {};
  const required = new Set(stringList(p.required));
  if (isObject(p.properties)) {
    for (const [name, child] of Object.entries(p.properties)) {
      properties[name] = convertNode(child, {
        mode: ctx.mode,
        ui: ctx.ui,
        name,
      });
    }
  }
  if (form && embedded) {
    // The API server requires apiVersion and kind of an embedded object, and reads metadata as ObjectMeta.
    properties.apiVersion ??= {
      title: 'API version',
      type: 'string',
      minLength: 1,
    };
    properties.kind ??= { title: 'Kind', type: 'string', minLength: 1 };
    properties.metadata ??= embeddedMetadataSchema();
    required.add('apiVersion');
    required.add('kind');
  }
  if (Object.keys(properties).length) out.properties = properties;
  if (required.size) out.required = [...required];
  if (isObject(p.additionalProperties)) {
    // Backstage lifts ui: keys only along properties and items, so none may sit under additionalProperties.
    out.additionalProperties = convertNode(p.additionalProperties, {
      mode: ctx.mode,
      ui: false,
    });
  } else if (typeof p.additionalProperties === 'boolean') {
    out.additionalProperties = p.additionalProperties || preserve;
  } else if (form && out.type !== undefined && type === 'object') {
    // The API server prunes (or, with strict field validation, rejects) fields its schema doesn't name.
    out.additionalProperties = preserve;
  }
  if (isNonNegativeInteger(p.minProperties))
    out.minProperties = p.minProperties;
  if (isNonNegativeInteger(p.maxProperties))
    out.maxProperties = p.maxProperties;
  if (
    form &&
    type === 'object' &&
    preserve &&
    !Object.keys(properties).length
  ) {
    hints.push('Free-form: add the keys and values you need.');
  }

  // allOf/anyOf/oneOf/not only validate in a structural schema. rjsf would render anyOf/oneOf as a choice
  // of forms, so in a form they sit under a double `not`: the same verdict, and nothing to render.
  const junctors: JsonObject = {};
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = p[keyword];
    if (!Array.isArray(branches) || !branches.length) continue;
    if (keyword === 'anyOf' && intOrString && isIntOrStringTypeList(branches)) {
      continue;
    }
    junctors[keyword] = branches.map(b =>
      convertNode(b, { mode: 'validation', ui: false }),
    );
    if (form && keyword !== 'allOf')
      hints.push(junctorHint(keyword, branches)!);
  }
  if (isObject(p.not)) {
    junctors.not = convertNode(p.not, {
      mode: 'validation',
      ui: false,
    });
  }
  if (Object.keys(junctors).length) {
    if (form) out.not = { not: junctors };
    else Object.assign(out, junctors);
  }

  // CEL rules can't run in the browser: say what they check.
  const rules = Array.isArray(p['x-kubernetes-validations'])
    ? p['x-kubernetes-validations'].filter(isObject)
    : [];
  if (form && rules.length) {
    const messages = rules.map(r =>
      typeof r.message === 'string' && r.message
        ? r.message
        : `must satisfy \`${String(r.rule)}\``,
    );
    hints.push(`Checked by the platform on submit: ${messages.join('; ')}.`);
  }

  if (form && hints.length) {
    out.description = [out.description, ...hints].filter(Boolean).join('\n\n');
  }
  if (form && ctx.ui) {
    for (const [key, value] of Object.entries(ui)) {
      const copy = copyJson(value);
      if (copy !== undefined) out[key] = copy;
    }
  }
  return out;
}

function embeddedMetadataSchema(): JsonObject {
  const stringMap: JsonObject = {
    type: 'object',
    additionalProperties: { type: 'string' },
  };
  return {
    title: 'Metadata',
    type: 'object',
    properties: {
      name: { title: 'Name', type: 'string' },
      generateName: { title: 'Generate name', type: 'string' },
      namespace: { title: 'Namespace', type: 'string' },
      labels: { title: 'Labels', ...stringMap },
      annotations: { title: 'Annotations', ...stringMap },
    },
    additionalProperties: false,
  };
}

/**
 * Options of {@link openApiToFormSchema}.
 *
 * @public
 */
export interface OpenApiToFormSchemaOptions {
  /** Property name the schema sits under; becomes its title (humanised) when it has none. */
  name?: string;
}

/**
 * Converts one node of a CRD's structural OpenAPI v3 schema (e.g. `properties.spec`) to a JSON Schema
 * draft-07 form for the scaffolder (react-jsonschema-form), accepting no value the API server would reject
 * (CEL rules aside, which are described instead).
 *
 * @public
 */
export function openApiToFormSchema(
  schema: unknown,
  options: OpenApiToFormSchemaOptions = {},
): JsonObject {
  return convertNode(schema, {
    mode: 'form',
    ui: true,
    name: options.name,
  });
}
