import { Condition, KubernetesObject } from './kubernetes';

/**
 * The spec of a Kratix Destination.
 *
 * @public
 */
export interface KratixDestinationSpec {
  path?: string;
  stateStoreRef?: { kind: 'GitStateStore' | 'BucketStateStore'; name: string };
  strictMatchLabels?: boolean;
  cleanup?: 'none' | 'all';
  filepath?: { mode?: string; filename?: string };
  initWorkloads?: { enabled?: boolean };
}

/**
 * A Kratix Destination (cluster-scoped): where Work lands. Selected by its `metadata.labels`.
 *
 * @public
 */
export type KratixDestination = KubernetesObject<
  KratixDestinationSpec,
  { conditions?: Condition[] }
>;
