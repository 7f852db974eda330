import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  crossplaneEntityName,
  getCrossplaneState,
  groupOfApiVersion,
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KubernetesObject,
  xrdEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import {
  compositeScope,
  CrossplaneObjectRole,
} from '@kratix-backstage/plugin-kratix-node';
import { crdSchemaToOpenApi } from './crdSchemaToOpenApi';
import { definedStrings, objectAnnotations } from './objectAnnotations';
import { TransformContext } from './types';

const TYPE_OF_ROLE: Record<CrossplaneObjectRole, string> = {
  claim: KRATIX_ENTITY_TYPES.crossplaneClaim,
  composite: KRATIX_ENTITY_TYPES.crossplaneXr,
  managed: KRATIX_ENTITY_TYPES.crossplaneManaged,
};

/** The entity ref of a Crossplane object on a cluster. */
export function crossplaneEntityRef(
  entityNamespace: string,
  o: {
    cluster: string;
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  },
): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace: entityNamespace,
    name: crossplaneEntityName({
      cluster: o.cluster,
      namespace: o.namespace,
      name: o.name,
      kind: o.kind,
      group: groupOfApiVersion(o.apiVersion),
    }),
  });
}

/**
 * A Crossplane claim, composite (XR) or managed resource read live on a cluster, as a Resource with its `Ready` and
 * `Synced` conditions in annotations.
 */
export function crossplaneObjectToEntity(
  object: KubernetesObject,
  ctx: TransformContext & {
    role: CrossplaneObjectRole;
    owner: string;
    destination?: string;
    /** Entity refs of the objects this one points at (claim → XR, XR → managed). */
    dependsOn?: string[];
  },
): Entity {
  const state = getCrossplaneState(object as any);
  const { name, namespace } = object.metadata as {
    name: string;
    namespace?: string;
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: crossplaneEntityName({
        cluster: ctx.cluster,
        namespace,
        name,
        kind: object.kind,
        group: groupOfApiVersion(object.apiVersion),
      }),
      namespace: ctx.entityNamespace,
      title: name,
      description: `Crossplane ${
        ctx.role === 'composite' ? 'composite resource' : ctx.role
      } ${object.kind} ${namespace ? `${namespace}/` : ''}${name} on cluster ${
        ctx.cluster
      }`,
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, object),
        [KRATIX_ANNOTATIONS.status]: state.state,
        [KRATIX_ANNOTATIONS.ready]: state.ready,
        [KRATIX_ANNOTATIONS.synced]: state.synced,
        [KRATIX_ENTITY_ANNOTATIONS.statusReason]: state.reason,
        [KRATIX_ENTITY_ANNOTATIONS.statusMessage]: state.message,
        [KRATIX_ANNOTATIONS.destination]: ctx.destination,
      }),
      tags: ['crossplane'],
    },
    spec: {
      type: TYPE_OF_ROLE[ctx.role],
      owner: ctx.owner,
      ...(ctx.dependsOn?.length && {
        dependsOn: Array.from(new Set(ctx.dependsOn)),
      }),
    },
  };
}

/** The version of an XRD whose schema describes its kind best: the referenceable one, else the first served. */
function xrdVersion(xrd: CompositeResourceDefinition) {
  const versions = Array.isArray(xrd.spec?.versions) ? xrd.spec!.versions : [];
  return (
    versions.find(v => v?.referenceable) ??
    versions.find(v => v?.served) ??
    versions[0]
  );
}

/** A Crossplane XRD as an API entity (`spec.type: openapi`) for its composite kind (and claim kind, when it offers one). */
export function xrdToApiEntity(
  xrd: CompositeResourceDefinition,
  ctx: TransformContext,
): Entity | undefined {
  const spec = xrd.spec;
  const version = xrd && xrdVersion(xrd);
  if (
    !spec?.group ||
    !spec.names?.kind ||
    !spec.names.plural ||
    !version?.name
  ) {
    return undefined;
  }
  const claim = spec.claimNames;
  const namespaced = compositeScope(xrd) === 'Namespaced';
  // The claim kind is what teams request on a v1 XRD; document that one when it exists.
  const documented =
    claim?.kind && claim.plural
      ? { kind: claim.kind, plural: claim.plural, namespaced: true }
      : { kind: spec.names.kind, plural: spec.names.plural, namespaced };
  const name = xrd.metadata.name!;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: xrdEntityName({ cluster: ctx.cluster, name }),
      namespace: ctx.entityNamespace,
      title: `${documented.kind} (${spec.group}/${version.name})`,
      description: `Crossplane CompositeResourceDefinition ${name} on cluster ${ctx.cluster}`,
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, xrd),
        [KRATIX_ENTITY_ANNOTATIONS.apiGroup]: spec.group,
        [KRATIX_ENTITY_ANNOTATIONS.apiKind]: documented.kind,
      }),
      tags: ['crossplane'],
    },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: ctx.defaultOwner,
      definition: crdSchemaToOpenApi({
        group: spec.group,
        version: version.name,
        kind: documented.kind,
        plural: documented.plural,
        namespaced: documented.namespaced,
        schema: version.schema?.openAPIV3Schema,
      }),
    },
  };
}
