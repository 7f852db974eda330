import { JsonObject } from '@backstage/types';
import {
  JsonSchemaObject,
  JsonSchemaValue,
  StructuralSchemaNode,
  structuralSchemaToJsonSchema,
} from '@kratix-backstage/plugin-kratix-common';
import { humanizeName } from './humanizeName';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function typesOf(schema: JsonSchemaObject): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  return stringList(schema.type);
}

function quoteList(names: string[]): string {
  return names.map(n => `\`${n}\``).join(', ');
}

function junctorHint(keyword: 'oneOf' | 'anyOf', branches: unknown[]): string {
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

/** The Promise author's own form hints: `ui:*` keys, and `x-ui-*` ones (`x-ui-enum-names` → `ui:enumNames`). */
function uiKeys(extra: Readonly<Json>): JsonObject {
  const ui: JsonObject = {};
  const xui: JsonObject = {};
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const copy = JSON.parse(JSON.stringify(value));
    if (key.startsWith('ui:')) {
      ui[key] = copy;
    } else if (key.startsWith('x-ui-')) {
      const rest = key
        .slice('x-ui-'.length)
        .replace(/-([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
      xui[`ui:${rest}`] = copy;
    }
  }
  return { ...xui, ...ui };
}

// `^(dev|prod)$`, `^(?:a|b)$`, `^dev$|^prod$`: a pattern that only lists literal values.
const LITERAL = /^(?:[A-Za-z0-9 _/:@,=+~-]|\\[.\-_/+])+$/;

/** The values a pattern allows when it is only an anchored alternation of literals. */
export function literalAlternatives(pattern: string): string[] | undefined {
  let body: string[] | undefined;
  const grouped = /^\^\((?:\?:)?([^()]*)\)\$$/.exec(pattern);
  if (grouped) {
    body = grouped[1].split('|');
  } else if (/^\^[^()]*\$$/.test(pattern)) {
    const parts = pattern.split('|');
    if (parts.every(p => /^\^.*\$$/.test(p)))
      body = parts.map(p => p.slice(1, -1));
  }
  if (!body || body.length < 2 || !body.every(b => LITERAL.test(b))) {
    return undefined;
  }
  return [...new Set(body.map(b => b.replace(/\\(.)/g, '$1')))];
}

// Certificates, keys and PEM blocks span lines.
const KEY_KINDS = new Set([
  'ca',
  'client',
  'deploy',
  'encryption',
  'gpg',
  'pgp',
  'private',
  'public',
  'server',
  'signing',
  'ssh',
  'ssl',
  'tls',
]);

function isMultiLine(node: StructuralSchemaNode): boolean {
  const words = humanizeName(node.name ?? '')
    .toLowerCase()
    .split(' ');
  const [previous, last] = words.slice(-2);
  if (
    words.some(w => ['cert', 'certificate', 'pem', 'kubeconfig'].includes(w))
  ) {
    return true;
  }
  if ((last === 'key' || last === 'bundle') && KEY_KINDS.has(previous)) {
    return true;
  }
  const description =
    typeof node.fields.description === 'string' ? node.fields.description : '';
  return /\bPEM\b|\bcertificates?\b|\b(private|public|ssh) key\b/i.test(
    description,
  );
}

/** Moves junctors out of rjsf's way: under a double `not` they validate the same and render nothing. */
function hideJunctors(out: JsonSchemaObject): void {
  const junctors: JsonSchemaObject = {};
  for (const keyword of ['allOf', 'anyOf', 'oneOf', 'not'] as const) {
    if (out[keyword] !== undefined) {
      junctors[keyword] = out[keyword];
      delete out[keyword];
    }
  }
  if (Object.keys(junctors).length) out.not = { not: junctors };
}

/** Adds a validation-only rule to a node, beside its hidden junctors (see {@link hideJunctors}). */
function addHiddenRule(node: JsonSchemaObject, rule: JsonSchemaObject): void {
  const hidden = (
    isObject(node.not) && isObject(node.not.not) ? node.not.not : {}
  ) as JsonSchemaObject;
  hidden.allOf = [...((hidden.allOf as JsonSchemaValue[]) ?? []), rule];
  node.not = { not: hidden };
}

/**
 * Makes a node inside an optional object start empty in rjsf, which fills in every default and creates every
 * required object: defaults move into the description (the API server applies them once the object is given),
 * and required object fields are checked by a hidden rule instead, so nothing prompts rjsf to create them.
 */
function neverPrefilled(schema: JsonSchemaValue): void {
  if (!isObject(schema)) return;
  const node = schema as JsonSchemaObject;
  if (node.default !== undefined) {
    const hint = `Defaults to \`${JSON.stringify(
      node.default,
    )}\` when left empty.`;
    node.description = [node.description, hint].filter(Boolean).join('\n\n');
    delete node.default;
  }
  const properties = (node.properties as JsonSchemaObject) ?? {};
  const required = stringList(node.required);
  const objects = required.filter(
    key =>
      isObject(properties[key]) &&
      typesOf(properties[key] as JsonSchemaObject).includes('object'),
  );
  if (objects.length) {
    const rest = required.filter(key => !objects.includes(key));
    if (rest.length) node.required = rest;
    else delete node.required;
    addHiddenRule(node, { required: objects });
  }
  for (const child of Object.values(properties)) neverPrefilled(child);
  if (node.items !== undefined) neverPrefilled(node.items);
}

function emptyOptionalObjects(out: JsonSchemaObject): void {
  const required = new Set(stringList(out.required));
  for (const [name, child] of Object.entries(
    (out.properties as JsonSchemaObject) ?? {},
  )) {
    if (
      !required.has(name) &&
      isObject(child) &&
      typesOf(child as JsonSchemaObject).includes('object') &&
      child.default === undefined
    ) {
      neverPrefilled(child);
    }
  }
}

function toFormNode(
  out: JsonSchemaObject,
  node: StructuralSchemaNode,
): JsonSchemaObject {
  // Junctor branches only validate; nothing in them renders.
  if (node.inJunctor) return out;
  const f = node.fields;
  const hints: string[] = [];

  if (out.type === undefined && out.enum === undefined) {
    // An untyped node that keeps unknown fields takes any JSON value; the form offers an object. Any other
    // untyped node is not structural (the API server would not have taken the CRD): offer text.
    if (f['x-kubernetes-preserve-unknown-fields'] === true) {
      out.type = 'object';
      out.additionalProperties = true;
    } else {
      out.type = 'string';
    }
  }
  const types = typesOf(out);
  if (types.includes('array') && out.items === undefined) {
    // Not structural without items; the form can still offer a list of text.
    out.items = { type: 'string' };
  }
  if (!out.title && node.name) out.title = humanizeName(node.name);

  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (out[keyword] !== undefined && Array.isArray(f[keyword])) {
      hints.push(junctorHint(keyword, f[keyword] as unknown[]));
    }
  }
  hideJunctors(out);

  if (f['x-kubernetes-int-or-string'] === true && out.enum === undefined) {
    // rjsf renders a list of types with the first type's widget only; anyOf lets the user choose.
    out.anyOf = [
      { type: 'integer', title: 'Number' },
      { type: 'string', title: 'Text' },
      ...(types.includes('null') ? [{ type: 'null', title: 'None' }] : []),
    ];
    delete out.type;
  }

  const alternatives =
    types.includes('string') &&
    out.enum === undefined &&
    typeof out.pattern === 'string'
      ? literalAlternatives(out.pattern)
      : undefined;
  if (alternatives) out.enum = alternatives;

  if (
    types.includes('object') &&
    out.additionalProperties === true &&
    !out.properties
  ) {
    hints.push('Free-form: add the keys and values you need.');
  }
  if (types.includes('object')) emptyOptionalObjects(out);
  if (node.unchecked.length) {
    hints.push(
      `Checked by the platform on submit: ${node.unchecked.join('; ')}.`,
    );
  }
  if (hints.length) {
    out.description = [out.description, ...hints].filter(Boolean).join('\n\n');
  }

  // Backstage lifts ui: keys into the uiSchema only along properties and items.
  if (node.direct) {
    const ui = uiKeys(node.extra);
    if (
      ui['ui:widget'] === undefined &&
      types.includes('string') &&
      out.enum === undefined &&
      out.format === undefined &&
      isMultiLine(node)
    ) {
      out['ui:widget'] = 'textarea';
    }
    Object.assign(out, ui);
  }
  return out;
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
 * (what only the server can check is described instead). Built on kratix-common's
 * `structuralSchemaToJsonSchema`, so the form and the actions read a schema alike.
 *
 * @public
 */
export function openApiToFormSchema(
  schema: unknown,
  options: OpenApiToFormSchemaOptions = {},
): JsonObject {
  return structuralSchemaToJsonSchema(schema, {
    name: options.name,
    visit: toFormNode,
  }) as JsonObject;
}
