/**
 * API group of Crossplane's XRDs and Compositions.
 *
 * @public
 */
export const CROSSPLANE_APIEXTENSIONS_GROUP = 'apiextensions.crossplane.io';

/**
 * API group of Crossplane packages (Providers, Functions, Configurations).
 *
 * @public
 */
export const CROSSPLANE_PKG_GROUP = 'pkg.crossplane.io';

/**
 * Kinds, versions and plurals of the Crossplane objects this project reads.
 *
 * @public
 */
export const CROSSPLANE_RESOURCES = {
  compositeResourceDefinition: {
    kind: 'CompositeResourceDefinition',
    plural: 'compositeresourcedefinitions',
    /** v2 adds `spec.scope`; v1 has `spec.claimNames`. */
    versions: ['v2', 'v1'],
  },
  composition: {
    kind: 'Composition',
    plural: 'compositions',
    versions: ['v1'],
  },
} as const;

/**
 * Labels Crossplane puts on composite and composed resources.
 *
 * @public
 */
export const CROSSPLANE_LABELS = {
  claimName: 'crossplane.io/claim-name',
  claimNamespace: 'crossplane.io/claim-namespace',
  composite: 'crossplane.io/composite',
} as const;

/**
 * Annotations Crossplane puts on composed and managed resources.
 *
 * @public
 */
export const CROSSPLANE_ANNOTATIONS = {
  /** On composed resources: the name of the Composition step or resource that made them. */
  compositionResourceName: 'crossplane.io/composition-resource-name',
  /** On managed resources: the name of the resource in the external system. */
  externalName: 'crossplane.io/external-name',
  /** On any Crossplane object: `"true"` stops its reconciliation (Synced=False, reason ReconcilePaused). */
  paused: 'crossplane.io/paused',
} as const;

/**
 * Condition types Crossplane sets: `Ready` and `Synced` on claims, XRs and managed resources; `Established` and `Offered` on XRDs.
 *
 * @public
 */
export const CROSSPLANE_CONDITION_TYPES = {
  ready: 'Ready',
  synced: 'Synced',
  established: 'Established',
  offered: 'Offered',
} as const;

/**
 * Condition reasons Crossplane sets on `Ready` and `Synced` (upstream `apis/core/v2/condition.go`, and `Waiting` in
 * `internal/controller/apiextensions/claim/reconciler.go`).
 *
 * @public
 */
export const CROSSPLANE_CONDITION_REASONS = {
  available: 'Available',
  unavailable: 'Unavailable',
  creating: 'Creating',
  deleting: 'Deleting',
  /** A claim whose composite resource is not ready yet. */
  waiting: 'Waiting',
  reconcileSuccess: 'ReconcileSuccess',
  reconcileError: 'ReconcileError',
  /** The `crossplane.io/paused` annotation is set. */
  reconcilePaused: 'ReconcilePaused',
} as const;
