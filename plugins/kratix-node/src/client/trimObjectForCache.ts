import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

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
 * half of an object's size (controller-runtime's caches drop them the same way).
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
  return { ...object, metadata: rest };
}
