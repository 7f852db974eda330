import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  findResourceBinding,
  getLatestRevision,
  getPromiseRevisions,
  getResourceVersionView,
  KRATIX_LABELS,
  KratixDestination,
  KratixPromise,
  KratixPromiseRevision,
  KratixResourceBinding,
  KratixResourceRequest,
  KratixWork,
  KratixWorkload,
  KratixWorkPlacement,
  KubernetesObject,
  promiseEntityName,
  ResourceBindingTarget,
} from '@kratix-backstage/plugin-kratix-common';
import {
  CrossplaneKinds,
  CrossplaneObjectShape,
  crossplaneRoleOf,
  decodeWorkload,
  destinationClusterProblem,
  isCompositeResourceDefinition,
  placedObjectRef,
  placementWorkloads,
  trimObjectForCache,
} from '@kratix-backstage/plugin-kratix-node';
import {
  CrossplaneRoot,
  FollowedObject,
  liveId,
} from '../crossplane/followCrossplaneObjects';
import {
  crossplaneEntityRef,
  crossplaneObjectToEntity,
  xrdToApiEntity,
} from './crossplaneToEntities';
import {
  destinationEntityRef,
  destinationToEntity,
} from './destinationToEntity';
import { EntityMemo } from './entityMemo';
import {
  describeObject,
  invalidObjectReason,
  objectAnnotations,
} from './objectAnnotations';
import {
  invalidOwnerAnnotationProblem,
  ownerAnnotation,
} from './ownerAnnotation';
import {
  promiseEntityRef,
  promiseOptsOutOfTemplate,
  promiseOwner,
  promiseToEntities,
} from './promiseToEntities';
import {
  parentRequestOf,
  resourceRequestEntityRef,
  resourceRequestFallbackOwner,
  resourceRequestOwner,
  resourceRequestToEntity,
} from './resourceRequestToEntity';
import type { BuildEntitiesOptions } from './buildEntities';
import type { TransformContext } from './types';

/*
 * The entities of one root object (a Promise, a Destination, a resource request with the Crossplane objects it
 * leads to, an XRD), given what the root reads of the rest of the platform. The full recompute (`buildEntities`)
 * and the incremental one (`IncrementalEntities`) both build entities through these functions, so they apply the
 * same rules; they differ only in how they find what a root reads.
 */

/** Where an entity stands in the order of a full recompute; of two entities with one ref, the earlier is ingested. */
export interface EntityRank {
  /** Promises, Destinations, requests, Crossplane objects, XRDs, in that order. */
  section: number;
  /** The root's sort key within its section. */
  key: string;
  /** The entity's position among its root's entities. */
  index: number;
}

export const SECTION = {
  promise: 0,
  destination: 1,
  request: 2,
  crossplane: 3,
  xrd: 4,
} as const;

const compareKeys = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/** Orders ranks as a full recompute meets the entities. */
export function compareRanks(a: EntityRank, b: EntityRank): number {
  if (a.section !== b.section) return a.section - b.section;
  if (a.key !== b.key) return compareKeys(a.key, b.key);
  return a.index - b.index;
}

/** One entity a root makes. */
export interface RootEntity {
  entity: Entity;
  /** The object in words, for the problem when another object already has the entity's ref. */
  what: string;
  rank: EntityRank;
  /** The live Crossplane object the entity stands for: two roots that reach it make it once, silently. */
  liveId?: string;
}

/** What a root makes: its entities and what could not be ingested. */
export interface RootOutput {
  entities: RootEntity[];
  problems: string[];
}

/** Sort key of a platform object of one kind: namespace, then name. */
export const objectSortKey = (o: KubernetesObject) =>
  `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;

/** Sort key of a resource request: its type, namespace and name (requests of many kinds are sorted together). */
export const requestSortKey = (o: KubernetesObject) =>
  `${o.apiVersion}\u0000${o.kind}\u0000${objectSortKey(o)}`;

/** Sort key of an XRD: its cluster, then name. */
export const xrdSortKey = (cluster: string, o: KubernetesObject) =>
  `${cluster}\u0000${o.metadata.name}`;

/** Sorts objects by a key, as every recompute meets them whatever order the caches list them in. */
export function sortedBy<T>(objects: T[], sortKey: (o: T) => string): T[] {
  return objects
    .map(o => ({ o, k: sortKey(o) }))
    .sort((a, b) => compareKeys(a.k, b.k))
    .map(({ o }) => o);
}

/** The reference of a live object to itself, as Crossplane objects refer to each other. */
export const liveRefOf = (o: KubernetesObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace,
  name: o.metadata.name!,
});

/** A worker's XRDs in the order their kinds are learned: by name (the first to define a kind wins). */
export const workerXrdsInOrder = (xrds: unknown[] | undefined) =>
  sortedBy(
    (xrds ?? []).filter(isCompositeResourceDefinition),
    x => x.metadata?.name ?? '',
  );

export const joinKey = (...parts: Array<string | undefined>) =>
  parts.map(p => p ?? '').join('/');

/** The problem of an object another object's entity already stands for. */
export const duplicateRefProblem = (what: string, ref: string) =>
  `${what} is not ingested: entity ${ref} already stands for another object`;

// Most objects do not change between two recomputes: their entities are made once (see EntityMemo).
const promiseEntities = new EntityMemo(promiseToEntities);
const requestEntities = new EntityMemo(resourceRequestToEntity);
const crossplaneEntities = new EntityMemo(crossplaneObjectToEntity);

function guard<T>(
  problems: string[],
  what: string,
  fn: () => T,
): T | undefined {
  try {
    return fn();
  } catch (error) {
    problems.push(`Skipping ${what}: ${(error as Error).message}`);
    return undefined;
  }
}

function checkOwner(
  problems: string[],
  what: string,
  object: KubernetesObject,
  fallback: string,
) {
  const { invalid } = ownerAnnotation(object);
  if (invalid !== undefined)
    problems.push(invalidOwnerAnnotationProblem(what, invalid, fallback));
}

const contextOf = (
  options: BuildEntitiesOptions,
  cluster: string,
): TransformContext => ({
  cluster,
  entityNamespace: options.entityNamespace,
  defaultOwner: options.defaultOwner,
});

/** A Promise's revisions, newest version first, and the one `latest` stands for. */
export interface PromiseVersions {
  revisions: KratixPromiseRevision[];
  latest?: KratixPromiseRevision;
}

/** A revision the transformers can use: one that names its version. */
export const isUsableRevision = (r: KratixPromiseRevision) =>
  typeof r.spec?.version === 'string';

/** The Promise a ResourceBinding the transformers can use is for; undefined for one they cannot use. */
export const usableBindingPromise = (b: KratixResourceBinding) =>
  typeof b.spec?.version === 'string'
    ? b.metadata.labels?.[KRATIX_LABELS.promiseName] || undefined
    : undefined;

/** The versions of the Promise `name` among `revisions` (usable ones, of any Promise). */
export function promiseVersionsOf(
  name: string,
  revisions: ReadonlyArray<KratixPromiseRevision>,
): PromiseVersions {
  const own = getPromiseRevisions(name, revisions);
  return { revisions: own, latest: getLatestRevision(own) };
}

/** A Promise's Component and API, and its Template when templates are on. */
export function promiseRoot(
  promise: KratixPromise,
  platform: string,
  options: BuildEntitiesOptions,
  versions: PromiseVersions,
): RootOutput {
  const out: RootOutput = { entities: [], problems: [] };
  const ctx = contextOf(options, platform);
  const what = describeObject(platform, promise);
  const key = promise.metadata.name!;
  const add = (entity: Entity, w: string) =>
    out.entities.push({
      entity,
      what: w,
      rank: { section: SECTION.promise, key, index: out.entities.length },
    });
  checkOwner(out.problems, what, promise, ctx.defaultOwner);
  const entities = guard(out.problems, what, () =>
    promiseEntities.get(promise, {
      ...ctx,
      revisions: versions.revisions.length
        ? versions.revisions.map(r => r.spec.version)
        : undefined,
      latestVersion: versions.latest?.spec.version,
    }),
  );
  entities?.forEach(e => add(e, what));
  const toTemplate = options.templates.promiseToTemplate;
  if (!entities || !options.templates.enabled || !toTemplate) return out;
  if (promiseOptsOutOfTemplate(promise)) return out;
  const template = guard(out.problems, `the Template of ${what}`, () =>
    toTemplate(promise, {
      cluster: platform,
      entityNamespace: options.entityNamespace,
      owner: promiseOwner(promise, ctx),
      promiseEntityRef: promiseEntityRef(ctx, platform, key),
    }),
  );
  if (template) {
    // Named like the Promise's own entity, so Promises of the same name on
    // two platform clusters give two Templates; located where the Promise is.
    template.metadata.name = promiseEntityName({
      cluster: platform,
      name: key,
    });
    template.metadata.annotations = {
      ...template.metadata.annotations,
      ...objectAnnotations(platform, promise),
    };
    add(template, `the Template of ${what}`);
  }
  return out;
}

/** A Destination's Resource, and the configured cluster it stands for. */
export function destinationRoot(
  destination: KratixDestination,
  platform: string,
  options: BuildEntitiesOptions,
): RootOutput & { cluster?: string } {
  const out: RootOutput = { entities: [], problems: [] };
  const name = destination.metadata.name!;
  const what = describeObject(platform, destination);
  let cluster = guard(out.problems, what, () =>
    options.destinationCluster(destination),
  );
  if (cluster && !options.isKnownCluster(cluster)) {
    out.problems.push(destinationClusterProblem(name, cluster));
    cluster = undefined;
  }
  out.entities.push({
    entity: destinationToEntity(destination, {
      ...contextOf(options, platform),
      destinationCluster: cluster,
    }),
    what,
    rank: { section: SECTION.destination, key: name, index: 0 },
  });
  return { ...out, cluster };
}

/** What one WorkPlacement placed, for the request it belongs to. */
export interface Placement {
  /** `<promise>/<namespace>/<name>` of the request, when the placement names one. */
  requestKey?: string;
  destination: string;
  /** The configured cluster of the Destination, when known and Crossplane is on. */
  cluster?: string;
  /** XRDs among the objects placed (they define Crossplane kinds on `cluster`). */
  xrds: KubernetesObject[];
  /** The other objects placed, when the placement names a request. */
  objects: PlacedObject[];
}

/**
 * What a request's entities read of an object a Work placed: where it lands, and the parts of its spec that tell its
 * Crossplane role (see `crossplaneRoleOf`). The role is worked out again whenever the cluster's XRDs change, so these
 * are kept rather than the role.
 */
export type PlacedObject = CrossplaneObjectShape &
  Pick<KubernetesObject, 'metadata'>;

/** The spec fields `crossplaneRoleOf` reads of an object that no XRD defines. */
const ROLE_FIELDS = [
  'crossplane',
  'resourceRefs',
  'claimRef',
  'resourceRef',
  'forProvider',
] as const;

function placedObjectOf(object: KubernetesObject): PlacedObject {
  const spec = (object as { spec?: unknown }).spec;
  const hints: Record<string, unknown> = {};
  if (typeof spec === 'object' && spec !== null) {
    for (const field of ROLE_FIELDS) {
      const value = (spec as Record<string, unknown>)[field];
      if (value !== undefined) hints[field] = value;
    }
  }
  // A copy through JSON: a parser's strings are slices of the workload's YAML, which each would keep whole. Then the
  // informer caches' trim, for one shared instance of each short string (types and namespaces repeat by the
  // thousand, and a name is the one its claim's cached object has).
  return trimObjectForCache(
    JSON.parse(
      JSON.stringify({
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: {
          name: object.metadata.name,
          namespace: object.metadata.namespace,
        },
        ...(Object.keys(hints).length > 0 && { spec: hints }),
      }),
    ),
  );
}

type DecodedWorkload =
  | { xrds: KubernetesObject[]; objects: PlacedObject[] }
  | { error: unknown };

/**
 * What each workload placed, by the workload object the informer cache holds: decoded once, and kept as
 * {@link PlacedObject}s and XRDs only. Keeping every decoded object whole, as `decodeWorkloadOnce` does for the
 * backend plugin's few reads, would hold a second copy of every claim the Works carry for as long as they are cached.
 */
const placedOfWorkload = new WeakMap<object, DecodedWorkload>();

function placedOnce(workload: KratixWorkload): {
  xrds: KubernetesObject[];
  objects: PlacedObject[];
} {
  const decode = (): DecodedWorkload => {
    try {
      const out = {
        xrds: [] as KubernetesObject[],
        objects: [] as PlacedObject[],
      };
      for (const object of decodeWorkload(workload)) {
        if (invalidObjectReason(object)) continue;
        if (isCompositeResourceDefinition(object)) out.xrds.push(object);
        else out.objects.push(placedObjectOf(object));
      }
      return out;
    } catch (error) {
      return { error };
    }
  };
  if (typeof workload !== 'object' || workload === null) {
    const result = decode();
    if ('error' in result) throw result.error;
    return result;
  }
  let result = placedOfWorkload.get(workload);
  if (!result) {
    result = decode();
    placedOfWorkload.set(workload, result);
  }
  if ('error' in result) throw result.error;
  return result;
}

/** The key of a Work a WorkPlacement belongs to (its `kratix.io/work` label). */
export const workKeyOf = (wp: KratixWorkPlacement) =>
  joinKey(wp.metadata.namespace, wp.metadata.labels?.[KRATIX_LABELS.work]);

/** The Destination a WorkPlacement targets, or undefined when it names none. */
export const placementDestination = (wp: KratixWorkPlacement) =>
  wp.spec?.targetDestinationName ||
  wp.metadata.labels?.[KRATIX_LABELS.targetDestinationName];

/**
 * What a WorkPlacement placed where, with the Work it belongs to; undefined for a misplaced one (Kratix keeps it
 * only until its objects are gone) or one with no Destination (a problem then says so).
 */
export function placementOf(
  wp: KratixWorkPlacement,
  work: KratixWork | undefined,
  destinationCluster: (destination: string) => string | undefined,
  platform: string,
  options: BuildEntitiesOptions,
  problems: string[],
): Placement | undefined {
  const labels = wp.metadata.labels ?? {};
  if (labels[KRATIX_LABELS.misplaced] === 'true') return undefined;
  const workLabels = work?.metadata.labels ?? {};
  const promiseName =
    work?.spec?.promiseName ||
    wp.spec?.promiseName ||
    labels[KRATIX_LABELS.promiseName];
  const resourceName =
    work?.spec?.resourceName ||
    wp.spec?.resourceName ||
    labels[KRATIX_LABELS.resourceName];
  const resourceNamespace =
    workLabels[KRATIX_LABELS.resourceNamespace] || wp.metadata.namespace;
  const destination = placementDestination(wp);
  if (!destination) {
    problems.push(
      `Skipping ${describeObject(
        platform,
        wp,
      )}: spec.targetDestinationName is missing`,
    );
    return undefined;
  }
  const placement: Placement = {
    requestKey: resourceName
      ? joinKey(promiseName, resourceNamespace, resourceName)
      : undefined,
    destination,
    xrds: [],
    objects: [],
  };
  const cluster = destinationCluster(destination);
  if (!cluster || !options.crossplane.enabled) return placement;
  placement.cluster = cluster;
  for (const workload of placementWorkloads(wp, work)) {
    const placed = guard(
      problems,
      `a workload of ${describeObject(platform, wp)}`,
      () => placedOnce(workload),
    );
    if (!placed) continue;
    placement.xrds.push(...placed.xrds);
    if (placement.requestKey) placement.objects.push(...placed.objects);
  }
  return placement;
}

/** What a resource request reads of the rest of the platform. */
export interface RequestLookups {
  /** The Promise a request belongs to (by label, else by the type of its API). */
  owningPromiseName(rr: KratixResourceRequest): string | undefined;
  /** The API of a Promise, by name. */
  promiseApi(
    name: string,
  ): { scope: string; kind: string; group: string } | undefined;
  /** The placements of a request, in the order of their WorkPlacements. */
  placements(requestKey: string): Placement[];
  /** The Crossplane kinds the XRDs define on a cluster. */
  kindsOf(cluster: string): CrossplaneKinds;
  /** Usable ResourceBindings among which the request's is (all of its Promise's will do). */
  bindings(target: ResourceBindingTarget): KratixResourceBinding[];
  /** The latest revision of a known Promise. */
  latestRevision(promiseName: string): KratixPromiseRevision | undefined;
}

/** A request's entity and where following its Crossplane objects starts. */
export function requestRoot(
  rr: KratixResourceRequest,
  platform: string,
  options: BuildEntitiesOptions,
  look: RequestLookups,
): RootOutput & { roots: CrossplaneRoot[]; requestKey?: string } {
  const out = {
    entities: [] as RootEntity[],
    problems: [] as string[],
    roots: [] as CrossplaneRoot[],
    requestKey: undefined as string | undefined,
  };
  const { name, namespace } = rr.metadata;
  const { include, exclude } = options.namespaces;
  const inScope =
    (!include || (namespace !== undefined && include.includes(namespace))) &&
    !(namespace !== undefined && exclude.includes(namespace));
  if (!inScope) return out;
  const ctx = contextOf(options, platform);
  const what = describeObject(platform, rr);
  const promiseName = look.owningPromiseName(rr);
  if (!promiseName) {
    out.problems.push(
      `Skipping ${what}: no Promise offers ${rr.kind} (${rr.apiVersion}) and it has no ${KRATIX_LABELS.promiseName} label`,
    );
    return out;
  }
  const requestKey = joinKey(promiseName, namespace, name);
  out.requestKey = requestKey;
  const namespaceOwner = namespace
    ? options.ownerByNamespace[namespace]
    : undefined;
  const owners = { namespaceOwner, defaultOwner: options.defaultOwner };
  checkOwner(out.problems, what, rr, resourceRequestFallbackOwner(owners));
  const owner = resourceRequestOwner(rr, owners);
  const requestCtx = {
    ...ctx,
    entityKind: options.requestEntityKind,
    kubernetesAnnotations: options.requestKubernetesAnnotations ?? false,
  };
  const crossplaneRefs: string[] = [];
  const destinations = new Set<string>();
  for (const placement of look.placements(requestKey)) {
    destinations.add(placement.destination);
    const cluster = placement.cluster;
    if (!cluster) continue;
    const kinds = look.kindsOf(cluster);
    for (const object of placement.objects) {
      const role = crossplaneRoleOf(object, kinds);
      if (!role || (role === 'managed' && !options.crossplane.managedResources))
        continue;
      const ref = placedObjectRef(object, kinds);
      out.roots.push({
        cluster,
        destination: placement.destination,
        ref,
        role,
        owner,
      });
      crossplaneRefs.push(
        crossplaneEntityRef(options.entityNamespace, { cluster, ...ref }),
      );
    }
  }
  const parent = parentRequestOf(rr);
  let parentRef: string | undefined;
  if (parent) {
    const parentApi = look.promiseApi(parent.promiseName);
    if (parentApi) {
      parentRef = resourceRequestEntityRef(requestCtx, {
        cluster: platform,
        namespace: parentApi.scope === 'Cluster' ? undefined : parent.namespace,
        name: parent.name,
        kind: parentApi.kind,
        group: parentApi.group,
      });
    } else {
      out.problems.push(
        `${what} is part of a request of Promise '${parent.promiseName}', which is not known; it is ingested without that relation`,
      );
    }
  }
  const target = { promiseName, name: name!, namespace: namespace ?? '' };
  const binding = findResourceBinding(target, look.bindings(target));
  const latest = look.latestRevision(promiseName);
  // A Kratix without Promise versions has neither revisions nor bindings: its requests get no version view.
  const version =
    binding || latest || rr.status?.promiseVersion
      ? getResourceVersionView(rr, binding, latest)
      : undefined;
  const entity = guard(out.problems, what, () =>
    requestEntities.get(rr, {
      ...requestCtx,
      promiseName,
      namespaceOwner,
      destinationRefs: Array.from(destinations, d =>
        destinationEntityRef(ctx, d),
      ),
      crossplaneRefs,
      parentRef,
      version,
    }),
  );
  if (entity)
    out.entities.push({
      entity,
      what,
      rank: { section: SECTION.request, key: requestSortKey(rr), index: 0 },
    });
  return out;
}

/** The entities of Crossplane objects followed from roots; `key` is the sort key of the request they came from. */
export function crossplaneEntitiesOf(
  objects: Array<FollowedObject & { key: string; index: number }>,
  options: BuildEntitiesOptions,
): RootOutput {
  const out: RootOutput = { entities: [], problems: [] };
  for (const node of objects) {
    const what = describeObject(node.cluster, node.object);
    const entity = guard(out.problems, what, () =>
      crossplaneEntities.get(node.object, {
        cluster: node.cluster,
        entityNamespace: options.entityNamespace,
        defaultOwner: options.defaultOwner,
        role: node.role,
        owner: node.owner,
        destination: node.destination,
        dependsOn: node.children.map(ref =>
          crossplaneEntityRef(options.entityNamespace, {
            cluster: node.cluster,
            ...ref,
          }),
        ),
      }),
    );
    if (entity)
      out.entities.push({
        entity,
        what,
        rank: { section: SECTION.crossplane, key: node.key, index: node.index },
        liveId: liveId(node.cluster, liveRefOf(node.object)),
      });
  }
  return out;
}

/** The API entity of an XRD read on a worker cluster. */
export function xrdRoot(
  xrd: CompositeResourceDefinition,
  cluster: string,
  options: BuildEntitiesOptions,
): RootOutput {
  const out: RootOutput = { entities: [], problems: [] };
  const what = describeObject(cluster, xrd);
  const entity = guard(out.problems, what, () => {
    const api = xrdToApiEntity(xrd, contextOf(options, cluster));
    if (!api)
      throw new Error('it has no spec.group, spec.names or spec.versions');
    return api;
  });
  if (entity)
    out.entities.push({
      entity,
      what,
      rank: { section: SECTION.xrd, key: xrdSortKey(cluster, xrd), index: 0 },
    });
  return out;
}

/** The ref of a root's entity. */
export const refOf = (e: RootEntity) => stringifyEntityRef(e.entity);
