import { goPatternToJavaScript } from './goPatternToJavaScript';

/**
 * A JSON value inside a converted schema.
 *
 * @public
 */
export type JsonSchemaValue =
  | null
  | boolean
  | number
  | string
  | JsonSchemaValue[]
  | JsonSchemaObject;

/**
 * A JSON Schema (draft-07) object, as {@link structuralSchemaToJsonSchema} returns it.
 *
 * @public
 */
export interface JsonSchemaObject {
  [key: string]: JsonSchemaValue;
}

/**
 * What a visitor of {@link structuralSchemaToJsonSchema} learns about the node it is given.
 *
 * @public
 */
export interface StructuralSchemaNode {
  /** The node's `JSONSchemaProps` fields, spelled canonically (Kratix matches them case-insensitively). */
  fields: Readonly<Record<string, unknown>>;
  /** The node's other keys, such as `ui:` or `x-ui-` hints a Promise author left for a form. */
  extra: Readonly<Record<string, unknown>>;
  /** The property name the node sits under, if any. */
  name?: string;
  /** Whether the node is reached from the root along `properties` and `items` only. */
  direct: boolean;
  /** Whether the node is a branch of `allOf`, `anyOf`, `oneOf` or `not` (it validates, nothing renders). */
  inJunctor: boolean;
  /** What the API server checks here that the JSON Schema can't, in words (CEL rules, Go-only patterns...). */
  unchecked: string[];
}

/**
 * Options of {@link structuralSchemaToJsonSchema}.
 *
 * @public
 */
export interface StructuralSchemaToJsonSchemaOptions {
  /** The property name of the root node, passed to the visitor. */
  name?: string;
  /** Called on each converted node, children first; may change the node or return a replacement. */
  visit?: (
    schema: JsonSchemaObject,
    node: StructuralSchemaNode,
  ) => JsonSchemaObject | void;
}

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
];

const CANONICAL = new Map(SCHEMA_FIELDS.map(f => [f.toLowerCase(), f]));

const TYPES = new Set([
  'object',
  'array',
  'string',
  'integer',
  'number',
  'boolean',
]);

// Formats the API server checks (k8s.io/apiextensions-apiserver pkg/apiserver/validation/formats.go) that
// JSON Schema validators check the same way; ajv-formats' uri, email, date-time, uuid... are stricter than
// Go's parsers, so a form using them would refuse values the API server takes.
const SAME_FORMATS = new Set(['date', 'ipv4', 'ipv6']);

// Formats the API server defines by a regular expression: checked as that pattern.
const FORMAT_PATTERNS: Record<string, string> = {
  uuid: '(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$',
  uuid3:
    '(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$',
  uuid4:
    '(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$',
  uuid5:
    '(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$',
  // k8s.io/kube-openapi pkg/validation/strfmt/default.go; the server also caps the length, which the pattern doesn't.
  hostname:
    '^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$',
  hexcolor: '^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$',
  bsonobjectid: '^[0-9a-fA-F]{24}$',
  k8sshortname: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  k8slongname:
    '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
};

// The API server ignores these: any string is fine.
const FREE_FORMATS = new Set(['password']);

const INT_OR_STRING_BRANCHES = new Set(['integer', 'string']);

function readFields(node: Json): { fields: Json; extra: Json } {
  const fields: Json = {};
  const extra: Json = {};
  for (const [key, value] of Object.entries(node)) {
    const canonical = CANONICAL.get(key.toLowerCase());
    if (!canonical) {
      extra[key] = value;
    } else if (key === canonical || !(canonical in node)) {
      // Prefer the exact spelling when a schema holds two spellings of one field.
      fields[canonical] = value;
    }
  }
  return { fields, extra };
}

function copyJson(value: unknown): JsonSchemaValue | undefined {
  return value === undefined
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as JsonSchemaValue);
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

interface Context {
  /** Counts the checks left out below this point, so a junctor that must not weaken can be dropped whole. */
  lost: { count: number };
  name?: string;
  direct: boolean;
  inJunctor: boolean;
  visit?: StructuralSchemaToJsonSchemaOptions['visit'];
}

function inferType(f: Json, ctx: Context): string | undefined {
  if (typeof f.type === 'string' && TYPES.has(f.type)) return f.type;
  // Junctor branches carry no types in a structural schema; an untyped node that keeps unknown fields
  // takes any JSON value.
  if (ctx.inJunctor || f['x-kubernetes-preserve-unknown-fields'] === true) {
    return f['x-kubernetes-embedded-resource'] === true ? 'object' : undefined;
  }
  if (
    isObject(f.properties) ||
    f.additionalProperties !== undefined ||
    f['x-kubernetes-embedded-resource'] === true
  ) {
    return 'object';
  }
  return f.items !== undefined ? 'array' : undefined;
}

function addPattern(out: JsonSchemaObject, pattern: string) {
  if (out.pattern === undefined) {
    out.pattern = pattern;
  } else {
    out.allOf = [
      ...((out.allOf as JsonSchemaValue[] | undefined) ?? []),
      { pattern },
    ];
  }
}

function convertStrings(
  f: Json,
  out: JsonSchemaObject,
  unchecked: string[],
): void {
  if (typeof f.pattern === 'string') {
    const pattern = goPatternToJavaScript(f.pattern);
    if (pattern !== undefined) addPattern(out, pattern);
    else unchecked.push(`must match the pattern \`${f.pattern}\``);
  }
  if (isNonNegativeInteger(f.minLength)) out.minLength = f.minLength;
  if (isNonNegativeInteger(f.maxLength)) out.maxLength = f.maxLength;
  if (typeof f.format === 'string' && f.format) {
    const normalized = f.format.replace(/-/g, '');
    const known =
      FORMAT_PATTERNS[normalized] !== undefined
        ? goPatternToJavaScript(FORMAT_PATTERNS[normalized])
        : undefined;
    if (SAME_FORMATS.has(f.format)) out.format = f.format;
    else if (known !== undefined) addPattern(out, known);
    else if (!FREE_FORMATS.has(f.format)) {
      unchecked.push(`must have the format \`${f.format}\``);
    }
  }
}

function convertNumbers(f: Json, out: JsonSchemaObject): void {
  // apiextensions v1 has draft-04's boolean exclusive bounds; draft-07 wants the bound itself.
  if (isNumber(f.minimum)) {
    if (f.exclusiveMinimum === true) out.exclusiveMinimum = f.minimum;
    else out.minimum = f.minimum;
  }
  if (isNumber(f.maximum)) {
    if (f.exclusiveMaximum === true) out.exclusiveMaximum = f.maximum;
    else out.maximum = f.maximum;
  }
  if (isNumber(f.multipleOf) && f.multipleOf > 0) out.multipleOf = f.multipleOf;
}

function convertArrays(
  f: Json,
  out: JsonSchemaObject,
  ctx: Context,
  unchecked: string[],
): void {
  const items = Array.isArray(f.items) ? f.items[0] : f.items;
  if (items !== undefined) {
    out.items = convertNode(items, { ...ctx, name: undefined });
  }
  if (isNonNegativeInteger(f.minItems)) out.minItems = f.minItems;
  if (isNonNegativeInteger(f.maxItems)) out.maxItems = f.maxItems;
  if (f.uniqueItems === true || f['x-kubernetes-list-type'] === 'set') {
    out.uniqueItems = true;
  }
  const mapKeys = stringList(f['x-kubernetes-list-map-keys']);
  if (f['x-kubernetes-list-type'] === 'map' && mapKeys.length) {
    unchecked.push(
      `each item needs a distinct ${
        mapKeys.length > 1 ? 'combination of ' : ''
      }${mapKeys.map(k => `\`${k}\``).join(', ')}`,
    );
  }
}

// What the API server reads an embedded object's metadata as (ObjectMeta), reduced to what a user sets.
const EMBEDDED_METADATA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

function convertObjects(
  f: Json,
  out: JsonSchemaObject,
  type: string | undefined,
  ctx: Context,
): void {
  const preserve = f['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = f['x-kubernetes-embedded-resource'] === true;
  const sources: Json = isObject(f.properties) ? { ...f.properties } : {};
  const required = new Set(stringList(f.required));
  if (embedded) {
    // The API server requires apiVersion and kind of an embedded object, and reads metadata as ObjectMeta.
    sources.apiVersion ??= { type: 'string', minLength: 1 };
    sources.kind ??= { type: 'string', minLength: 1 };
    sources.metadata ??= EMBEDDED_METADATA;
    required.add('apiVersion');
    required.add('kind');
  }
  const properties: JsonSchemaObject = {};
  for (const [name, child] of Object.entries(sources)) {
    properties[name] = convertNode(child, { ...ctx, name });
  }
  if (Object.keys(properties).length) out.properties = properties;
  if (required.size) out.required = [...required];
  if (isObject(f.additionalProperties)) {
    out.additionalProperties = convertNode(f.additionalProperties, {
      ...ctx,
      name: undefined,
      direct: false,
    });
  } else if (typeof f.additionalProperties === 'boolean') {
    out.additionalProperties = f.additionalProperties || preserve;
  } else if (type === 'object' && !ctx.inJunctor) {
    // The API server prunes (or, with strict field validation, refuses) fields its schema doesn't name.
    out.additionalProperties = preserve;
  }
  if (isNonNegativeInteger(f.minProperties))
    out.minProperties = f.minProperties;
  if (isNonNegativeInteger(f.maxProperties))
    out.maxProperties = f.maxProperties;
}

function convertJunctors(
  f: Json,
  out: JsonSchemaObject,
  ctx: Context,
  intOrString: boolean,
  unchecked: string[],
): void {
  for (const keyword of ['allOf', 'anyOf', 'oneOf', 'not'] as const) {
    const value = f[keyword];
    let branches: unknown[] = [];
    if (keyword === 'not') branches = isObject(value) ? [value] : [];
    else if (Array.isArray(value)) branches = value;
    if (!branches.length) continue;
    if (keyword === 'anyOf' && intOrString && isIntOrStringTypeList(branches)) {
      continue;
    }
    const lost = { count: 0 };
    const converted = branches.map(b =>
      convertNode(b, {
        ...ctx,
        lost,
        name: undefined,
        direct: false,
        inJunctor: true,
      }),
    );
    ctx.lost.count += lost.count;
    // A branch that lost a check only loosens allOf and anyOf; oneOf and not could then refuse a valid value.
    if (lost.count && (keyword === 'oneOf' || keyword === 'not')) {
      unchecked.push(`must satisfy its \`${keyword}\` rule`);
      ctx.lost.count++;
    } else if (keyword === 'not') {
      out.not = converted[0];
    } else {
      out[keyword] = [
        ...((out[keyword] as JsonSchemaValue[] | undefined) ?? []),
        ...converted,
      ];
    }
  }
}

function convertNode(node: unknown, ctx: Context): JsonSchemaObject {
  const { fields: f, extra } = readFields(isObject(node) ? node : {});
  const out: JsonSchemaObject = {};
  const unchecked: string[] = [];
  const intOrString = f['x-kubernetes-int-or-string'] === true;
  const nullable = f.nullable === true;
  const type = intOrString ? undefined : inferType(f, ctx);

  if (typeof f.title === 'string' && f.title) out.title = f.title;
  if (typeof f.description === 'string' && f.description.trim()) {
    out.description = f.description.trim();
  }
  if (intOrString) {
    out.type = nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  } else if (type) {
    out.type = nullable ? [type, 'null'] : type;
  }
  if (Array.isArray(f.enum)) {
    const values = copyJson(f.enum) as JsonSchemaValue[];
    // A nullable field takes null whatever its enum says.
    out.enum = nullable && !values.includes(null) ? [...values, null] : values;
  }
  if (f.default !== undefined) out.default = copyJson(f.default)!;
  if (f.example !== undefined) out.examples = [copyJson(f.example)!];

  convertStrings(f, out, unchecked);
  convertNumbers(f, out);
  if (f.items !== undefined || type === 'array') {
    convertArrays(f, out, ctx, unchecked);
  }
  convertObjects(f, out, type, ctx);
  convertJunctors(f, out, ctx, intOrString, unchecked);

  const rules = Array.isArray(f['x-kubernetes-validations'])
    ? f['x-kubernetes-validations'].filter(isObject)
    : [];
  for (const rule of rules) {
    unchecked.push(
      typeof rule.message === 'string' && rule.message
        ? rule.message
        : `must satisfy \`${String(rule.rule)}\``,
    );
  }

  ctx.lost.count += unchecked.length;
  const visited = ctx.visit?.(out, {
    fields: f,
    extra,
    name: ctx.name,
    direct: ctx.direct,
    inJunctor: ctx.inJunctor,
    unchecked,
  });
  return visited ?? out;
}

/**
 * Converts a Kubernetes structural schema (an `apiextensions.k8s.io/v1` `openAPIV3Schema` or any node of it) to a
 * self-contained JSON Schema (draft-07) that accepts what the API server accepts: boolean exclusive bounds become
 * numeric ones, `nullable` a `null` type, `x-kubernetes-int-or-string` an integer-or-string type, Go patterns
 * JavaScript ones, objects refuse the fields the server would prune; defaults, enums and required are kept. What
 * JSON Schema can't say (CEL rules, patterns with no JavaScript equivalent) is left out and told to the visitor.
 *
 * @public
 */
export function structuralSchemaToJsonSchema(
  schema: unknown,
  options: StructuralSchemaToJsonSchemaOptions = {},
): JsonSchemaObject {
  return convertNode(schema, {
    lost: { count: 0 },
    name: options.name,
    direct: true,
    inJunctor: false,
    visit: options.visit,
  });
}
