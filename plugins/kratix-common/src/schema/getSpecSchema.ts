type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// JSONSchemaProps fields are matched case-insensitively, as Kratix's Go decoding does; `spec` is a name.
function field(node: Json, key: string): unknown {
  if (key in node) return node[key];
  const match = Object.keys(node).find(
    k => k.toLowerCase() === key.toLowerCase(),
  );
  return match === undefined ? undefined : node[match];
}

/**
 * What a resource request's `spec` may hold under its API's schema: the schema of `spec`, anything (the root keeps
 * unknown fields), or nothing at all (the API server would drop any spec without a word).
 *
 * @public
 */
export type SpecSchema =
  | { kind: 'schema'; schema: Record<string, unknown> }
  | { kind: 'any' }
  | { kind: 'none' };

/**
 * Reads where `spec` stands in an API's `openAPIV3Schema`; an unknown schema (undefined) takes any spec.
 *
 * @public
 */
export function getSpecSchema(openApiSchema: unknown): SpecSchema {
  if (!isObject(openApiSchema)) return { kind: 'any' };
  const properties = field(openApiSchema, 'properties');
  const spec = isObject(properties) ? properties.spec : undefined;
  if (isObject(spec)) return { kind: 'schema', schema: spec };
  return field(openApiSchema, 'x-kubernetes-preserve-unknown-fields') === true
    ? { kind: 'any' }
    : { kind: 'none' };
}
