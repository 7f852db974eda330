/**
 * A resource request named by the `kratix.backstage.io/resource-request` annotation.
 *
 * @public
 */
export interface KratixResourceRequestRef {
  /** Cluster name as configured for the plugin; absent means the default cluster. */
  cluster?: string;
  namespace: string;
  kind: string;
  /** Present when the annotation qualified the kind as `kind.group`. */
  group?: string;
  name: string;
}

/**
 * Parses a `[cluster/]namespace/kind/name` reference (`kind` may be `kind.group`), throwing a TypeError when malformed.
 *
 * @public
 */
export function parseResourceRequestRef(ref: string): KratixResourceRequestRef {
  const parts = ref.trim().split('/');
  if (parts.length < 3 || parts.length > 4 || parts.some(p => p === '')) {
    throw new TypeError(
      `Invalid resource request reference '${ref}': expected '[cluster/]namespace/kind/name', ` +
        `e.g. 'default/kafka/orders' or 'prod/default/kafka.marketplace.kratix.io/orders'`,
    );
  }
  const cluster = parts.length === 4 ? parts.shift() : undefined;
  const [namespace, qualifiedKind, name] = parts as [string, string, string];
  // Kubernetes kinds hold no dots, so the first dot separates the kind from its group.
  const dot = qualifiedKind.indexOf('.');
  const kind = dot === -1 ? qualifiedKind : qualifiedKind.slice(0, dot);
  const group = dot === -1 ? undefined : qualifiedKind.slice(dot + 1);
  return {
    ...(cluster ? { cluster } : {}),
    namespace,
    kind,
    ...(group ? { group } : {}),
    name,
  };
}

/**
 * Formats a resource request reference as `[cluster/]namespace/kind[.group]/name`.
 *
 * @public
 */
export function stringifyResourceRequestRef(
  ref: KratixResourceRequestRef,
): string {
  const kind = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  const path = `${ref.namespace}/${kind}/${ref.name}`;
  return ref.cluster ? `${ref.cluster}/${path}` : path;
}
