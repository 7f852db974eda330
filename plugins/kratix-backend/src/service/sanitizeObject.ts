const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isSecret(value: Record<string, unknown>): boolean {
  return (
    value.kind === 'Secret' &&
    (value.apiVersion === 'v1' || value.apiVersion === undefined)
  );
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v => clean(v));
  if (!value || typeof value !== 'object') return value;
  const input = value as Record<string, unknown>;
  const secret = isSecret(input);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(input)) {
    if (secret && (key === 'data' || key === 'stringData')) continue;
    if (key === 'metadata' && child && typeof child === 'object') {
      const { managedFields: _managed, ...metadata } = child as Record<
        string,
        unknown
      >;
      const annotations = metadata.annotations as
        | Record<string, string>
        | undefined;
      if (annotations && LAST_APPLIED in annotations) {
        const { [LAST_APPLIED]: _applied, ...rest } = annotations;
        metadata.annotations = rest;
      }
      out[key] = clean(metadata);
      continue;
    }
    out[key] = clean(child);
  }
  return out;
}

/**
 * A copy of a Kubernetes object safe to show: without `metadata.managedFields`, without the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (which may repeat secret values), and without the
 * `data` and `stringData` of any Secret, also one embedded in another object (e.g. a provider-kubernetes `Object`'s
 * `spec.forProvider.manifest`).
 */
export function sanitizeObject<T>(object: T): T {
  return clean(object) as T;
}
