import {
  Condition,
  KubernetesObject,
  MatchLabelsSelector,
  ObjectMeta,
} from './kubernetes';
import { KratixControllerStatus, KratixWorkflows } from './workflows';

/**
 * A Promise's `spec.api`: an embedded `apiextensions.k8s.io/v1` CustomResourceDefinition, typed loosely
 * because Kratix reads it leniently (see `getPromiseApi`).
 *
 * @public
 */
export interface KratixPromiseApiDefinition {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * A Promise this Promise needs, from `spec.requiredPromises[]`.
 *
 * @public
 */
export interface KratixRequiredPromise {
  name: string;
  version?: string;
}

/**
 * The spec of a Kratix Promise.
 *
 * @public
 */
export interface KratixPromiseSpec {
  api?: KratixPromiseApiDefinition;
  workflows?: KratixWorkflows;
  requiredPromises?: KratixRequiredPromise[];
  dependencies?: Array<Record<string, unknown>>;
  destinationSelectors?: MatchLabelsSelector[];
}

/**
 * A required Promise and whether it is there, from `status.requiredPromises[]`.
 *
 * @public
 */
export interface KratixRequiredPromiseStatus {
  name: string;
  version?: string;
  state?: string;
}

/**
 * A Promise that requires this one, from `status.requiredBy[]`.
 *
 * @public
 */
export interface KratixRequiredByStatus {
  promise?: { name?: string; version?: string };
  requiredVersion?: string;
}

/**
 * The status of a Kratix Promise.
 *
 * @public
 */
export interface KratixPromiseStatus {
  /** `Available` or `Unavailable`. */
  status?: 'Available' | 'Unavailable' | string;
  /** The kind of the Promise's API. */
  kind?: string;
  /** The group/version of the Promise's API. */
  apiVersion?: string;
  /** Copied from the label `kratix.io/promise-version`. */
  version?: string;
  message?: string;
  conditions?: Condition[];
  observedGeneration?: number;
  workflows?: number;
  workflowsSucceeded?: number;
  workflowsFailed?: number;
  requiredPromises?: KratixRequiredPromiseStatus[];
  requiredBy?: KratixRequiredByStatus[];
  lastAvailableTime?: string;
  kratix?: KratixControllerStatus;
}

/**
 * A Kratix Promise (`platform.kratix.io/v1alpha1`, cluster-scoped).
 *
 * @public
 */
export type KratixPromise = KubernetesObject<
  KratixPromiseSpec,
  KratixPromiseStatus
>;

/**
 * The API a Promise offers, as read by `getPromiseApi`.
 *
 * @public
 */
export interface KratixPromiseApi {
  group: string;
  kind: string;
  plural: string;
  /** The storage version, or the first version when none is marked for storage. */
  version: string;
  /** `group/version`, ready for a resource request's `apiVersion`. */
  apiVersion: string;
  /** `Namespaced` or `Cluster`. */
  scope: string;
  /** The chosen version's `schema.openAPIV3Schema`, when it has one. */
  schema?: Record<string, unknown>;
}
