/**
 * A value that satisfies an OpenAPI v3 schema as a form would fill it: defaults and the first enum value where given,
 * every required property, and the optional scalar properties of the top level. Deterministic for a given `seed`.
 */
export function sampleSpec(schema: any, seed: number): any {
  return sample(schema, 'spec', seed, 0, true);
}

function sample(
  schema: any,
  name: string,
  seed: number,
  depth: number,
  fillOptional: boolean,
): any {
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[seed % schema.enum.length];
  }
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, child] of Object.entries<any>(schema.properties ?? {})) {
        const scalar = ['string', 'integer', 'number', 'boolean'].includes(
          child?.type,
        );
        if (required.has(key) || (fillOptional && scalar)) {
          const value = sample(child, key, seed, depth + 1, false);
          if (value !== undefined) out[key] = value;
        }
      }
      return out;
    }
    case 'array': {
      if (!schema.minItems || depth > 6) return [];
      return [sample(schema.items, name, seed, depth + 1, false)];
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      const value = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${seed}`;
      return schema.maxLength ? value.slice(0, schema.maxLength) : value;
    }
    default:
      return schema['x-kubernetes-preserve-unknown-fields'] ? {} : undefined;
  }
}
