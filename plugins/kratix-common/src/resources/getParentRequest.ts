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
 * Finds the parent request of a compound Promise's sub-request from its `kratix.io/parent-*` labels.
 *
 * @public
 */
export function getParentRequest(
  rr: { metadata?: { labels?: Record<string, string> } } | undefined,
): KratixParentRequest | undefined {
  // The compound workflow's convention (upstream `api/v1alpha1/work_types.go`); Kratix has no other shape.
  const labels = rr?.metadata?.labels ?? {};
  const promiseName = labels[KRATIX_LABELS.parentPromiseName];
  const name = labels[KRATIX_LABELS.parentResourceName];
  if (!promiseName || !name) return undefined;
  const namespace = labels[KRATIX_LABELS.parentResourceNamespace] || undefined;
  return namespace ? { promiseName, name, namespace } : { promiseName, name };
}
