import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  CompositeResourceRefs,
  getOwningPromiseName,
  getPromiseApi,
  groupOfApiVersion,
  KRATIX_LABELS,
  KratixDestination,
  KratixPromise,
  KratixResourceRequest,
  KratixWork,
  KratixWorkPlacement,
  KubernetesObject,
  ObjectReference,
  promiseEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { decodeWorkloadOnce } from '../crossplane/decodeWorkloads';
import {
  crossplaneEntityRef,
  crossplaneObjectToEntity,
  CrossplaneRole,
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
import { PromiseToTemplate, TransformContext } from './types';

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
 * A kind to read live on a cluster.
 *
 * @public
 */
export interface WatchTarget {
  cluster: string;
  apiVersion: string;
  kind: string;
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

interface XrdKind {
  role: 'claim' | 'xr';
  namespaced: boolean;
}

interface PlacedObject {
  cluster: string;
  destination: string;
  object: KubernetesObject;
}

const MAX_COMPOSITION_DEPTH = 8;

const key = (...parts: Array<string | undefined>) =>
  parts.map(p => p ?? '').join('/');
const typeKey = (apiVersion: string, kind: string) =>
  `${groupOfApiVersion(apiVersion)}/${kind}`;

function xrdKinds(xrd: CompositeResourceDefinition): Array<[string, XrdKind]> {
  const spec = xrd?.spec;
  if (!spec?.group || !spec.names?.kind) return [];
  const v2 = String(xrd.apiVersion).endsWith('/v2');
  const scope = spec.scope ?? (v2 ? 'Namespaced' : 'Cluster');
  const out: Array<[string, XrdKind]> = [
    [
      `${spec.group}/${spec.names.kind}`,
      { role: 'xr', namespaced: scope === 'Namespaced' },
    ],
  ];
  if (spec.claimNames?.kind) {
    out.push([
      `${spec.group}/${spec.claimNames.kind}`,
      { role: 'claim', namespaced: true },
    ]);
  }
  return out;
}

function isXrd(o: unknown): o is CompositeResourceDefinition {
  const obj = o as KubernetesObject | undefined;
  return (
    obj?.kind === 'CompositeResourceDefinition' &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('apiextensions.crossplane.io/')
  );
}

/**
 * Turns everything read from the clusters into catalog entities. Pure: the same snapshot always gives the same
 * entities. Malformed objects are skipped with a reason in `problems`; the rest still ingests.
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
  const watch = new Map<string, WatchTarget>();
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

  // Promises → Component + API (+ Template).
  const promises = valid<KratixPromise>(snapshot.promises, platform, 'Promise');
  for (const promise of promises) {
    const what = describeObject(platform, promise);
    checkOwner(what, promise, ctx.defaultOwner);
    const entities = guard(what, () => promiseToEntities(promise, ctx));
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
      problems.push(
        `Destination '${name}' stands for cluster '${cluster}', which is not configured under kratix.clusters; its Crossplane objects are not read`,
      );
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
  const xrdsByCluster = new Map<string, Map<string, XrdKind>>();
  const addXrd = (cluster: string, xrd: CompositeResourceDefinition) => {
    const index = xrdsByCluster.get(cluster) ?? new Map<string, XrdKind>();
    xrdsByCluster.set(cluster, index);
    for (const [k, v] of xrdKinds(xrd)) if (!index.has(k)) index.set(k, v);
  };
  for (const [cluster, worker] of Object.entries(snapshot.workers)) {
    for (const xrd of worker.xrds ?? []) if (isXrd(xrd)) addXrd(cluster, xrd);
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
    const workloads = Array.isArray(wp.spec?.workloads)
      ? wp.spec!.workloads
      : [];
    for (const workload of workloads) {
      const objects = guard(
        `a workload of ${describeObject(platform, wp)}`,
        () => decodeWorkloadOnce(workload),
      );
      for (const object of objects ?? []) {
        if (invalidObjectReason(object)) continue;
        const obj = object as KubernetesObject;
        if (isXrd(obj)) {
          addXrd(cluster, obj);
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
  const roots: Array<
    PlacedObject & { role: CrossplaneRole; owner: string; namespace?: string }
  > = [];
  const requestCtx = {
    ...ctx,
    entityKind: options.requestEntityKind,
    kubernetesAnnotations: options.requestKubernetesAnnotations ?? false,
  };
  for (const rr of requests) {
    const { name, namespace } = rr.metadata;
    if (!inScope(namespace)) continue;
    const what = describeObject(platform, rr);
    const promiseName = getOwningPromiseName(rr, promises);
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
      const kinds = xrdsByCluster.get(placed.cluster);
      const found = kinds?.get(
        typeKey(placed.object.apiVersion, placed.object.kind),
      );
      if (!found) continue;
      const objectNamespace = found.namespaced
        ? placed.object.metadata.namespace || 'default'
        : undefined;
      roots.push({
        ...placed,
        role: found.role,
        owner,
        namespace: objectNamespace,
      });
      crossplaneRefs.push(
        crossplaneEntityRef(options.entityNamespace, {
          cluster: placed.cluster,
          apiVersion: placed.object.apiVersion,
          kind: placed.object.kind,
          namespace: objectNamespace,
          name: placed.object.metadata.name!,
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
      resourceRequestToEntity(rr, {
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
          key(
            typeKey(o.apiVersion, o.kind),
            o.metadata.namespace,
            o.metadata.name,
          ),
          o,
        );
      }
      live.set(cluster, index);
    }
    const seen = new Set<string>();
    const visit = (
      cluster: string,
      ref: {
        apiVersion: string;
        kind: string;
        namespace?: string;
        name: string;
      },
      role: CrossplaneRole,
      owner: string,
      destination: string,
      depth: number,
    ) => {
      const id = key(
        cluster,
        typeKey(ref.apiVersion, ref.kind),
        ref.namespace,
        ref.name,
      );
      if (seen.has(id) || depth > MAX_COMPOSITION_DEPTH) return;
      seen.add(id);
      watch.set(key(cluster, typeKey(ref.apiVersion, ref.kind)), {
        cluster,
        apiVersion: ref.apiVersion,
        kind: ref.kind,
      });
      const object = live
        .get(cluster)
        ?.get(key(typeKey(ref.apiVersion, ref.kind), ref.namespace, ref.name));
      if (!object) return;
      const kinds = xrdsByCluster.get(cluster);
      const next: Array<{
        ref: Required<Pick<ObjectReference, 'apiVersion' | 'kind' | 'name'>> & {
          namespace?: string;
        };
        role: CrossplaneRole;
      }> = [];
      if (role === 'claim') {
        const r = (object.spec as { resourceRef?: ObjectReference } | undefined)
          ?.resourceRef;
        if (r?.apiVersion && r.kind && r.name) {
          const namespaced = kinds?.get(
            typeKey(r.apiVersion, r.kind),
          )?.namespaced;
          next.push({
            ref: {
              apiVersion: r.apiVersion,
              kind: r.kind,
              name: r.name,
              namespace: namespaced ? ref.namespace : undefined,
            },
            role: 'xr',
          });
        }
      } else if (role === 'xr') {
        const spec = object.spec as
          | (CompositeResourceRefs & { crossplane?: CompositeResourceRefs })
          | undefined;
        const refs = spec?.crossplane?.resourceRefs ?? spec?.resourceRefs;
        for (const r of Array.isArray(refs) ? refs : []) {
          if (!r?.apiVersion || !r.kind || !r.name) continue;
          const nested = kinds?.get(typeKey(r.apiVersion, r.kind));
          const childRole: CrossplaneRole =
            nested?.role === 'xr' ? 'xr' : 'managed';
          if (childRole === 'managed' && !options.crossplane.managedResources)
            continue;
          next.push({
            ref: {
              apiVersion: r.apiVersion,
              kind: r.kind,
              name: r.name,
              namespace:
                r.namespace ??
                (ref.namespace && (nested?.namespaced ?? true)
                  ? ref.namespace
                  : undefined),
            },
            role: childRole,
          });
        }
      }
      const entity = guard(describeObject(cluster, object), () =>
        crossplaneObjectToEntity(object, {
          cluster,
          entityNamespace: options.entityNamespace,
          defaultOwner: options.defaultOwner,
          role,
          owner,
          destination,
          dependsOn: next.map(n =>
            crossplaneEntityRef(options.entityNamespace, { cluster, ...n.ref }),
          ),
        }),
      );
      if (entity) add(entity, describeObject(cluster, object));
      for (const n of next)
        visit(cluster, n.ref, n.role, owner, destination, depth + 1);
    };
    for (const root of roots) {
      visit(
        root.cluster,
        {
          apiVersion: root.object.apiVersion,
          kind: root.object.kind,
          namespace: root.namespace,
          name: root.object.metadata.name!,
        },
        root.role,
        root.owner,
        root.destination,
        0,
      );
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
    watch: Array.from(watch.values()),
  };
}
