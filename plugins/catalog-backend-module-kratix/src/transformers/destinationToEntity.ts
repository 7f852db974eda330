import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  destinationEntityName,
  getCondition,
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KratixDestination,
} from '@kratix-backstage/plugin-kratix-common';
import { definedStrings, objectAnnotations } from './objectAnnotations';
import { TransformContext } from './types';

/** The entity ref of a Destination's Resource. */
export function destinationEntityRef(
  ctx: Pick<TransformContext, 'entityNamespace' | 'cluster'>,
  name: string,
): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: ctx.entityNamespace,
    name: destinationEntityName({ cluster: ctx.cluster, name }),
  });
}

/** A Kratix Destination as a Resource (`spec.type: kratix-destination`), with its Ready condition as status. */
export function destinationToEntity(
  destination: KratixDestination,
  ctx: TransformContext & { destinationCluster?: string },
): Entity {
  const name = destination.metadata.name!;
  const ready = getCondition(destination, 'Ready');
  let state = 'unknown';
  if (ready?.status === 'True') state = 'ready';
  else if (ready?.status === 'False') state = 'failed';
  const store = destination.spec?.stateStoreRef;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: destinationEntityName({ cluster: ctx.cluster, name }),
      namespace: ctx.entityNamespace,
      title: name,
      description: describeDestination(name, store, destination.spec?.path),
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, destination),
        [KRATIX_ANNOTATIONS.status]: state,
        [KRATIX_ENTITY_ANNOTATIONS.statusReason]: ready?.reason,
        [KRATIX_ENTITY_ANNOTATIONS.statusMessage]: ready?.message,
        [KRATIX_ENTITY_ANNOTATIONS.destinationCluster]: ctx.destinationCluster,
      }),
      tags: ['kratix'],
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.destination,
      owner: ctx.defaultOwner,
    },
  };
}

function describeDestination(
  name: string,
  store: { kind?: string; name?: string } | undefined,
  path: string | undefined,
): string {
  if (!store) return `Kratix Destination ${name}`;
  const where = path ? `, path ${path}` : '';
  return `Kratix Destination ${name} (${store.kind} ${store.name}${where})`;
}
