import {
  JsonSchemaObject,
  JsonSchemaValue,
} from '@kratix-backstage/plugin-kratix-common';

/** One field of a request's spec, as an assistant reads it before writing a request. */
export interface SpecField {
  path: string;
  type?: string;
  description?: string;
  required: boolean;
  default?: JsonSchemaValue;
  enum?: JsonSchemaValue[];
}

const MAX_DEPTH = 6;

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(schema: JsonSchemaObject): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.filter(t => t !== 'null').join(' or ');
  return undefined;
}

/** Every field under a converted spec schema, dotted from `spec`, with what the schema says of it. */
export function specFields(schema: JsonSchemaObject): SpecField[] {
  const fields: SpecField[] = [];
  const walk = (node: JsonSchemaObject, path: string, depth: number) => {
    const properties = node.properties;
    if (!isObject(properties) || depth > MAX_DEPTH) return;
    const required = new Set(
      Array.isArray(node.required) ? node.required.map(String) : [],
    );
    for (const [name, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      const childPath = `${path}.${name}`;
      const type = typeOf(child);
      fields.push({
        path: childPath,
        ...(type && { type }),
        ...(typeof child.description === 'string' && {
          description: child.description,
        }),
        required: required.has(name),
        ...(child.default !== undefined && { default: child.default }),
        ...(Array.isArray(child.enum) && { enum: child.enum }),
      });
      walk(child, childPath, depth + 1);
    }
  };
  walk(schema, 'spec', 0);
  return fields;
}

function exampleValue(schema: JsonSchemaObject, depth: number): unknown {
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  switch (typeOf(schema)) {
    case 'object':
      return exampleObject(schema, depth + 1);
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    default:
      return 'example';
  }
}

function exampleObject(
  schema: JsonSchemaObject,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(schema.properties) || depth > MAX_DEPTH) return out;
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.map(String) : [],
  );
  for (const [name, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    // Required fields and those with a default: what a minimal, explicit request holds.
    if (required.has(name) || child.default !== undefined) {
      out[name] = exampleValue(child, depth);
    }
  }
  return out;
}

/** A minimal spec for a schema: its required fields and defaulted ones, from defaults, enums and examples. */
export function exampleSpec(schema: JsonSchemaObject): Record<string, unknown> {
  return exampleObject(schema, 0);
}
