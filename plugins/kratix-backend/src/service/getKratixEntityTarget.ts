import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KRATIX_KINDS,
  SYNTASSO_ANNOTATIONS,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * What a catalog entity stands for on a cluster: a Promise, a resource request, a Crossplane object or another Kratix
 * object.
 *
 * @public
 */
export type KratixEntityRole = 'promise' | 'resource' | 'crossplane' | 'other';

/**
 * The Kubernetes object behind a catalog entity, read from its annotations (ours, or Syntasso's `kratix.io/*` shape).
 *
 * @public
 */
export interface KratixEntityTarget {
  entityRef: string;
  role: KratixEntityRole;
  /** Cluster name under `kratix.clusters`; absent means the default cluster. */
  cluster?: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Name of the owning Promise when the entity says it. */
  promise?: string;
  /** Destination the object was placed on, when the entity says it. */
  destination?: string;
  /** Cluster the entity's Destination stands for, when the entity says it. */
  destinationCluster?: string;
}

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key]?.trim();
  return value ? value : undefined;
}

function roleOf(entity: Entity, apiVersion: string, kind: string) {
  if (apiVersion === KRATIX_API_VERSION && kind === KRATIX_KINDS.promise) {
    return 'promise';
  }
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  if (
    type === KRATIX_ENTITY_TYPES.resource ||
    annotation(entity, SYNTASSO_ANNOTATIONS.type) === 'resource'
  ) {
    return 'resource';
  }
  if (typeof type === 'string' && type.startsWith('crossplane-')) {
    return 'crossplane';
  }
  return 'other';
}

function missing(entityRef: string, names: string[]): InputError {
  return new InputError(
    `Entity '${entityRef}' is not a Kratix entity: it lacks the annotation${
      names.length > 1 ? 's' : ''
    } ${names.map(n => `'${n}'`).join(', ')} that name${
      names.length > 1 ? '' : 's'
    } its Kubernetes object`,
  );
}

/**
 * Reads the Kubernetes object a catalog entity stands for from its annotations; throws an `InputError` naming the
 * missing annotation when the entity is not a Kratix entity.
 *
 * @public
 */
export function getKratixEntityTarget(entity: Entity): KratixEntityTarget {
  const entityRef = stringifyEntityRef(entity);
  const a = KRATIX_ANNOTATIONS;
  const destination = annotation(entity, a.destination);
  const destinationCluster = annotation(
    entity,
    KRATIX_ENTITY_ANNOTATIONS.destinationCluster,
  );
  const common = {
    entityRef,
    ...(destination && { destination }),
    ...(destinationCluster && { destinationCluster }),
  };

  const ours = [a.apiVersion, a.kind, a.name];
  if (ours.some(key => annotation(entity, key))) {
    const absent = ours.filter(key => !annotation(entity, key));
    if (absent.length) throw missing(entityRef, absent);
    const apiVersion = annotation(entity, a.apiVersion)!;
    const kind = annotation(entity, a.kind)!;
    const cluster = annotation(entity, a.cluster);
    const namespace = annotation(entity, a.namespace);
    const promise = annotation(entity, a.promise);
    return {
      ...common,
      role: roleOf(entity, apiVersion, kind),
      ...(cluster && { cluster }),
      apiVersion,
      kind,
      ...(namespace && { namespace }),
      name: annotation(entity, a.name)!,
      ...(promise && { promise }),
    };
  }

  const s = SYNTASSO_ANNOTATIONS;
  const type = annotation(entity, s.type);
  if (type === 'promise') {
    const name =
      annotation(entity, s.promiseName) ?? annotation(entity, s.name);
    if (!name) throw missing(entityRef, [s.promiseName]);
    return {
      ...common,
      role: 'promise',
      apiVersion: KRATIX_API_VERSION,
      kind: KRATIX_KINDS.promise,
      name,
      promise: name,
    };
  }
  if (type === 'resource') {
    const absent = [s.group, s.version, s.kind, s.name].filter(
      key => !annotation(entity, key),
    );
    if (absent.length) throw missing(entityRef, absent);
    const namespace = annotation(entity, s.namespace);
    const promise = annotation(entity, s.promiseName);
    return {
      ...common,
      role: 'resource',
      apiVersion: `${annotation(entity, s.group)}/${annotation(
        entity,
        s.version,
      )}`,
      kind: annotation(entity, s.kind)!,
      ...(namespace && { namespace }),
      name: annotation(entity, s.name)!,
      ...(promise && { promise }),
    };
  }
  throw missing(entityRef, ours);
}
