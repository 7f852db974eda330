import type { Entity } from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_ENTITY_TYPES,
  KRATIX_KINDS,
  SYNTASSO_ANNOTATIONS,
} from '@kratix-backstage/plugin-kratix-common';

const CROSSPLANE_TYPES: ReadonlySet<string> = new Set([
  KRATIX_ENTITY_TYPES.crossplaneClaim,
  KRATIX_ENTITY_TYPES.crossplaneXr,
  KRATIX_ENTITY_TYPES.crossplaneManaged,
]);

function annotation(entity: Entity, key: string): string | undefined {
  return entity.metadata.annotations?.[key]?.trim() || undefined;
}

function specType(entity: Entity): string | undefined {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

// A Template's spec.type names what it creates (e.g. kratix-resource), not what it is.
function isTemplate(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'template';
}

/**
 * True for an entity that stands for a Kratix Promise: one of ours (spec.type `kratix-promise`, or annotations
 * naming a `platform.kratix.io` Promise) or one written in Syntasso Kratix Enterprise's shape
 * (`kratix.io/type: promise`).
 *
 * @public
 */
export function isKratixPromise(entity: Entity): boolean {
  if (isTemplate(entity)) return false;
  return (
    specType(entity) === KRATIX_ENTITY_TYPES.promise ||
    annotation(entity, SYNTASSO_ANNOTATIONS.type) === 'promise' ||
    (annotation(entity, KRATIX_ANNOTATIONS.apiVersion) === KRATIX_API_VERSION &&
      annotation(entity, KRATIX_ANNOTATIONS.kind) === KRATIX_KINDS.promise)
  );
}

/**
 * True for an entity that stands for a Kratix resource request: one of ours (spec.type `kratix-resource`) or one
 * written in Syntasso Kratix Enterprise's shape (`kratix.io/type: resource`). Software Templates that create
 * requests are not requests.
 *
 * @public
 */
export function isKratixResource(entity: Entity): boolean {
  if (isTemplate(entity) || isKratixPromise(entity)) return false;
  return (
    specType(entity) === KRATIX_ENTITY_TYPES.resource ||
    annotation(entity, SYNTASSO_ANNOTATIONS.type) === 'resource'
  );
}

/**
 * True for an entity that stands for a Crossplane claim, composite or managed resource behind a Kratix request
 * (spec.type `crossplane-claim`, `crossplane-xr` or `crossplane-managed`).
 *
 * @public
 */
export function isCrossplaneResource(entity: Entity): boolean {
  const type = specType(entity);
  return !isTemplate(entity) && !!type && CROSSPLANE_TYPES.has(type);
}
