import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KRATIX_HEALTH,
  getParentRequest,
  getResourceHealth,
  getResourceState,
  groupOfApiVersion,
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KRATIX_LABELS,
  KratixResourceHealth,
  KratixResourceRequest,
  resourceRequestEntityName,
  ResourceVersionView,
  withHealth,
} from '@kratix-backstage/plugin-kratix-common';
import { definedStrings, objectAnnotations } from './objectAnnotations';
import { ownerAnnotation } from './ownerAnnotation';
import { promiseEntityRef } from './promiseToEntities';
import { TransformContext } from './types';

/** What the caller found out about a request besides the object itself. */
export interface ResourceRequestContext extends TransformContext {
  /** The owning Promise's name (label, or matched by group and kind). */
  promiseName: string;
  /** `Resource` (default) or `Component`. */
  entityKind: 'Resource' | 'Component';
  /** Add the annotations the core Kubernetes plugin reads (`catalog.providers.kratix.<id>.resourceRequests`). */
  kubernetesAnnotations?: boolean;
  /** Owner after the request's own annotation: the namespace mapping, else the default. */
  namespaceOwner?: string;
  /** Entity refs of the Destinations the request's WorkPlacements target. */
  destinationRefs?: string[];
  /** Entity refs of the Crossplane objects the request's Works produced. */
  crossplaneRefs?: string[];
  /** Entity ref of the parent request, for a compound Promise's sub-request. */
  parentRef?: string;
  /** The Promise version it runs and may move to, from its ResourceBinding. */
  version?: ResourceVersionView;
}

const UPGRADE_STATES = {
  none: undefined,
  succeeded: 'succeeded',
  inProgress: 'in-progress',
  failed: 'failed',
} as const;

function bindingOf(version: ResourceVersionView): string | undefined {
  if (!version.desired) return undefined;
  return version.pinned ? 'pinned' : 'floating';
}

/** The annotations of a request's version view; none for a request of an unversioned Kratix. */
function versionAnnotations(version: ResourceVersionView | undefined) {
  if (!version) return {};
  const known =
    version.running !== undefined && version.latestVersion !== undefined;
  return {
    [KRATIX_ENTITY_ANNOTATIONS.promiseVersion]: version.running,
    [KRATIX_ENTITY_ANNOTATIONS.latestVersion]: version.latestVersion,
    [KRATIX_ENTITY_ANNOTATIONS.desiredVersion]: version.desired,
    [KRATIX_ENTITY_ANNOTATIONS.versionBinding]: bindingOf(version),
    [KRATIX_ENTITY_ANNOTATIONS.upgradeAvailable]: known
      ? String(version.upgradeAvailable)
      : undefined,
    [KRATIX_ENTITY_ANNOTATIONS.upgradeState]:
      UPGRADE_STATES[version.upgrade.state],
    [KRATIX_ENTITY_ANNOTATIONS.upgradeFailedVersion]:
      version.upgrade.state === 'failed'
        ? version.upgrade.failedVersion
        : undefined,
  };
}

/**
 * The owner of a request: what the scaffolder stamped (`kratix.backstage.io/owner`) when it is an entity reference,
 * else the namespace mapping, else the default.
 */
export function resourceRequestOwner(
  rr: KratixResourceRequest,
  ctx: Pick<ResourceRequestContext, 'namespaceOwner' | 'defaultOwner'>,
): string {
  return ownerAnnotation(rr).owner || resourceRequestFallbackOwner(ctx);
}

/** The owner of a request without (or with an unusable) owner annotation: the namespace mapping, else the default. */
export function resourceRequestFallbackOwner(
  ctx: Pick<ResourceRequestContext, 'namespaceOwner' | 'defaultOwner'>,
): string {
  return ctx.namespaceOwner || ctx.defaultOwner;
}

/** The entity ref of a request, by its coordinates. */
export function resourceRequestEntityRef(
  ctx: Pick<ResourceRequestContext, 'entityNamespace' | 'entityKind'>,
  o: {
    cluster: string;
    namespace?: string;
    name: string;
    kind: string;
    group: string;
  },
): string {
  return stringifyEntityRef({
    kind: ctx.entityKind,
    namespace: ctx.entityNamespace,
    name: resourceRequestEntityName(o),
  });
}

// Annotations stay small: beyond this, records go without their details, and beyond that without records.
const HEALTH_RECORDS_MAX_CHARS = 4096;

/** Each HealthRecord as JSON for the `health-records` annotation, or undefined when there are none. */
export function healthRecordsAnnotation(
  health: KratixResourceHealth | undefined,
): string | undefined {
  if (!health?.records.length) return undefined;
  const full = JSON.stringify(health.records);
  if (full.length <= HEALTH_RECORDS_MAX_CHARS) return full;
  const brief = JSON.stringify(
    health.records.map(({ details: _details, ...rest }) => rest),
  );
  return brief.length <= HEALTH_RECORDS_MAX_CHARS ? brief : undefined;
}

/**
 * A resource request as a Resource (or Component) of `spec.type: kratix-resource`, depending on its Promise, its
 * Destinations and its Crossplane objects; with the annotations the core Kubernetes plugin reads when configured.
 */
export function resourceRequestToEntity(
  rr: KratixResourceRequest,
  ctx: ResourceRequestContext,
): Entity {
  const { name, namespace } = rr.metadata as {
    name: string;
    namespace?: string;
  };
  const group = groupOfApiVersion(rr.apiVersion);
  const health = getResourceHealth(rr);
  // The worst HealthRecord drives the entity's state, as it does the entity page's.
  const state = withHealth(getResourceState(rr), health);
  const k8sAnnotations = rr.metadata.annotations ?? {};
  const dependsOn = [
    promiseEntityRef(ctx, ctx.cluster, ctx.promiseName),
    ...(ctx.destinationRefs ?? []),
    ...(ctx.crossplaneRefs ?? []),
  ];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: ctx.entityKind,
    metadata: {
      name: resourceRequestEntityName({
        cluster: ctx.cluster,
        namespace,
        name,
        kind: rr.kind,
        group,
      }),
      namespace: ctx.entityNamespace,
      title: name,
      description: `${rr.kind} ${name}${
        namespace ? ` in namespace ${namespace}` : ''
      }, requested from the Kratix Promise ${ctx.promiseName} on cluster ${
        ctx.cluster
      }`,
      annotations: definedStrings({
        ...objectAnnotations(ctx.cluster, rr),
        [KRATIX_ANNOTATIONS.promise]: ctx.promiseName,
        [KRATIX_ANNOTATIONS.status]: state.state,
        [KRATIX_ENTITY_ANNOTATIONS.statusReason]: state.reason,
        [KRATIX_ENTITY_ANNOTATIONS.statusMessage]: state.message,
        [KRATIX_ANNOTATIONS.owner]: ownerAnnotation(rr).owner,
        [KRATIX_ANNOTATIONS.template]:
          k8sAnnotations[KRATIX_ANNOTATIONS.template],
        [KRATIX_ANNOTATIONS.requestedBy]:
          k8sAnnotations[KRATIX_ANNOTATIONS.requestedBy],
        ...versionAnnotations(ctx.version),
        [ANNOTATION_KRATIX_HEALTH]: health?.state,
        [KRATIX_ENTITY_ANNOTATIONS.healthRecords]:
          healthRecordsAnnotation(health),
        ...(ctx.kubernetesAnnotations && {
          'backstage.io/kubernetes-id': name,
          'backstage.io/kubernetes-namespace': namespace,
          'backstage.io/kubernetes-label-selector': `${KRATIX_LABELS.promiseName}=${ctx.promiseName},${KRATIX_LABELS.resourceName}=${name}`,
        }),
      }),
      tags: [
        'kratix',
        ctx.promiseName
          .toLowerCase()
          .replace(/[^a-z0-9+#-]+/g, '-')
          .slice(0, 63),
      ].filter((t, i, all) => t && all.indexOf(t) === i),
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.resource,
      ...(ctx.entityKind === 'Component' && { lifecycle: 'production' }),
      owner: resourceRequestOwner(rr, ctx),
      dependsOn: Array.from(new Set(dependsOn)),
      ...(ctx.parentRef && { dependencyOf: [ctx.parentRef] }),
    },
  };
}

/** The parent request of a sub-request, as coordinates, when it is part of a compound Promise. */
export function parentRequestOf(rr: KratixResourceRequest) {
  const parent = getParentRequest(rr);
  if (!parent) return undefined;
  return {
    promiseName: parent.promiseName,
    name: parent.name,
    namespace: parent.namespace ?? rr.metadata.namespace,
  };
}
