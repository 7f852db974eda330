import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  findResourceBinding,
  getLatestRevision,
  getPromiseApi,
  getPromiseRevisions,
  getResourceVersionView,
  KRATIX_LABELS,
  KratixDestination,
  KratixPromise,
  KratixPromiseRevision,
  KratixResourceBinding,
  KratixResourceRequest,
  KratixWork,
  KratixWorkPlacement,
  KubernetesObject,
  promiseEntityName,
  promiseOwnerLookup,
} from '@kratix-backstage/plugin-kratix-common';
import {
  CrossplaneKinds,
  crossplaneRoleOf,
  decodeWorkloadOnce,
  destinationClusterProblem,
  isCompositeResourceDefinition,
  placedObjectRef,
  placementWorkloads,
} from '@kratix-backstage/plugin-kratix-node';
import {
  CrossplaneRoot,
  followCrossplaneObjects,
  liveKey,
  WatchTarget,
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
import { EntityMemo } from './entityMemo';
import { PromiseToTemplate, TransformContext } from './types';

export type { WatchTarget } from '../crossplane/followCrossplaneObjects';

/**
 * Everything read from the clusters, as raw (unvalidated) objects.
 *
 * @public
 */
export interface KratixSnapshot {
  /** The platform cluster's name. */
  platformCluster: string;
  promises: unknown[];
  destinations: unknown[];
  works: unknown[];
  workPlacements: unknown[];
  /** Resource requests of every Promise API. */
  requests: unknown[];
  /** PromiseRevisions (without their copy of the Promise's spec is enough). */
  promiseRevisions?: unknown[];
  /** ResourceBindings of the requests. */
  resourceBindings?: unknown[];
  /** Per worker cluster: its XRDs, and the Crossplane objects read live there. */
  workers: Record<string, { xrds: unknown[]; objects: unknown[] }>;
}

/**
 * How to turn a snapshot into entities.
 *
 * @public
 */
export interface BuildEntitiesOptions {
  entityNamespace: string;
  defaultOwner: string;
  ownerByNamespace: Record<string, string>;
  requestEntityKind: 'Resource' | 'Component';
  /** Give requests the annotations the core Kubernetes plugin reads. Default false. */
  requestKubernetesAnnotations?: boolean;
  namespaces: { include?: string[]; exclude: string[] };
  templates: { enabled: boolean; promiseToTemplate?: PromiseToTemplate };
  crossplane: { enabled: boolean; managedResources: boolean; xrds: boolean };
  /** The cluster name a Destination stands for, or undefined when unknown. */
  destinationCluster(destination: KratixDestination): string | undefined;
  /** Whether a cluster name is configured under `kratix.clusters`. */
  isKnownCluster(cluster: string): boolean;
}

/**
 * The result of {@link buildEntities}.
 *
 * @public
 */
export interface BuildEntitiesResult {
  entities: Entity[];
  /** What could not be ingested, and why, one sentence each. */
  problems: string[];
  /** Worker clusters the Destinations stand for (and that are configured). */
  workerClusters: string[];
  /** Crossplane kinds to read live, per cluster. */
  watch: WatchTarget[];
}

interface PlacedObject {
  cluster: string;
  destination: string;
  object: KubernetesObject;
}

const key = (...parts: Array<string | undefined>) =>
  parts.map(p => p ?? '').join('/');
// Most objects do not change between two recomputes: their entities are made once (see EntityMemo).
const promiseEntities = new EntityMemo(promiseToEntities);
const requestEntities = new EntityMemo(resourceRequestToEntity);
const crossplaneEntities = new EntityMemo(crossplaneObjectToEntity);

/**
 * Turns everything read from the clusters into catalog entities. Pure: the same snapshot always gives the same
 * entities. Malformed objects are skipped with a reason in `problems`; the rest still ingests. An entity made of an
 * object that has not changed since an earlier call is that call's very entity object: read the entities, never
 * change them.
 *
 * @public
 */
export function buildEntities(
  snapshot: KratixSnapshot,
  options: BuildEntitiesOptions,
): BuildEntitiesResult {
  const platform = snapshot.platformCluster;
  const problems: string[] = [];
  const byRef = new Map<string, Entity>();
  let watch: WatchTarget[] = [];
  const ctx: TransformContext = {
    cluster: platform,
    entityNamespace: options.entityNamespace,
    defaultOwner: options.defaultOwner,
  };

  const add = (entity: Entity, source: string) => {
    const ref = stringifyEntityRef(entity);
    if (byRef.has(ref)) {
      problems.push(
        `${source} is not ingested: entity ${ref} already stands for another object`,
      );
      return;
    }
    byRef.set(ref, entity);
  };
  const valid = <T>(objects: unknown[], cluster: string, what: string): T[] =>
    (Array.isArray(objects) ? objects : []).filter(o => {
      const reason = invalidObjectReason(o);
      if (reason)
        problems.push(
          `Skipping ${describeObject(cluster, o)} (${what}): ${reason}`,
        );
      return !reason;
    }) as T[];
  const checkOwner = (
    what: string,
    object: KubernetesObject,
    fallback: string,
  ) => {
    const { invalid } = ownerAnnotation(object);
    if (invalid !== undefined)
      problems.push(invalidOwnerAnnotationProblem(what, invalid, fallback));
  };
  const guard = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      problems.push(`Skipping ${what}: ${(error as Error).message}`);
      return undefined;
    }
  };

  // Promises → Component + API (+ Template), with their revisions.
  const promises = valid<KratixPromise>(snapshot.promises, platform, 'Promise');
  const revisions = valid<KratixPromiseRevision>(
    snapshot.promiseRevisions ?? [],
    platform,
    'PromiseRevision',
  ).filter(r => typeof r.spec?.version === 'string');
  const versionsOf = new Map(
    promises.map(p => {
      const own = getPromiseRevisions(p.metadata.name!, revisions);
      return [p.metadata.name!, { own, latest: getLatestRevision(own) }];
    }),
  );
  for (const promise of promises) {
    const what = describeObject(platform, promise);
    checkOwner(what, promise, ctx.defaultOwner);
    const versions = versionsOf.get(promise.metadata.name!)!;
    const entities = guard(what, () =>
      promiseEntities.get(promise, {
        ...ctx,
        revisions: versions.own.length
          ? versions.own.map(r => r.spec.version)
          : undefined,
        latestVersion: versions.latest?.spec.version,
      }),
    );
    entities?.forEach(e => add(e, what));
    if (
      !entities ||
      !options.templates.enabled ||
      !options.templates.promiseToTemplate
    )
      continue;
    if (promiseOptsOutOfTemplate(promise)) continue;
    const template = guard(`the Template of ${what}`, () =>
      options.templates.promiseToTemplate!(promise, {
        cluster: platform,
        entityNamespace: options.entityNamespace,
        owner: promiseOwner(promise, ctx),
        promiseEntityRef: promiseEntityRef(
          ctx,
          platform,
          promise.metadata.name!,
        ),
      }),
    );
    if (template) {
      // Named like the Promise's own entity, so Promises of the same name on
      // two platform clusters give two Templates; located where the Promise is.
      template.metadata.name = promiseEntityName({
        cluster: platform,
        name: promise.metadata.name!,
      });
      template.metadata.annotations = {
        ...template.metadata.annotations,
        ...objectAnnotations(platform, promise),
      };
      add(template, `the Template of ${what}`);
    }
  }

  // Destinations → Resource; which cluster each stands for.
  const destinationClusters = new Map<string, string>();
  const workerClusters = new Set<string>();
  for (const destination of valid<KratixDestination>(
    snapshot.destinations,
    platform,
    'Destination',
  )) {
    const name = destination.metadata.name!;
    let cluster = guard(describeObject(platform, destination), () =>
      options.destinationCluster(destination),
    );
    if (cluster && !options.isKnownCluster(cluster)) {
      problems.push(destinationClusterProblem(name, cluster));
      cluster = undefined;
    }
    if (cluster) {
      destinationClusters.set(name, cluster);
      workerClusters.add(cluster);
    }
    add(
      destinationToEntity(destination, { ...ctx, destinationCluster: cluster }),
      describeObject(platform, destination),
    );
  }

  // What Works placed where: decoded per WorkPlacement, keyed by the request they belong to.
  const works = new Map<string, KratixWork>();
  for (const work of valid<KratixWork>(snapshot.works, platform, 'Work')) {
    works.set(key(work.metadata.namespace, work.metadata.name), work);
  }
  const placedByRequest = new Map<string, PlacedObject[]>();
  const destinationsByRequest = new Map<string, Set<string>>();
  const xrdsByCluster = new Map<string, CrossplaneKinds>();
  const kindsOf = (cluster: string) => {
    let kinds = xrdsByCluster.get(cluster);
    if (!kinds) xrdsByCluster.set(cluster, (kinds = new CrossplaneKinds()));
    return kinds;
  };
  for (const [cluster, worker] of Object.entries(snapshot.workers)) {
    for (const xrd of worker.xrds ?? []) kindsOf(cluster).add(xrd);
  }
  for (const wp of valid<KratixWorkPlacement>(
    snapshot.workPlacements,
    platform,
    'WorkPlacement',
  )) {
    const labels = wp.metadata.labels ?? {};
    if (labels[KRATIX_LABELS.misplaced] === 'true') continue;
    const work = works.get(
      key(wp.metadata.namespace, labels[KRATIX_LABELS.work]),
    );
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
    const destination =
      wp.spec?.targetDestinationName ||
      labels[KRATIX_LABELS.targetDestinationName];
    if (!destination) {
      problems.push(
        `Skipping ${describeObject(
          platform,
          wp,
        )}: spec.targetDestinationName is missing`,
      );
      continue;
    }
    const requestKey = resourceName
      ? key(promiseName, resourceNamespace, resourceName)
      : undefined;
    if (requestKey) {
      const set = destinationsByRequest.get(requestKey) ?? new Set<string>();
      set.add(destination);
      destinationsByRequest.set(requestKey, set);
    }
    const cluster = destinationClusters.get(destination);
    if (!cluster || !options.crossplane.enabled) continue;
    for (const workload of placementWorkloads(wp, work)) {
      const objects = guard(
        `a workload of ${describeObject(platform, wp)}`,
        () => decodeWorkloadOnce(workload),
      );
      for (const object of objects ?? []) {
        if (invalidObjectReason(object)) continue;
        const obj = object as KubernetesObject;
        if (isCompositeResourceDefinition(obj)) {
          kindsOf(cluster).add(obj);
          continue;
        }
        if (!requestKey) continue;
        const placed = placedByRequest.get(requestKey) ?? [];
        placed.push({ cluster, destination, object: obj });
        placedByRequest.set(requestKey, placed);
      }
    }
  }

  // Resource requests → Resource (or Component).
  const requests = valid<KratixResourceRequest>(
    snapshot.requests,
    platform,
    'resource request',
  );
  const include = options.namespaces.include;
  const inScope = (ns: string | undefined) =>
    (!include || (ns !== undefined && include.includes(ns))) &&
    !(ns !== undefined && options.namespaces.exclude.includes(ns));
  const promiseByName = new Map(promises.map(p => [p.metadata.name!, p]));
  const bindingsByPromise = new Map<string, KratixResourceBinding[]>();
  for (const binding of valid<KratixResourceBinding>(
    snapshot.resourceBindings ?? [],
    platform,
    'ResourceBinding',
  )) {
    const promiseName = binding.metadata.labels?.[KRATIX_LABELS.promiseName];
    if (!promiseName || typeof binding.spec?.version !== 'string') continue;
    const list = bindingsByPromise.get(promiseName) ?? [];
    list.push(binding);
    bindingsByPromise.set(promiseName, list);
  }
  const owningPromiseName = promiseOwnerLookup(promises);
  const roots: CrossplaneRoot[] = [];
  const requestCtx = {
    ...ctx,
    entityKind: options.requestEntityKind,
    kubernetesAnnotations: options.requestKubernetesAnnotations ?? false,
  };
  // A Kratix without Promise versions has neither revisions nor bindings: its requests get no version view.
  const versionView = (rr: KratixResourceRequest, promiseName: string) => {
    const binding = findResourceBinding(
      {
        promiseName,
        name: rr.metadata.name!,
        namespace: rr.metadata.namespace ?? '',
      },
      bindingsByPromise.get(promiseName) ?? [],
    );
    const latest = versionsOf.get(promiseName)?.latest;
    if (!binding && !latest && !rr.status?.promiseVersion) return undefined;
    return getResourceVersionView(rr, binding, latest);
  };
  for (const rr of requests) {
    const { name, namespace } = rr.metadata;
    if (!inScope(namespace)) continue;
    const what = describeObject(platform, rr);
    const promiseName = owningPromiseName(rr);
    if (!promiseName) {
      problems.push(
        `Skipping ${what}: no Promise offers ${rr.kind} (${rr.apiVersion}) and it has no ${KRATIX_LABELS.promiseName} label`,
      );
      continue;
    }
    const requestKey = key(promiseName, namespace, name);
    const owners = {
      namespaceOwner: namespace
        ? options.ownerByNamespace[namespace]
        : undefined,
      defaultOwner: options.defaultOwner,
    };
    checkOwner(what, rr, resourceRequestFallbackOwner(owners));
    const owner = resourceRequestOwner(rr, owners);
    const crossplaneRefs: string[] = [];
    for (const placed of placedByRequest.get(requestKey) ?? []) {
      const kinds = kindsOf(placed.cluster);
      const role = crossplaneRoleOf(placed.object, kinds);
      if (!role || (role === 'managed' && !options.crossplane.managedResources))
        continue;
      const ref = placedObjectRef(placed.object, kinds);
      roots.push({
        cluster: placed.cluster,
        destination: placed.destination,
        ref,
        role,
        owner,
      });
      crossplaneRefs.push(
        crossplaneEntityRef(options.entityNamespace, {
          cluster: placed.cluster,
          ...ref,
        }),
      );
    }
    const parent = parentRequestOf(rr);
    let parentRef: string | undefined;
    if (parent) {
      const parentApi = getPromiseApi(promiseByName.get(parent.promiseName));
      if (parentApi) {
        parentRef = resourceRequestEntityRef(requestCtx, {
          cluster: platform,
          namespace:
            parentApi.scope === 'Cluster' ? undefined : parent.namespace,
          name: parent.name,
          kind: parentApi.kind,
          group: parentApi.group,
        });
      } else {
        problems.push(
          `${what} is part of a request of Promise '${parent.promiseName}', which is not known; it is ingested without that relation`,
        );
      }
    }
    const entity = guard(what, () =>
      requestEntities.get(rr, {
        ...requestCtx,
        promiseName,
        namespaceOwner: namespace
          ? options.ownerByNamespace[namespace]
          : undefined,
        destinationRefs: Array.from(
          destinationsByRequest.get(requestKey) ?? [],
          d => destinationEntityRef(ctx, d),
        ),
        crossplaneRefs,
        parentRef,
        version: versionView(rr, promiseName),
      }),
    );
    if (entity) add(entity, what);
  }

  // Crossplane objects, read live on the cluster their Destination stands for, following refs (never by category).
  if (options.crossplane.enabled) {
    const live = new Map<string, Map<string, KubernetesObject>>();
    for (const [cluster, worker] of Object.entries(snapshot.workers)) {
      const index = new Map<string, KubernetesObject>();
      for (const o of valid<KubernetesObject>(
        worker.objects ?? [],
        cluster,
        'Crossplane object',
      )) {
        index.set(
          liveKey({
            apiVersion: o.apiVersion,
            kind: o.kind,
            namespace: o.metadata.namespace,
            name: o.metadata.name!,
          }),
          o,
        );
      }
      live.set(cluster, index);
    }
    const followed = followCrossplaneObjects(roots, {
      live,
      xrds: xrdsByCluster,
      managedResources: options.crossplane.managedResources,
    });
    watch = followed.watch;
    for (const node of followed.objects) {
      const what = describeObject(node.cluster, node.object);
      const entity = guard(what, () =>
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
      if (entity) add(entity, what);
    }

    if (options.crossplane.xrds) {
      for (const [cluster, worker] of Object.entries(snapshot.workers)) {
        for (const xrd of valid<CompositeResourceDefinition>(
          worker.xrds ?? [],
          cluster,
          'XRD',
        )) {
          const entity = guard(describeObject(cluster, xrd), () => {
            const api = xrdToApiEntity(xrd, { ...ctx, cluster });
            if (!api)
              throw new Error(
                'it has no spec.group, spec.names or spec.versions',
              );
            return api;
          });
          if (entity) add(entity, describeObject(cluster, xrd));
        }
      }
    }
  }

  return {
    entities: Array.from(byRef.values()),
    problems,
    workerClusters: Array.from(workerClusters).sort(),
    watch,
  };
}
