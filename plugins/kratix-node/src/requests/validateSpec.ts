import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import {
  getSpecSchema,
  structuralSchemaToJsonSchema,
} from '@kratix-backstage/plugin-kratix-common';

type Schema = Record<string, unknown>;

/**
 * One way a spec breaks its Promise's API schema.
 *
 * @public
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

const ajv = new Ajv({
  // OpenAPI and Kubernetes keywords (x-kubernetes-*, example, ...) are not JSON Schema: let them through.
  strict: false,
  allErrors: true,
  // The converter keeps only formats JSON Schema reads as Kubernetes does (date, ipv4, ipv6); ajv has no
  // checks for them without ajv-formats, and the API server checks every format in the dry run.
  validateFormats: false,
  logger: false,
});

// Compiled validators by schema text; Promises change rarely, so a small cache saves recompiling per request.
interface Compiled {
  schema: Schema;
  fn: ValidateFunction;
  /** The schema's own Go pattern of each translated one, to quote in messages. */
  patterns: Map<string, string>;
}
const compiled = new Map<string, Compiled>();
const MAX_COMPILED = 100;

function compile(specSchema: Schema): Compiled {
  const key = JSON.stringify(specSchema);
  const hit = compiled.get(key);
  if (hit) return hit;
  if (compiled.size >= MAX_COMPILED) {
    const [oldestKey, oldest] = compiled.entries().next().value!;
    ajv.removeSchema(oldest.schema);
    compiled.delete(oldestKey);
  }
  const patterns = new Map<string, string>();
  const schema = structuralSchemaToJsonSchema(specSchema, {
    visit: (out, node) => {
      if (
        typeof out.pattern === 'string' &&
        typeof node.fields.pattern === 'string'
      ) {
        patterns.set(out.pattern, node.fields.pattern);
      }
    },
  });
  const entry = { schema, fn: ajv.compile(schema), patterns };
  compiled.set(key, entry);
  return entry;
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

function toViolation(
  error: ErrorObject,
  base: string,
  patterns: Map<string, string>,
): SpecViolation {
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
  if (error.keyword === 'pattern') {
    const pattern = String(params.pattern);
    message = `must match pattern ${JSON.stringify(
      patterns.get(pattern) ?? pattern,
    )}`;
  } else if (error.keyword === 'type') {
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
 * (empty when the spec is valid). A schema that keeps unknown fields at its root takes any spec; one that declares
 * no spec at all takes none, since the API server would drop it without a word.
 *
 * @public
 */
export function validateSpec(
  openApiSchema: Record<string, unknown> | undefined,
  spec: unknown,
): SpecViolation[] {
  const specSchema = getSpecSchema(openApiSchema);
  if (specSchema.kind === 'none') {
    return spec === undefined || (isObject(spec) && !Object.keys(spec).length)
      ? []
      : [
          {
            path: 'spec',
            rule: 'schema',
            message:
              'has no place in this API (its schema declares no spec, so Kubernetes would drop it): leave spec out',
          },
        ];
  }
  if (specSchema.kind === 'any') {
    return isObject(spec) || spec === undefined
      ? []
      : [{ path: 'spec', rule: 'type', message: 'must be object' }];
  }
  const { fn: validate, patterns } = compile(specSchema.schema);
  // A request without a spec is checked as an empty one: the schema's required fields still apply.
  if (validate(spec === undefined ? {} : spec)) {
    return [];
  }
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .map(e => toViolation(e, 'spec', patterns))
    .filter(v => {
      const key = `${v.path}|${v.rule}|${v.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Says every violation in one sentence: `spec.size must match pattern "^(small|large)$" (rule: pattern)`.
 *
 * @public
 */
export function describeViolations(violations: SpecViolation[]): string {
  return violations
    .map(v => `${v.path} ${v.message} (rule: ${v.rule})`)
    .join('; ');
}
