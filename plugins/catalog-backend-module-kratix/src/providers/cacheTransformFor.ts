import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  KratixCacheTransform,
  trimObjectForCache,
} from '@kratix-backstage/plugin-kratix-node';
import type { IngestionRole } from './planSources';

/**
 * A Work without its workloads: they are also in its WorkPlacements, where the transformers decode them, so the
 * Work's copy would only double the cache.
 */
function trimWork(object: KubernetesObject): KubernetesObject {
  const trimmed = trimObjectForCache(object) as KubernetesObject & {
    spec?: Record<string, unknown>;
  };
  if (!trimmed.spec || !('workloadGroups' in trimmed.spec)) return trimmed;
  const { workloadGroups: _workloadGroups, ...spec } = trimmed.spec;
  return { ...trimmed, spec };
}

/**
 * The cache transform of a source of the provider: every object loses what no one reads (managedFields, kubectl's
 * last-applied copy), and Works their workloads. Other kinds keep their spec and status: a custom
 * `PromiseToTemplate` may read any of a Promise, and the transformers read most of the rest.
 */
export function cacheTransformFor(role: IngestionRole): KratixCacheTransform {
  if (role === 'works') return trimWork;
  return trimObjectForCache;
}
