import { customizeValidator } from '@rjsf/validator-ajv8';
import { validate as validateOnBackend } from 'jsonschema';

type Json = Record<string, any>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON Schema the form validates with: `ui:` keys lifted out as Backstage's `extractSchemaFromStep`
 * does, along `properties` and `items` only. Any `ui:` key left elsewhere makes the strict compile fail.
 */
export function withoutUiKeys(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('ui:')) continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, withoutUiKeys(v)]),
      );
    } else if (key === 'items' && isObject(value)) {
      out.items = withoutUiKeys(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * What the scaffolder's form checks: rjsf's AJV (draft-07, ajv-formats), here in strict mode so unknown
 * keywords and formats fail. `required` naming a field declared elsewhere is how Kubernetes junctors read.
 */
export function formValidator(schema: unknown): (data: unknown) => string[] {
  const { ajv } = customizeValidator({
    ajvOptionsOverrides: {
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
    },
  });
  const validate = ajv.compile(withoutUiKeys(schema) as Json);
  return data =>
    validate(data)
      ? []
      : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

/** What the scaffolder backend checks when a task is created: the `jsonschema` package, ui keys and all. */
export function backendValidator(schema: unknown): (data: unknown) => string[] {
  return data =>
    validateOnBackend(data, schema as Json).errors.map(e => e.stack);
}
