import {
  KRATIX_GROUP,
  KRATIX_KINDS,
  type KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** The annotation `kubectl apply` writes: a second copy of the whole object as JSON. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Turns an object as the API server sends it into what an informer keeps in its cache. Return a new object rather
 * than changing the given one.
 *
 * @public
 */
export type KratixCacheTransform<
  T extends KubernetesObject = KubernetesObject,
> = (object: T) => T;

/**
 * The default cache transform of an informer: the object without `metadata.managedFields` and the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, which nothing here reads and which can make up
 * half of an object's size (controller-runtime's caches drop them the same way). A Kratix PromiseRevision also loses
 * `spec.promiseSpec`, its whole copy of the Promise: cached revisions are read for which Promise and version they
 * are, and a revision's schema is read from the API server when it is needed. Short string values are swapped for
 * one shared instance of each (equal strings, so no reader can tell), which the cached objects would otherwise repeat
 * by the thousand.
 *
 * @public
 */
export function trimObjectForCache<T extends KubernetesObject>(object: T): T {
  const metadata = object?.metadata;
  if (!metadata) return object;
  const { managedFields: _managedFields, ...rest } =
    metadata as typeof metadata & { managedFields?: unknown };
  if (rest.annotations && LAST_APPLIED in rest.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = rest.annotations;
    rest.annotations = annotations;
  }
  let trimmed = { ...object, metadata: rest };
  if (isPromiseRevision(object)) {
    const { promiseSpec: _promiseSpec, ...spec } = (object as { spec?: object })
      .spec as Record<string, unknown>;
    trimmed = { ...trimmed, spec };
  }
  internStrings(trimmed);
  return trimmed;
}

/**
 * One instance of each short string seen in cached objects. A parsed list gives every object its own copy of each
 * value, and the values repeat across thousands of objects (condition types, reasons and messages, API versions,
 * kinds, label values): at 5,000 requests a third of the cache's strings were copies. Cleared when full, so names
 * seen once cannot make it grow without bound.
 */
const internPool = new Map<string, string>();
const INTERN_POOL_LIMIT = 100_000;
const INTERN_MAX_LENGTH = 128;

function intern(value: string): string {
  if (value.length > INTERN_MAX_LENGTH) return value;
  const known = internPool.get(value);
  if (known !== undefined) return known;
  if (internPool.size >= INTERN_POOL_LIMIT) internPool.clear();
  internPool.set(value, value);
  return value;
}

/**
 * Replaces each string value under `node` with its pooled instance. It changes the objects in place, but only swaps a
 * string for an equal one, which no reader can tell apart.
 */
function internStrings(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const value = node[i];
      if (typeof value === 'string') node[i] = intern(value);
      else if (typeof value === 'object' && value !== null)
        internStrings(value);
    }
  } else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') record[key] = intern(value);
      else if (typeof value === 'object' && value !== null)
        internStrings(value);
    }
  }
}

function isPromiseRevision(object: KubernetesObject): boolean {
  const spec = (object as { spec?: unknown }).spec;
  return (
    object.kind === KRATIX_KINDS.promiseRevision &&
    (object.apiVersion ?? '').startsWith(`${KRATIX_GROUP}/`) &&
    typeof spec === 'object' &&
    spec !== null &&
    'promiseSpec' in spec
  );
}
