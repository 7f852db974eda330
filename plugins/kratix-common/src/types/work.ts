import { Condition, KubernetesObject, MatchLabelsSelector } from './kubernetes';

/**
 * One file of a Work; `content` is gzip-compressed then base64-encoded.
 *
 * @public
 */
export interface KratixWorkload {
  filepath: string;
  content?: string;
}

/**
 * A Destination selector of a workload group; `source` tells where the labels came from.
 *
 * @public
 */
export interface KratixWorkloadGroupSelector extends MatchLabelsSelector {
  source?: string;
}

/**
 * A set of workloads from one output directory, scheduled together.
 *
 * @public
 */
export interface KratixWorkloadGroup {
  id: string;
  directory?: string;
  workloads?: KratixWorkload[];
  destinationSelectors?: KratixWorkloadGroupSelector[];
}

/**
 * The spec of a Kratix Work.
 *
 * @public
 */
export interface KratixWorkSpec {
  promiseName?: string;
  /** Empty for Promise-level Work. */
  resourceName?: string;
  workloadGroups?: KratixWorkloadGroup[];
  lastExecutionTimestamp?: string;
}

/**
 * The status of a Kratix Work.
 *
 * @public
 */
export interface KratixWorkStatus {
  conditions?: Condition[];
  workPlacements?: number;
  workPlacementsCreated?: number;
}

/**
 * A Kratix Work: what a pipeline produced, to be placed on Destinations.
 *
 * @public
 */
export type KratixWork = KubernetesObject<KratixWorkSpec, KratixWorkStatus>;

/**
 * The spec of a Kratix WorkPlacement.
 *
 * @public
 */
export interface KratixWorkPlacementSpec {
  targetDestinationName?: string;
  promiseName?: string;
  resourceName?: string;
  id?: string;
  workloads?: KratixWorkload[];
}

/**
 * The status of a Kratix WorkPlacement; conditions `Ready`, `WriteSucceeded`, `ScheduleSucceeded`.
 *
 * @public
 */
export interface KratixWorkPlacementStatus {
  conditions?: Condition[];
  versionID?: string;
}

/**
 * A Kratix WorkPlacement: one workload group of a Work placed on one Destination.
 *
 * @public
 */
export type KratixWorkPlacement = KubernetesObject<
  KratixWorkPlacementSpec,
  KratixWorkPlacementStatus
>;
