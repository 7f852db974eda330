import { Entity } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  getPromiseApi,
  KratixDestination,
  KratixPromise,
  KratixPromiseRevision,
  KratixResourceBinding,
  KratixResourceRequest,
  KratixWork,
  KratixWorkPlacement,
  KubernetesObject,
  promiseOwnerLookup,
} from '@kratix-backstage/plugin-kratix-common';
import { CrossplaneKinds } from '@kratix-backstage/plugin-kratix-node';
import {
  CrossplaneRoot,
  followCrossplaneObjects,
  liveKey,
  WatchTarget,
} from '../crossplane/followCrossplaneObjects';
import {
  crossplaneEntitiesOf,
  destinationRoot,
  duplicateRefProblem,
  isUsableRevision,
  joinKey,
  liveRefOf,
  objectSortKey,
  Placement,
  placementOf,
  promiseRoot,
  promiseVersionsOf,
  refOf,
  RequestLookups,
  requestRoot,
  requestSortKey,
  RootOutput,
  sortedBy,
  usableBindingPromise,
  workerXrdsInOrder,
  workKeyOf,
  xrdRoot,
} from './entityRoots';
import { describeObject, invalidObjectReason } from './objectAnnotations';
import { PromiseToTemplate } from './types';

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

/**
 * Turns everything read from the clusters into catalog entities. Pure: the same snapshot always gives the same
 * entities, whatever order the objects come in (each kind is taken in name order, so of two objects claiming one
 * entity ref the same one wins on every recompute). Malformed objects are skipped with a reason in `problems`; the
 * rest still ingests. An entity made of an object that has not changed since an earlier call is that call's very
 * entity object: read the entities, never change them. This is the full recompute; `IncrementalEntities` keeps the
 * same result up to date one change at a time.
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

  const add = (out: RootOutput) => {
    problems.push(...out.problems);
    for (const e of out.entities) {
      const ref = refOf(e);
      if (byRef.has(ref)) problems.push(duplicateRefProblem(e.what, ref));
      else byRef.set(ref, e.entity);
    }
  };
  const valid = <T extends KubernetesObject>(
    objects: unknown[],
    cluster: string,
    what: string,
  ): T[] =>
    (Array.isArray(objects) ? objects : []).filter(o => {
      const reason = invalidObjectReason(o);
      if (reason)
        problems.push(
          `Skipping ${describeObject(cluster, o)} (${what}): ${reason}`,
        );
      return !reason;
    }) as T[];

  // Promises → Component + API (+ Template), with their revisions.
  const promises = sortedBy(
    valid<KratixPromise>(snapshot.promises, platform, 'Promise'),
    objectSortKey,
  );
  const revisions = valid<KratixPromiseRevision>(
    snapshot.promiseRevisions ?? [],
    platform,
    'PromiseRevision',
  ).filter(isUsableRevision);
  const versionsOf = new Map(
    promises.map(p => [
      p.metadata.name!,
      promiseVersionsOf(p.metadata.name!, revisions),
    ]),
  );
  for (const promise of promises)
    add(
      promiseRoot(
        promise,
        platform,
        options,
        versionsOf.get(promise.metadata.name!)!,
      ),
    );

  // Destinations → Resource; which cluster each stands for.
  const destinationClusters = new Map<string, string>();
  for (const destination of sortedBy(
    valid<KratixDestination>(snapshot.destinations, platform, 'Destination'),
    objectSortKey,
  )) {
    const out = destinationRoot(destination, platform, options);
    if (out.cluster)
      destinationClusters.set(destination.metadata.name!, out.cluster);
    add(out);
  }

  // What Works placed where: decoded per WorkPlacement, keyed by the request they belong to.
  const works = new Map<string, KratixWork>();
  for (const work of valid<KratixWork>(snapshot.works, platform, 'Work')) {
    works.set(joinKey(work.metadata.namespace, work.metadata.name), work);
  }
  const placements = new Map<string, Placement[]>();
  const xrdsByCluster = new Map<string, CrossplaneKinds>();
  const kindsOf = (cluster: string) => {
    let kinds = xrdsByCluster.get(cluster);
    if (!kinds) xrdsByCluster.set(cluster, (kinds = new CrossplaneKinds()));
    return kinds;
  };
  const clusters = Object.keys(snapshot.workers).sort();
  for (const cluster of clusters) {
    for (const xrd of workerXrdsInOrder(snapshot.workers[cluster].xrds))
      kindsOf(cluster).add(xrd);
  }
  for (const wp of sortedBy(
    valid<KratixWorkPlacement>(
      snapshot.workPlacements,
      platform,
      'WorkPlacement',
    ),
    objectSortKey,
  )) {
    const placement = placementOf(
      wp,
      works.get(workKeyOf(wp)),
      d => destinationClusters.get(d),
      platform,
      options,
      problems,
    );
    if (!placement) continue;
    if (placement.cluster) {
      for (const xrd of placement.xrds) kindsOf(placement.cluster).add(xrd);
    }
    if (placement.requestKey) {
      const list = placements.get(placement.requestKey) ?? [];
      list.push(placement);
      placements.set(placement.requestKey, list);
    }
  }

  // Resource requests → Resource (or Component).
  const promiseByName = new Map(promises.map(p => [p.metadata.name!, p]));
  const bindingsByPromise = new Map<string, KratixResourceBinding[]>();
  for (const binding of valid<KratixResourceBinding>(
    snapshot.resourceBindings ?? [],
    platform,
    'ResourceBinding',
  )) {
    const promiseName = usableBindingPromise(binding);
    if (!promiseName) continue;
    const list = bindingsByPromise.get(promiseName) ?? [];
    list.push(binding);
    bindingsByPromise.set(promiseName, list);
  }
  const lookups: RequestLookups = {
    owningPromiseName: promiseOwnerLookup(promises),
    promiseApi: name => getPromiseApi(promiseByName.get(name)),
    placements: requestKey => placements.get(requestKey) ?? [],
    kindsOf,
    bindings: target => bindingsByPromise.get(target.promiseName) ?? [],
    latestRevision: name => versionsOf.get(name)?.latest,
  };
  const roots: CrossplaneRoot[] = [];
  for (const rr of sortedBy(
    valid<KratixResourceRequest>(
      snapshot.requests,
      platform,
      'resource request',
    ),
    requestSortKey,
  )) {
    const out = requestRoot(rr, platform, options, lookups);
    roots.push(...out.roots);
    add(out);
  }

  // Crossplane objects, read live on the cluster their Destination stands for, following refs (never by category).
  if (options.crossplane.enabled) {
    const live = new Map<string, Map<string, KubernetesObject>>();
    for (const cluster of clusters) {
      const index = new Map<string, KubernetesObject>();
      for (const o of valid<KubernetesObject>(
        snapshot.workers[cluster].objects ?? [],
        cluster,
        'Crossplane object',
      )) {
        index.set(liveKey(liveRefOf(o)), o);
      }
      live.set(cluster, index);
    }
    const followed = followCrossplaneObjects(roots, {
      live,
      xrds: xrdsByCluster,
      managedResources: options.crossplane.managedResources,
    });
    watch = followed.watch;
    add(
      crossplaneEntitiesOf(
        followed.objects.map((node, index) => ({ ...node, key: '', index })),
        options,
      ),
    );

    if (options.crossplane.xrds) {
      for (const cluster of clusters) {
        for (const xrd of sortedBy(
          valid<CompositeResourceDefinition>(
            snapshot.workers[cluster].xrds ?? [],
            cluster,
            'XRD',
          ),
          objectSortKey,
        )) {
          add(xrdRoot(xrd, cluster, options));
        }
      }
    }
  }

  return {
    entities: Array.from(byRef.values()),
    problems,
    workerClusters: Array.from(new Set(destinationClusters.values())).sort(),
    watch,
  };
}
