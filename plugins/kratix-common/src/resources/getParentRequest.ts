import { KRATIX_LABELS } from '../constants';

/**
 * The resource request of a compound Promise that made a sub-request.
 *
 * @public
 */
export interface KratixParentRequest {
  promiseName: string;
  name: string;
  namespace?: string;
}

/**
 * Finds the parent request of a compound Promise's sub-request from its labels, in the newer
 * (`kratix.io/parent-*`) or older (`kratix.io/component-of-*`) shape.
 *
 * @public
 */
export function getParentRequest(
  rr: { metadata?: { labels?: Record<string, string> } } | undefined,
): KratixParentRequest | undefined {
  const labels = rr?.metadata?.labels ?? {};
  const shapes = [
    [
      KRATIX_LABELS.parentPromiseName,
      KRATIX_LABELS.parentResourceName,
      KRATIX_LABELS.parentResourceNamespace,
    ],
    [
      KRATIX_LABELS.componentOfPromiseName,
      KRATIX_LABELS.componentOfResourceName,
      KRATIX_LABELS.componentOfResourceNamespace,
    ],
  ];
  for (const [promiseLabel, nameLabel, namespaceLabel] of shapes) {
    const promiseName = labels[promiseLabel];
    const name = labels[nameLabel];
    if (promiseName && name) {
      const namespace = labels[namespaceLabel] || undefined;
      return namespace
        ? { promiseName, name, namespace }
        : { promiseName, name };
    }
  }
  return undefined;
}
