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
 * are, and a revision's schema is read from the API server when it is needed.
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
  const trimmed = { ...object, metadata: rest };
  if (!isPromiseRevision(object)) return trimmed;
  const { promiseSpec: _promiseSpec, ...spec } = (object as { spec?: object })
    .spec as Record<string, unknown>;
  return { ...trimmed, spec };
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
