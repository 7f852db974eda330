import type { Entity } from '@backstage/catalog-model';
import {
  CompositeResourceDefinition,
  getPromiseApi,
  groupOfApiVersion,
  KRATIX_LABELS,
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
  followCrossplaneObjects,
  liveId,
  liveKey,
  WatchTarget,
} from '../crossplane/followCrossplaneObjects';
import type { BuildEntitiesOptions, KratixSnapshot } from './buildEntities';
import {
  compareRanks,
  crossplaneEntitiesOf,
  destinationRoot,
  duplicateRefProblem,
  EntityRank,
  isUsableRevision,
  joinKey,
  liveRefOf,
  objectSortKey,
  Placement,
  placementDestination,
  placementOf,
  promiseRoot,
  PromiseVersions,
  promiseVersionsOf,
  RequestLookups,
  requestRoot,
  requestSortKey,
  RootEntity,
  RootOutput,
  SECTION,
  sortedBy,
  usableBindingPromise,
  workerXrdsInOrder,
  workKeyOf,
  xrdRoot,
} from './entityRoots';
import { digestOf, refOfEntity } from './entityDigest';
import { describeObject, invalidObjectReason } from './objectAnnotations';

/** Which part of a {@link KratixSnapshot} an object belongs to. */
export type SnapshotPart =
  | 'promises'
  | 'destinations'
  | 'works'
  | 'workPlacements'
  | 'requests'
  | 'promiseRevisions'
  | 'resourceBindings'
  | 'xrds'
  | 'crossplane';

/** What one {@link IncrementalEntities.flush} changed. */
export interface EntityDelta {
  /** Entities new or changed since the last flush. */
  added: Entity[];
  /** Refs of entities gone since the last flush. */
  removed: string[];
  /** Problems of what was recomputed. */
  problems: string[];
}

/**
 * One entity of a root, as kept between flushes: its digest stands for it, so the entities themselves are not kept
 * once handed out. A flush that needs one it did not just make recomputes its root.
 */
interface Claim extends Omit<RootEntity, 'entity' | 'liveId'> {
  /**
   * The `live:` token of the Crossplane object the entity stands for: the instance its root's reads hold, so that it
   * costs no string of its own. Two claims stand for the same object when their tokens are equal.
   */
  live?: string;
  ref: string;
  digest: string;
  /** The root that makes it. */
  root: string;
}

/** A kind of Crossplane object to read, one instance per kind shared by every root that reads it. */
interface WatchKind {
  key: string;
  target: WatchTarget;
}

/** A root's entities, and what it read of the other objects (see the tokens below). */
interface RootState {
  entities: Claim[];
  problems: string[];
  reads: string[];
  /** The kinds its Crossplane objects are of, in the order it reached them (its rank for each, see watchRank). */
  watch: WatchKind[];
}

/** The rank of a request root's `index`-th kind to read: the earliest such rank of a kind picks its target. */
const watchRank = (root: string, index: number): EntityRank => ({
  section: SECTION.crossplane,
  key: root.slice(2),
  index,
});

interface PlacementState {
  /** Undefined once deleted, until the flush takes its placement out of the indexes. */
  wp?: KratixWorkPlacement;
  placement?: Placement;
  problems: string[];
}

/*
 * What a root reads of the rest of the platform is recorded as tokens; a change marks the tokens it affects and so
 * the roots that read them:
 *   type:<group>/<kind>  which Promise offers that type (the owner of a request without a promise-name label)
 *   promise:<name>       a Promise's API (a request's parent relation)
 *   revisions:<name>     the revisions of the Promise `<name>` (a request's latest version)
 *   binding:<key>        the ResourceBindings that may be the request `<promise>/<namespace>/<name>`'s
 *   request:<key>        the placements of the request `<promise>/<namespace>/<name>` (WorkPlacements, their Works,
 *                        the clusters of their Destinations)
 *   kinds:<cluster>      the Crossplane kinds the XRDs define on a cluster
 *   live:<liveId>        a Crossplane object read live (present or not)
 */
const T = {
  type: (group: string, kind: string) => `type:${group}/${kind}`,
  promise: (name: string) => `promise:${name}`,
  request: (key: string) => `request:${key}`,
  revisions: (name: string) => `revisions:${name}`,
  binding: (key: string) => `binding:${key}`,
  kinds: (cluster: string) => `kinds:${cluster}`,
  live: (id: string) => `live:${id}`,
};

/** Root keys: one per object that makes entities of its own. */
const R = {
  promise: (name: string) => `p ${name}`,
  destination: (name: string) => `d ${name}`,
  request: (id: string) => `r ${id}`,
  xrd: (cluster: string, name: string) => `x ${cluster}\u0000${name}`,
};

/**
 * Keys to sets of values. Most keys have one value (a token read by one root, a Work placed once), kept as the value
 * itself: a Set per key was a tenth of the index's memory. Values come out in the order they went in, as a Set's.
 */
class MultiMap {
  readonly #map = new Map<string, string | Set<string>>();
  add(key: string, value: string) {
    const held = this.#map.get(key);
    if (held === undefined) this.#map.set(key, value);
    else if (typeof held !== 'string') held.add(value);
    else if (held !== value) this.#map.set(key, new Set([held, value]));
  }
  delete(key: string, value: string) {
    const held = this.#map.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === value) this.#map.delete(key);
      return;
    }
    held.delete(value);
    if (held.size === 1) this.#map.set(key, held.values().next().value!);
  }
  get(key: string): Iterable<string> {
    const held = this.#map.get(key);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : held;
  }
}

/**
 * A flat copy of a string built from pieces: V8 keeps such a string as a tree of its pieces, which for the
 * descriptions kept per entity was twice the size of the text.
 */
const flat = (s: string): string => JSON.parse(JSON.stringify(s));

const typeOfPromise = (promise: KratixPromise | undefined) => {
  const api = getPromiseApi(promise);
  return api ? T.type(api.group, api.kind) : undefined;
};

const EMPTY: RootOutput = { entities: [], problems: [] };

const WHAT: Record<SnapshotPart, string> = {
  promises: 'Promise',
  destinations: 'Destination',
  works: 'Work',
  workPlacements: 'WorkPlacement',
  requests: 'resource request',
  promiseRevisions: 'PromiseRevision',
  resourceBindings: 'ResourceBinding',
  xrds: 'XRD',
  crossplane: 'Crossplane object',
};

/**
 * The entities of a platform kept up to date one object change at a time: each change recomputes only the roots
 * (Promises, Destinations, requests, XRDs) whose entities it can change, found through an index of what each root
 * read, and {@link IncrementalEntities.flush} hands out only the entities that changed. After any sequence of
 * changes its entities are those {@link buildEntities} makes of the same objects (the property test checks it).
 * Pure of side effects: it keeps the objects it was given and a digest of each entity it handed out, not the
 * entities, so the catalog's copy is the only one held between changes.
 */
export class IncrementalEntities {
  readonly #options: BuildEntitiesOptions;
  readonly #platform: string;

  readonly #promises = new Map<string, KratixPromise>();
  readonly #destinations = new Map<string, KratixDestination>();
  readonly #destinationCluster = new Map<string, string>();
  readonly #works = new Map<string, KratixWork>();
  readonly #wps = new Map<string, PlacementState>();
  readonly #requests = new Map<string, KratixResourceRequest>();
  readonly #revisions = new Map<string, KratixPromiseRevision>();
  /** Revisions by every Promise name they may be of (label and spec.promiseRef); kratix-common decides which. */
  readonly #revisionsByPromise = new MultiMap();
  readonly #versions = new Map<string, PromiseVersions>();
  readonly #bindings = new Map<string, KratixResourceBinding>();
  /** Bindings by every request key they may be for (label and spec.resourceRef); kratix-common decides which. */
  readonly #bindingsByRequest = new MultiMap();
  readonly #workerXrds = new Map<string, Map<string, unknown>>();
  readonly #live = new Map<string, Map<string, KubernetesObject>>();
  /** Problems of malformed objects, by the object's identity. */
  readonly #invalid = new Map<string, string>();

  readonly #wpsByWork = new MultiMap();
  readonly #wpsByDestination = new MultiMap();
  readonly #wpsByRequest = new MultiMap();
  readonly #xrdWpsByCluster = new MultiMap();
  readonly #kinds = new Map<string, CrossplaneKinds>();
  #owningPromise?: (rr: KratixResourceRequest) => string | undefined;

  readonly #roots = new Map<string, RootState>();
  readonly #readers = new MultiMap();
  readonly #dirtyRoots = new Set<string>();
  readonly #dirtyWps = new Set<string>();
  readonly #dirtyTokens = new Set<string>();
  #newProblems: string[] = [];

  /** Per entity ref, every root entity claiming it; the earliest in a full recompute's order is published. */
  readonly #claims = new Map<string, Claim | Claim[]>();
  /** The entities of the claims made since the last flush began; the flush hands out those that changed. */
  readonly #fresh = new Map<Claim, Entity>();
  /** The digest of each entity handed out, by ref. */
  readonly #published = new Map<string, string>();
  readonly #conflicts = new Map<string, string[]>();
  readonly #touched = new Set<string>();
  /** How many watch entries of the roots name each kind to read (by its key). */
  readonly #watchCounts = new Map<string, number>();
  /** One instance of each kind to read, which every root that reads it shares. */
  readonly #watchKinds = new Map<string, WatchKind>();
  /** The earliest claim of each kind to read; a claim of many thousand requests is not scanned on every flush. */
  readonly #watchWinners = new Map<
    string,
    { root: string; rank: EntityRank; target: WatchTarget }
  >();
  #unnamed = 0;
  /** Whether a flush hands out the entities that changed, or only records their digests (see {@link of}). */
  #handOut = true;

  constructor(platformCluster: string, options: BuildEntitiesOptions) {
    this.#platform = platformCluster;
    this.#options = options;
  }

  /**
   * Starts from a snapshot whose entities were just published in full (they are those of `buildEntities`), as if
   * each of its objects had been added and flushed: it hands none of them out, and keeps their digests only.
   */
  static of(
    snapshot: KratixSnapshot,
    options: BuildEntitiesOptions,
  ): IncrementalEntities {
    const state = new IncrementalEntities(snapshot.platformCluster, options);
    state.applySnapshot(snapshot);
    state.#handOut = false;
    state.flush();
    state.#handOut = true;
    return state;
  }

  /** Records each object of a snapshot of this platform as added; {@link flush} recomputes. */
  applySnapshot(snapshot: KratixSnapshot): void {
    const platform = snapshot.platformCluster;
    const parts = [
      'promises',
      'destinations',
      'works',
      'workPlacements',
      'requests',
      'promiseRevisions',
      'resourceBindings',
    ] as const;
    for (const part of parts) {
      for (const o of snapshot[part] ?? []) this.apply(part, platform, o);
    }
    for (const [cluster, worker] of Object.entries(snapshot.workers)) {
      for (const o of worker.xrds ?? []) this.apply('xrds', cluster, o);
      for (const o of worker.objects ?? [])
        this.apply('crossplane', cluster, o);
    }
  }

  /** Records that an object was added or updated (`deleted` false) or deleted; {@link flush} recomputes. */
  apply(
    part: SnapshotPart,
    cluster: string,
    object: unknown,
    deleted = false,
  ): void {
    const reason = invalidObjectReason(object);
    if (reason) {
      // Only the problem is kept: the API server never turns an object it served into a malformed one.
      const id = `${part} ${describeObject(cluster, object)} ${
        (object as KubernetesObject)?.metadata?.name ? '' : this.#unnamed++
      }`;
      if (deleted || !this.#reportsInvalid(part)) {
        this.#invalid.delete(id);
        return;
      }
      const problem = `Skipping ${describeObject(cluster, object)} (${
        WHAT[part]
      }): ${reason}`;
      this.#invalid.set(id, problem);
      this.#newProblems.push(problem);
      if (part !== 'xrds') return;
    }
    const o = object as KubernetesObject;
    if (typeof o?.metadata?.name !== 'string' || !o.metadata.name) return;
    const present = deleted || reason ? undefined : o;
    const { name, namespace } = o.metadata;
    switch (part) {
      case 'promises': {
        const old = this.#promises.get(name!);
        setOrDelete(this.#promises, name!, present as KratixPromise);
        this.#owningPromise = undefined;
        this.#dirtyRoots.add(R.promise(name!));
        this.#mark(T.promise(name!));
        for (const type of [
          typeOfPromise(old),
          typeOfPromise(present as KratixPromise | undefined),
        ])
          if (type) this.#mark(type);
        break;
      }
      case 'destinations':
        setOrDelete(this.#destinations, name!, present as KratixDestination);
        this.#dirtyRoots.add(R.destination(name!));
        break;
      case 'works': {
        const key = joinKey(namespace, name);
        setOrDelete(this.#works, key, present as KratixWork);
        for (const wp of this.#wpsByWork.get(key)) this.#dirtyWps.add(wp);
        break;
      }
      case 'workPlacements':
        this.#applyWorkPlacement(objectSortKey(o), present);
        break;
      case 'requests':
        setOrDelete(
          this.#requests,
          requestSortKey(o),
          present as KratixResourceRequest,
        );
        this.#dirtyRoots.add(R.request(requestSortKey(o)));
        break;
      case 'promiseRevisions':
        this.#applyRevision(
          name!,
          present && isUsableRevision(present as KratixPromiseRevision)
            ? (present as KratixPromiseRevision)
            : undefined,
        );
        break;
      case 'resourceBindings':
        this.#applyBinding(
          objectSortKey(o),
          present && usableBindingPromise(present as KratixResourceBinding)
            ? (present as KratixResourceBinding)
            : undefined,
        );
        break;
      case 'xrds': {
        const xrds = this.#workerXrds.get(cluster) ?? new Map();
        this.#workerXrds.set(cluster, xrds);
        // Kept even when malformed, as a full recompute learns kinds of any object that is an XRD.
        setOrDelete(xrds, name!, deleted ? undefined : object);
        this.#dirtyRoots.add(R.xrd(cluster, name!));
        this.#kindsChanged(cluster);
        break;
      }
      case 'crossplane': {
        const live = this.#live.get(cluster) ?? new Map();
        this.#live.set(cluster, live);
        const ref = liveRefOf(o);
        setOrDelete(live, liveKey(ref), present);
        this.#mark(T.live(liveId(cluster, ref)));
        break;
      }
      default:
    }
  }

  /** Recomputes what the changes since the last flush touched; returns the entities that changed. */
  flush(): EntityDelta {
    const problems = this.#newProblems;
    this.#newProblems = [];
    const take = (prefix: string) => {
      const keys = Array.from(this.#dirtyRoots).filter(k =>
        k.startsWith(prefix),
      );
      keys.forEach(k => this.#dirtyRoots.delete(k));
      return keys;
    };
    for (const key of take('p ')) this.#recomputePromise(key, problems);
    for (const key of take('d ')) this.#recomputeDestination(key, problems);
    for (const id of this.#dirtyWps) this.#recomputePlacement(id, problems);
    this.#dirtyWps.clear();
    for (const key of take('x ')) this.#recomputeXrd(key, problems);
    for (const token of this.#dirtyTokens) {
      for (const root of this.#readers.get(token)) this.#dirtyRoots.add(root);
    }
    this.#dirtyTokens.clear();
    for (const key of take('r ')) this.#recomputeRequest(key, problems);

    const added: Entity[] = [];
    const removed: string[] = [];
    const recomputed = new Set<string>();
    while (this.#touched.size > 0) {
      const touched = Array.from(this.#touched);
      this.#touched.clear();
      /** Roots whose entity now wins a ref but was made before this flush: recomputed to hand it out. */
      const unmade = new Set<string>();
      for (const ref of touched) {
        const claims = this.#claimsOf(ref);
        const winner = claims.reduce<Claim | undefined>(
          (best, c) =>
            !best || compareRanks(c.rank, best.rank) < 0 ? c : best,
          undefined,
        );
        const conflicts = claims
          .filter(c => c !== winner && !(c.live && c.live === winner?.live))
          .map(c => duplicateRefProblem(c.what, ref));
        if (conflicts.length) {
          this.#conflicts.set(ref, conflicts);
          problems.push(...conflicts);
        } else this.#conflicts.delete(ref);
        const before = this.#published.get(ref);
        if (!winner) {
          if (before !== undefined) {
            this.#published.delete(ref);
            removed.push(ref);
          }
        } else if (winner.digest !== before) {
          const entity = this.#fresh.get(winner);
          if (!this.#handOut) this.#published.set(ref, winner.digest);
          else if (entity) {
            this.#published.set(ref, winner.digest);
            added.push(entity);
          } else if (!recomputed.has(winner.root)) unmade.add(winner.root);
        }
      }
      // Rare: the claim that won a ref went and another root's, unchanged, takes its place.
      for (const root of unmade) {
        recomputed.add(root);
        this.#recomputeRoot(root, problems);
      }
    }
    this.#fresh.clear();
    return { added, removed, problems };
  }

  /** The digest of each entity, by ref, as of the last flush (see {@link digestOf}). */
  digests(): ReadonlyMap<string, string> {
    return this.#published;
  }

  /** Every problem present as of the last flush, once each. */
  problems(): string[] {
    const all = new Set(this.#invalid.values());
    for (const state of this.#wps.values())
      state.problems.forEach(p => all.add(p));
    for (const state of this.#roots.values())
      state.problems.forEach(p => all.add(p));
    for (const list of this.#conflicts.values()) list.forEach(p => all.add(p));
    return Array.from(all);
  }

  /** The Promises, for the planner (their APIs are kinds to read). */
  promises(): KratixPromise[] {
    return Array.from(this.#promises.values());
  }

  /** Worker clusters the Destinations stand for (and that are configured). */
  workerClusters(): string[] {
    return Array.from(new Set(this.#destinationCluster.values())).sort();
  }

  /** Crossplane kinds to read live, per cluster. */
  watch(): WatchTarget[] {
    return Array.from(this.#watchWinners.values(), w => w.target);
  }

  #reportsInvalid(part: SnapshotPart) {
    const { crossplane } = this.#options;
    if (part === 'crossplane') return crossplane.enabled;
    if (part === 'xrds') return crossplane.enabled && crossplane.xrds;
    return true;
  }

  #mark(token: string) {
    this.#dirtyTokens.add(token);
  }

  #kindsChanged(cluster: string) {
    this.#kinds.delete(cluster);
    this.#mark(T.kinds(cluster));
  }

  #applyRevision(name: string, revision?: KratixPromiseRevision) {
    const promisesOf = (r?: KratixPromiseRevision) =>
      r
        ? [
            r.metadata.labels?.[KRATIX_LABELS.promiseName],
            r.spec?.promiseRef?.name,
          ].filter((n): n is string => !!n)
        : [];
    const old = this.#revisions.get(name);
    for (const p of promisesOf(old)) this.#revisionsByPromise.delete(p, name);
    setOrDelete(this.#revisions, name, revision);
    for (const p of promisesOf(revision)) this.#revisionsByPromise.add(p, name);
    // The Promise lists its revisions; each of its requests compares against the latest.
    for (const p of new Set([...promisesOf(old), ...promisesOf(revision)])) {
      this.#versions.delete(p);
      this.#dirtyRoots.add(R.promise(p));
      this.#mark(T.revisions(p));
    }
  }

  #versionsOf(promiseName: string): PromiseVersions {
    let versions = this.#versions.get(promiseName);
    if (!versions) {
      const candidates = Array.from(
        this.#revisionsByPromise.get(promiseName),
        n => this.#revisions.get(n)!,
      );
      versions = promiseVersionsOf(promiseName, candidates);
      this.#versions.set(promiseName, versions);
    }
    return versions;
  }

  #applyBinding(id: string, binding?: KratixResourceBinding) {
    const requestsOf = (b?: KratixResourceBinding) => {
      const promise = b && usableBindingPromise(b);
      if (!promise) return [];
      const names = [
        b.metadata.labels?.[KRATIX_LABELS.resourceName],
        b.spec?.resourceRef?.name,
      ].filter((n): n is string => !!n);
      return names.map(n => joinKey(promise, b.metadata.namespace ?? '', n));
    };
    const old = this.#bindings.get(id);
    for (const k of requestsOf(old)) this.#bindingsByRequest.delete(k, id);
    setOrDelete(this.#bindings, id, binding);
    for (const k of requestsOf(binding)) this.#bindingsByRequest.add(k, id);
    for (const k of new Set([...requestsOf(old), ...requestsOf(binding)]))
      this.#mark(T.binding(k));
  }

  #applyWorkPlacement(id: string, wp: KubernetesObject | undefined) {
    const old = this.#wps.get(id);
    if (old?.wp) {
      this.#wpsByWork.delete(workKeyOf(old.wp), id);
      const destination = placementDestination(old.wp);
      if (destination) this.#wpsByDestination.delete(destination, id);
    }
    if (wp) {
      const placement = wp as KratixWorkPlacement;
      this.#wps.set(id, {
        wp: placement,
        placement: old?.placement,
        problems: old?.problems ?? [],
      });
      this.#wpsByWork.add(workKeyOf(placement), id);
      const destination = placementDestination(placement);
      if (destination) this.#wpsByDestination.add(destination, id);
    } else if (old) {
      this.#wps.set(id, { ...old, wp: undefined });
    }
    this.#dirtyWps.add(id);
  }

  #recomputePlacement(id: string, problems: string[]) {
    const state = this.#wps.get(id);
    if (!state) return;
    const old = state.placement;
    if (old?.requestKey) {
      this.#wpsByRequest.delete(old.requestKey, id);
      this.#mark(T.request(old.requestKey));
    }
    if (old?.cluster && old.xrds.length > 0) {
      this.#xrdWpsByCluster.delete(old.cluster, id);
      this.#kindsChanged(old.cluster);
    }
    if (!state.wp) {
      this.#wps.delete(id);
      return;
    }
    state.problems = [];
    const placement = placementOf(
      state.wp,
      this.#works.get(workKeyOf(state.wp)),
      d => this.#destinationCluster.get(d),
      this.#platform,
      this.#options,
      state.problems,
    );
    problems.push(...state.problems);
    state.placement = placement;
    if (placement?.requestKey) {
      this.#wpsByRequest.add(placement.requestKey, id);
      this.#mark(T.request(placement.requestKey));
    }
    if (placement?.cluster && placement.xrds.length > 0) {
      this.#xrdWpsByCluster.add(placement.cluster, id);
      this.#kindsChanged(placement.cluster);
    }
  }

  #recomputeRoot(key: string, problems: string[]) {
    if (key.startsWith('p ')) this.#recomputePromise(key, problems);
    else if (key.startsWith('d ')) this.#recomputeDestination(key, problems);
    else if (key.startsWith('x ')) this.#recomputeXrd(key, problems);
    else this.#recomputeRequest(key, problems);
  }

  #recomputePromise(key: string, problems: string[]) {
    const promise = this.#promises.get(key.slice(2));
    this.#setRoot(
      key,
      promise
        ? promiseRoot(
            promise,
            this.#platform,
            this.#options,
            this.#versionsOf(promise.metadata.name!),
          )
        : EMPTY,
      problems,
    );
  }

  #recomputeDestination(key: string, problems: string[]) {
    const name = key.slice(2);
    const destination = this.#destinations.get(name);
    const before = this.#destinationCluster.get(name);
    const out = destination
      ? destinationRoot(destination, this.#platform, this.#options)
      : undefined;
    setOrDelete(this.#destinationCluster, name, out?.cluster);
    if (before !== out?.cluster) {
      for (const wp of this.#wpsByDestination.get(name)) this.#dirtyWps.add(wp);
    }
    this.#setRoot(key, out ?? EMPTY, problems);
  }

  #recomputeXrd(key: string, problems: string[]) {
    const [cluster, name] = key.slice(2).split('\u0000');
    const xrd = this.#workerXrds.get(cluster)?.get(name);
    const { crossplane } = this.#options;
    const out =
      xrd && crossplane.enabled && crossplane.xrds && !invalidObjectReason(xrd)
        ? xrdRoot(xrd as CompositeResourceDefinition, cluster, this.#options)
        : EMPTY;
    this.#setRoot(key, out, problems);
  }

  #recomputeRequest(key: string, problems: string[]) {
    const id = key.slice(2);
    const rr = this.#requests.get(id);
    if (!rr) {
      this.#setRoot(key, EMPTY, problems);
      return;
    }
    const reads: string[] = [];
    const lookups: RequestLookups = {
      owningPromiseName: r => {
        reads.push(T.type(groupOfApiVersion(r.apiVersion), r.kind));
        this.#owningPromise ??= promiseOwnerLookup(
          sortedBy(this.promises(), objectSortKey),
        );
        return this.#owningPromise(r);
      },
      promiseApi: name => {
        reads.push(T.promise(name));
        return getPromiseApi(this.#promises.get(name));
      },
      placements: requestKey => {
        reads.push(T.request(requestKey));
        return Array.from(this.#wpsByRequest.get(requestKey))
          .sort()
          .map(wp => this.#wps.get(wp)?.placement)
          .filter((p): p is Placement => !!p);
      },
      kindsOf: cluster => {
        reads.push(T.kinds(cluster));
        return this.#kindsOf(cluster);
      },
      bindings: target => {
        const k = joinKey(target.promiseName, target.namespace, target.name);
        reads.push(T.binding(k));
        return Array.from(
          this.#bindingsByRequest.get(k),
          b => this.#bindings.get(b)!,
        );
      },
      latestRevision: name => {
        // Only a known Promise's revisions count, as in a full recompute.
        reads.push(T.promise(name), T.revisions(name));
        return this.#promises.has(name)
          ? this.#versionsOf(name).latest
          : undefined;
      },
    };
    const out = requestRoot(rr, this.#platform, this.#options, lookups);
    const state: RootOutput & { watch: RootState['watch'] } = {
      entities: out.entities,
      problems: out.problems,
      watch: [],
    };
    if (this.#options.crossplane.enabled && out.roots.length > 0) {
      const clusters = new Set(out.roots.map(r => r.cluster));
      const followed = followCrossplaneObjects(out.roots, {
        live: this.#live,
        xrds: new Map(Array.from(clusters, c => [c, lookups.kindsOf(c)])),
        managedResources: this.#options.crossplane.managedResources,
      });
      reads.push(...followed.looked.map(T.live));
      const crossplane = crossplaneEntitiesOf(
        followed.objects.map((node, index) => ({ ...node, key: id, index })),
        this.#options,
      );
      state.entities = [...state.entities, ...crossplane.entities];
      state.problems = [...state.problems, ...crossplane.problems];
      state.watch = followed.watch.map(target => this.#watchKind(target));
    }
    this.#setRoot(key, state, problems, reads);
  }

  #kindsOf(cluster: string): CrossplaneKinds {
    let kinds = this.#kinds.get(cluster);
    if (kinds) return kinds;
    kinds = new CrossplaneKinds();
    for (const xrd of workerXrdsInOrder(
      Array.from(this.#workerXrds.get(cluster)?.values() ?? []),
    ))
      kinds.add(xrd);
    for (const wp of Array.from(this.#xrdWpsByCluster.get(cluster)).sort()) {
      for (const xrd of this.#wps.get(wp)?.placement?.xrds ?? [])
        kinds.add(xrd);
    }
    this.#kinds.set(cluster, kinds);
    return kinds;
  }

  /** Replaces a root's entities, problems and reads with a recompute's. */
  #setRoot(
    key: string,
    out: RootOutput & { watch?: RootState['watch'] },
    problems: string[],
    reads: string[] = [],
  ) {
    const old = this.#roots.get(key);
    for (const e of old?.entities ?? []) {
      const held = this.#claims.get(e.ref);
      if (Array.isArray(held)) {
        held.splice(held.indexOf(e), 1);
        if (held.length === 1) this.#claims.set(e.ref, held[0]);
      } else this.#claims.delete(e.ref);
      this.#touched.add(e.ref);
    }
    for (const token of old?.reads ?? []) this.#readers.delete(token, key);
    /** Kinds this root was the earliest to read: unless it still is, the next earliest is looked for below. */
    const lost: string[] = [];
    for (const w of old?.watch ?? []) {
      const count = this.#watchCounts.get(w.key)! - 1;
      setOrDelete(this.#watchCounts, w.key, count || undefined);
      if (this.#watchWinners.get(w.key)?.root !== key) continue;
      this.#watchWinners.delete(w.key);
      lost.push(w.key);
    }
    problems.push(...out.problems);
    if (out.entities.length === 0 && reads.length === 0 && !out.watch?.length) {
      if (out.problems.length === 0) this.#roots.delete(key);
      else
        this.#roots.set(key, {
          entities: [],
          problems: out.problems,
          reads,
          watch: [],
        });
      this.#findWatchWinners(lost);
      return;
    }
    /** One instance of each token read: the reads and the index hold it, and so does a claim of a live object. */
    const tokens = new Map(reads.map(t => [t, t]));
    const state: RootState = {
      entities: out.entities.map(({ entity, what, liveId: id, ...e }) => {
        const live = id === undefined ? undefined : T.live(id);
        const claim = {
          ...e,
          ...(live !== undefined && { live: tokens.get(live) ?? live }),
          what: flat(what),
          ref: refOfEntity(entity),
          digest: digestOf(entity),
          root: key,
        };
        if (this.#handOut) this.#fresh.set(claim, entity);
        return claim;
      }),
      problems: out.problems,
      reads: Array.from(tokens.values()),
      watch: out.watch ?? [],
    };
    for (const e of state.entities) {
      const held = this.#claims.get(e.ref);
      if (held === undefined) this.#claims.set(e.ref, e);
      else if (Array.isArray(held)) held.push(e);
      else this.#claims.set(e.ref, [held, e]);
      this.#touched.add(e.ref);
    }
    for (const token of state.reads) this.#readers.add(token, key);
    state.watch.forEach((w, index) => {
      this.#watchCounts.set(w.key, (this.#watchCounts.get(w.key) ?? 0) + 1);
      // This root's rank keeps its place among the others' (the same key), so it wins back what it had.
      const winner = this.#watchWinners.get(w.key);
      const rank = watchRank(key, index);
      if (!winner || compareRanks(rank, winner.rank) < 0)
        this.#watchWinners.set(w.key, { root: key, rank, target: w.target });
    });
    this.#roots.set(key, state);
    this.#findWatchWinners(lost);
  }

  /** Every root entity claiming a ref. */
  #claimsOf(ref: string): Claim[] {
    const held = this.#claims.get(ref);
    if (held === undefined) return [];
    return Array.isArray(held) ? held : [held];
  }

  /**
   * The earliest root to read each of `keys`, among all roots, once the one that was went. Rare: only a change of
   * the earliest request reading a kind that no longer reads it.
   */
  #findWatchWinners(keys: string[]) {
    const open = keys.filter(
      k => !this.#watchWinners.has(k) && this.#watchCounts.has(k),
    );
    if (open.length === 0) return;
    const wanted = new Set(open);
    for (const [root, state] of this.#roots) {
      state.watch.forEach((w, index) => {
        if (!wanted.has(w.key)) return;
        const winner = this.#watchWinners.get(w.key);
        const rank = watchRank(root, index);
        if (!winner || compareRanks(rank, winner.rank) < 0)
          this.#watchWinners.set(w.key, { root, rank, target: w.target });
      });
    }
  }

  /** The shared instance of a kind to read. */
  #watchKind(target: WatchTarget): WatchKind {
    const id = `${target.cluster}\u0000${target.apiVersion}\u0000${target.kind}`;
    let known = this.#watchKinds.get(id);
    if (!known) {
      const key = joinKey(
        target.cluster,
        groupOfApiVersion(target.apiVersion),
        target.kind,
      );
      known = { key, target };
      this.#watchKinds.set(id, known);
    }
    return known;
  }
}

function setOrDelete<V>(map: Map<string, V>, key: string, value?: V) {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
