import { KratixPromise, KratixPromiseApi } from '../types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Go's encoding/json, which Kratix decodes spec.api with, matches field names case-insensitively
// (a Promise may say `JSONPath` or `OpenAPIV3Schema`); prefer the exact spelling when both exist.
function field(obj: unknown, key: string): unknown {
  if (!isObject(obj)) {
    return undefined;
  }
  if (key in obj) {
    return obj[key];
  }
  const lower = key.toLowerCase();
  const match = Object.keys(obj).find(k => k.toLowerCase() === lower);
  return match === undefined ? undefined : obj[match];
}

function stringField(obj: unknown, key: string): string | undefined {
  const value = field(obj, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the API a Promise offers from its `spec.api` CRD, as leniently as Kratix does, or undefined when it has none.
 *
 * @public
 */
export function getPromiseApi(
  promise: Pick<KratixPromise, 'spec'> | undefined,
): KratixPromiseApi | undefined {
  const crdSpec = field(field(promise?.spec, 'api'), 'spec');
  const group = stringField(crdSpec, 'group');
  const names = field(crdSpec, 'names');
  const kind = stringField(names, 'kind');
  const plural = stringField(names, 'plural');
  const versions = field(crdSpec, 'versions');
  if (!group || !kind || !plural || !Array.isArray(versions)) {
    return undefined;
  }

  const candidates = versions.filter(
    v => isObject(v) && stringField(v, 'name') !== undefined,
  );
  // Kratix takes the storage version as the API's version, else the first one.
  const chosen =
    candidates.find(v => field(v, 'storage') === true) ?? candidates[0];
  if (!chosen) {
    return undefined;
  }
  const version = stringField(chosen, 'name')!;
  const schema = field(field(chosen, 'schema'), 'openAPIV3Schema');

  return {
    group,
    kind,
    plural,
    version,
    apiVersion: `${group}/${version}`,
    scope: stringField(crdSpec, 'scope') ?? 'Namespaced',
    schema: isObject(schema) ? schema : undefined,
  };
}
