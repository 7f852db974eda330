import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  getPromiseApi,
  getPromiseState,
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KRATIX_LABELS,
  KratixPromise,
  promiseEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { crdSchemaToOpenApi } from './crdSchemaToOpenApi';
import { definedStrings, objectAnnotations } from './objectAnnotations';
import { ownerAnnotation } from './ownerAnnotation';
import { TransformContext } from './types';

/** The entity ref of a Promise's Component. */
export function promiseEntityRef(
  ctx: Pick<TransformContext, 'entityNamespace'>,
  cluster: string,
  promiseName: string,
): string {
  return stringifyEntityRef({
    kind: 'Component',
    namespace: ctx.entityNamespace,
    name: promiseEntityName({ cluster, name: promiseName }),
  });
}

/** The owner of a Promise's entities: its `kratix.backstage.io/owner` annotation when it is an entity reference, else the default. */
export function promiseOwner(promise: KratixPromise, ctx: TransformContext) {
  return ownerAnnotation(promise).owner || ctx.defaultOwner;
}

/** What the caller found out about a Promise besides the object itself. */
export interface PromiseContext extends TransformContext {
  /** The versions of its PromiseRevisions, newest first. */
  revisions?: string[];
  /** The version of its latest PromiseRevision. */
  latestVersion?: string;
}

/**
 * A Promise as a Component (`spec.type: kratix-promise`) that provides, when the Promise has an API, an API entity
 * (`spec.type: openapi`) generated from the storage version's schema. Pure; the Promise must have a name.
 */
export function promiseToEntities(
  promise: KratixPromise,
  ctx: PromiseContext,
): Entity[] {
  const name = promise.metadata.name!;
  const entityName = promiseEntityName({ cluster: ctx.cluster, name });
  const api = getPromiseApi(promise);
  const owner = promiseOwner(promise, ctx);
  const state = getPromiseState(promise);
  const requiredPromises = Array.isArray(promise.spec?.requiredPromises)
    ? promise.spec!.requiredPromises.filter(
        p => p && typeof p.name === 'string' && p.name,
      )
    : [];
  const version =
    promise.status?.version ??
    promise.metadata.labels?.[KRATIX_LABELS.promiseVersion];
  const apiRef = stringifyEntityRef({
    kind: 'API',
    namespace: ctx.entityNamespace,
    name: entityName,
  });
  const description =
    promise.metadata.annotations?.['backstage.io/description'] ??
    (api
      ? `Kratix Promise offering ${api.kind} (${api.apiVersion}) on cluster ${ctx.cluster}`
      : `Kratix Promise without an API on cluster ${ctx.cluster}`);

  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: entityName,
      namespace: ctx.entityNamespace,
      title: name,
      description,
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, promise),
        [KRATIX_ANNOTATIONS.promise]: name,
        [KRATIX_ANNOTATIONS.status]: state.state,
        [KRATIX_ENTITY_ANNOTATIONS.statusReason]: state.reason,
        [KRATIX_ENTITY_ANNOTATIONS.statusMessage]: state.message,
        [KRATIX_ENTITY_ANNOTATIONS.promiseVersion]: version,
        [KRATIX_ENTITY_ANNOTATIONS.promiseRevisions]: ctx.revisions?.join(','),
        [KRATIX_ENTITY_ANNOTATIONS.latestVersion]: ctx.latestVersion,
        [KRATIX_ENTITY_ANNOTATIONS.apiGroup]: api?.group,
        [KRATIX_ENTITY_ANNOTATIONS.apiKind]: api?.kind,
        [KRATIX_ENTITY_ANNOTATIONS.requiredPromises]: requiredPromises
          .map(p => (p.version ? `${p.name}@${p.version}` : p.name))
          .join(','),
      }),
      tags: ['kratix'],
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.promise,
      lifecycle: 'production',
      owner,
      ...(api && { providesApis: [apiRef] }),
      ...(requiredPromises.length > 0 && {
        dependsOn: requiredPromises.map(p =>
          promiseEntityRef(ctx, ctx.cluster, p.name),
        ),
      }),
    },
  };
  if (!api) return [component];

  const apiEntity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: entityName,
      namespace: ctx.entityNamespace,
      title: `${api.kind} (${api.apiVersion})`,
      description: `The API of the Kratix Promise ${name}: request a ${api.kind} with apiVersion ${api.apiVersion}`,
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, promise),
        [KRATIX_ANNOTATIONS.promise]: name,
        [KRATIX_ENTITY_ANNOTATIONS.apiGroup]: api.group,
        [KRATIX_ENTITY_ANNOTATIONS.apiKind]: api.kind,
      }),
      tags: ['kratix'],
    },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner,
      definition: crdSchemaToOpenApi({
        group: api.group,
        version: api.version,
        kind: api.kind,
        plural: api.plural,
        namespaced: api.scope !== 'Cluster',
        schema: api.schema,
        description,
      }),
    },
  };
  return [component, apiEntity];
}

/** Whether a Promise opted out of Template generation (annotation or label `kratix.backstage.io/generate-template: "false"`). */
export function promiseOptsOutOfTemplate(promise: KratixPromise): boolean {
  const key = KRATIX_ENTITY_ANNOTATIONS.generateTemplate;
  const value =
    promise.metadata.annotations?.[key] ?? promise.metadata.labels?.[key];
  return String(value).trim().toLowerCase() === 'false';
}
