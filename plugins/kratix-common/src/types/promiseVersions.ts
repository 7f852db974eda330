import { Condition, KubernetesObject } from './kubernetes';
import { KratixPromiseSpec } from './promise';

/**
 * The spec of a PromiseRevision: a copy of one version of a Promise.
 *
 * @public
 */
export interface KratixPromiseRevisionSpec {
  /** The Promise this revision is a version of. */
  promiseRef: { name: string };
  /** The Promise's spec at this version, its API included. */
  promiseSpec: KratixPromiseSpec;
  /** The version, from the Promise's label `kratix.io/promise-version` (`not-set` when it has none). */
  version: string;
}

/**
 * The status of a PromiseRevision.
 *
 * @public
 */
export interface KratixPromiseRevisionStatus {
  /** True on the revision Kratix resolves `latest` to (one per Promise, once settled). */
  latest?: boolean;
  conditions?: Condition[];
}

/**
 * A PromiseRevision (`platform.kratix.io/v1alpha1`, cluster-scoped): one version of a Promise; `spec` is required.
 *
 * @public
 */
export type KratixPromiseRevision = KubernetesObject<
  KratixPromiseRevisionSpec,
  KratixPromiseRevisionStatus
> & { spec: KratixPromiseRevisionSpec };

/**
 * The spec of a ResourceBinding: which Promise version a resource request should run.
 *
 * @public
 */
export interface KratixResourceBindingSpec {
  /** A revision's version (pinned), or `latest` (floating). */
  version: string;
  promiseRef: { name: string };
  resourceRef: { name: string; namespace?: string };
}

/**
 * The status of a ResourceBinding.
 *
 * @public
 */
export interface KratixResourceBindingStatus {
  /** Condition `UpgradeSucceeded` among others. */
  conditions?: Condition[];
  /** The version the request's configure workflow last completed with. */
  lastAppliedVersion?: string;
  /** The version of the last upgrade that failed; cleared when an upgrade starts again or succeeds. */
  failedVersion?: string;
}

/**
 * A ResourceBinding (`platform.kratix.io/v1alpha1`, namespaced, beside its resource request); `spec` is required.
 *
 * @public
 */
export type KratixResourceBinding = KubernetesObject<
  KratixResourceBindingSpec,
  KratixResourceBindingStatus
> & { spec: KratixResourceBindingSpec };
