import {
  KratixCacheTransform,
  trimObjectForCache,
} from '@kratix-backstage/plugin-kratix-node';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import type { IngestionRole } from './planSources';

// A revision carries a whole copy of its Promise's spec; the catalog reads only which Promise and version it is.
function trimRevision(object: KubernetesObject): KubernetesObject {
  const trimmed = trimObjectForCache(object);
  const spec = trimmed.spec as Record<string, unknown> | undefined;
  if (!spec || !('promiseSpec' in spec)) return trimmed;
  const { promiseSpec: _promiseSpec, ...rest } = spec;
  return { ...trimmed, spec: rest };
}

/**
 * The cache transform of a source of the provider: every object loses what no one reads (managedFields, kubectl's
 * last-applied copy), and a PromiseRevision its copy of the Promise's spec. Other kinds keep their spec and status:
 * a custom `PromiseToTemplate` may read any of a Promise, and a Work's workloads are what a WorkPlacement without its
 * own stands for (kratix-node `placementWorkloads`).
 */
export function cacheTransformFor(role: IngestionRole): KratixCacheTransform {
  return role === 'promiseRevisions' ? trimRevision : trimObjectForCache;
}
