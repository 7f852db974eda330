import {
  KratixCacheTransform,
  trimObjectForCache,
} from '@kratix-backstage/plugin-kratix-node';
import type { IngestionRole } from './planSources';

/**
 * The cache transform of a source of the provider: every object loses what no one reads (managedFields, kubectl's
 * last-applied copy). Each kind keeps its spec and status: a custom `PromiseToTemplate` may read any of a Promise,
 * and a Work's workloads are what a WorkPlacement without its own stands for (kratix-node `placementWorkloads`).
 */
export function cacheTransformFor(_role: IngestionRole): KratixCacheTransform {
  return trimObjectForCache;
}
