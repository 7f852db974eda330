type Json = Record<string, any>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Json): string[] {
  return ([] as string[]).concat(schema.type ?? []);
}

/**
 * What the scaffolder's form starts with before the user types anything, computed the way rjsf 5.24 does
 * with Backstage's settings (`@rjsf/utils` getDefaultFormState, `emptyObjectFields: 'populateAllDefaults'`):
 * a property's default is filled in, and an object is created when it is required or any default inside it is.
 */
export function initialFormState(schema: Json): unknown {
  if (!typesOf(schema).includes('object') || !isObject(schema.properties)) {
    return schema.default;
  }
  const state: Json = isObject(schema.default) ? { ...schema.default } : {};
  const required: string[] = schema.required ?? [];
  for (const [key, child] of Object.entries<Json>(schema.properties)) {
    const value = initialFormState(child);
    if (key in state || value === undefined) continue;
    if (
      isObject(value) &&
      !Object.keys(value).length &&
      !required.includes(key)
    ) {
      continue;
    }
    state[key] = value;
  }
  return state;
}
