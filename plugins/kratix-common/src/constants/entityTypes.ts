/**
 * Values of `spec.type` on the catalog entities this project makes.
 *
 * @public
 */
export const KRATIX_ENTITY_TYPES = {
  /** A Promise; Syntasso's entities use the same value. */
  promise: 'kratix-promise',
  /** A resource request; Syntasso's entities use the same value. */
  resource: 'kratix-resource',
  destination: 'kratix-destination',
  crossplaneClaim: 'crossplane-claim',
  crossplaneXr: 'crossplane-xr',
  crossplaneManaged: 'crossplane-managed',
  crossplaneXrd: 'crossplane-xrd',
} as const;

/**
 * One of the `spec.type` values in `KRATIX_ENTITY_TYPES`.
 *
 * @public
 */
export type KratixEntityType =
  (typeof KRATIX_ENTITY_TYPES)[keyof typeof KRATIX_ENTITY_TYPES];
