import { Condition, KubernetesObject } from './kubernetes';
import { KratixControllerStatus } from './workflows';

/**
 * Health state of a resource, as a HealthRecord reports it.
 *
 * @public
 */
export type KratixHealthState =
  | 'unknown'
  | 'ready'
  | 'unhealthy'
  | 'healthy'
  | 'degraded';

/**
 * The health roll-up Kratix writes to a resource request's `status.healthStatus`.
 *
 * @public
 */
export interface KratixHealthStatus {
  state?: KratixHealthState | string;
  healthRecords?: Array<Record<string, unknown>>;
}

/**
 * The status of a resource request: the fields Kratix writes plus any key a pipeline wrote.
 *
 * @public
 */
export interface KratixResourceRequestStatus {
  message?: string;
  observedGeneration?: number;
  conditions?: Condition[];
  workflows?: number;
  workflowsSucceeded?: number;
  workflowsFailed?: number;
  lastSuccessfulConfigureWorkflowTime?: string;
  /** The version of the PromiseRevision the request last ran with. */
  promiseVersion?: string;
  /** The `spec.version` of its ResourceBinding when it last ran (a version, or `latest`). */
  resourceBindingVersion?: string;
  healthStatus?: KratixHealthStatus;
  kratix?: KratixControllerStatus;
  [key: string]: unknown;
}

/**
 * A resource request: an instance of a Promise's API, with any group and kind.
 *
 * @public
 */
export type KratixResourceRequest<TSpec = Record<string, unknown>> =
  KubernetesObject<TSpec, KratixResourceRequestStatus>;
