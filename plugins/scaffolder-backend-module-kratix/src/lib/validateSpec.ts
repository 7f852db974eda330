import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

/**
 * One way a spec breaks its Promise's API schema.
 */
export interface SpecViolation {
  /** Dotted path of the field, e.g. `spec.replicas` or `spec.ports[0].name`. */
  path: string;
  /** The JSON-schema keyword that failed, e.g. `pattern`, `required`, `type`. */
  rule: string;
  /** What is wrong, in words. */
  message: string;
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a Kubernetes structural schema into plain JSON Schema for ajv: `nullable` becomes a `null` type,
 * `x-kubernetes-int-or-string` an `anyOf`, and objects that declare their properties (and don't preserve unknown
 * fields) refuse extra ones, because Kubernetes would otherwise drop a mistyped field without a word.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (key === 'default' || key === 'example' || key === 'enum') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out['x-kubernetes-int-or-string'] === true) {
    const { type: _type, ...rest } = out;
    return {
      ...rest,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    };
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) {
      out.enum = [...out.enum, null];
    }
  }
  delete out.nullable;
  if (
    isObject(out.properties) &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true &&
    out['x-kubernetes-embedded-resource'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({
  // OpenAPI and Kubernetes keywords (x-kubernetes-*, example, ...) are not JSON Schema: let them through.
  strict: false,
  allErrors: true,
  // Kubernetes formats (int-or-string, byte, ...) are not ajv's; the API server checks them in the dry run.
  validateFormats: false,
  logger: false,
});

// Compiled validators by schema text; Promises change rarely, so a small cache saves recompiling per request.
const compiled = new Map<string, { schema: Schema; fn: ValidateFunction }>();
const MAX_COMPILED = 100;

function compile(specSchema: Schema): ValidateFunction {
  const key = JSON.stringify(specSchema);
  const hit = compiled.get(key);
  if (hit) return hit.fn;
  if (compiled.size >= MAX_COMPILED) {
    const [oldestKey, oldest] = compiled.entries().next().value!;
    ajv.removeSchema(oldest.schema);
    compiled.delete(oldestKey);
  }
  const schema = toJsonSchema(specSchema) as Schema;
  const fn = ajv.compile(schema);
  compiled.set(key, { schema, fn });
  return fn;
}

function fieldPath(base: string, instancePath: string, child?: string) {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, part) => {
    if (/^\d+$/.test(part)) return `${path}[${part}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(part)) return `${path}.${part}`;
    return `${path}[${JSON.stringify(part)}]`;
  }, base);
}

function toViolation(error: ErrorObject, base: string): SpecViolation {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return {
      path: fieldPath(base, error.instancePath, String(params.missingProperty)),
      rule: 'required',
      message: 'is required',
    };
  }
  if (error.keyword === 'additionalProperties') {
    return {
      path: fieldPath(
        base,
        error.instancePath,
        String(params.additionalProperty),
      ),
      rule: 'additionalProperties',
      message: 'is not a field of this API (Kubernetes would drop it)',
    };
  }
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'type') {
    message = `must be ${([] as unknown[]).concat(params.type).join(' or ')}`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues
      .map(v => JSON.stringify(v))
      .join(', ')}`;
  }
  return {
    path: fieldPath(base, error.instancePath),
    rule: error.keyword,
    message,
  };
}

/**
 * Validates a resource request's spec against the `openAPIV3Schema` of its Promise's API and lists every violation
 * (empty when the spec is valid). A schema without `properties.spec` accepts any spec.
 */
export function validateSpec(
  openApiSchema: Record<string, unknown> | undefined,
  spec: unknown,
): SpecViolation[] {
  const properties = isObject(openApiSchema?.properties)
    ? openApiSchema!.properties
    : undefined;
  const specSchema = properties?.spec;
  if (!isObject(specSchema)) {
    return isObject(spec) || spec === undefined
      ? []
      : [{ path: 'spec', rule: 'type', message: 'must be object' }];
  }
  const validate = compile(specSchema);
  if (validate(spec)) {
    return [];
  }
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .map(e => toViolation(e, 'spec'))
    .filter(v => {
      const key = `${v.path}|${v.rule}|${v.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Says every violation in one sentence: `spec.size must match pattern "^(small|large)$" (rule: pattern)`. */
export function describeViolations(violations: SpecViolation[]): string {
  return violations
    .map(v => `${v.path} ${v.message} (rule: ${v.rule})`)
    .join('; ');
}
