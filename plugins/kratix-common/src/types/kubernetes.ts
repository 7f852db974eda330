/**
 * Status of a Kubernetes condition.
 *
 * @public
 */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/**
 * A condition as found in `status.conditions[]` of Kratix and Crossplane objects.
 *
 * @public
 */
export interface Condition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/**
 * A reference from one object to the object that owns it.
 *
 * @public
 */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * The fields of Kubernetes object metadata that this project reads.
 *
 * @public
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/**
 * A minimal Kubernetes object; this package does not depend on a Kubernetes client.
 *
 * @public
 */
export interface KubernetesObject<TSpec = unknown, TStatus = unknown> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: TSpec;
  status?: TStatus;
}

/**
 * The status shape shared by objects that report conditions.
 *
 * @public
 */
export interface StatusWithConditions {
  conditions?: Condition[];
  observedGeneration?: number;
}

/**
 * A label selector reduced to the `matchLabels` form Kratix uses.
 *
 * @public
 */
export interface MatchLabelsSelector {
  matchLabels?: Record<string, string>;
}

/**
 * A reference to an object by API version, kind and name (and namespace when namespaced).
 *
 * @public
 */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
}
