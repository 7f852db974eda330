import {
  groupOfApiVersion,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import {
  crossplaneChildren,
  CrossplaneKinds,
  CrossplaneObjectRef,
  CrossplaneObjectRole,
} from '@kratix-backstage/plugin-kratix-node';

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

/** Where the following starts: an object a request's pipeline placed on a Destination's cluster. */
export interface CrossplaneRoot {
  cluster: string;
  destination: string;
  ref: CrossplaneObjectRef;
  role: CrossplaneObjectRole;
  owner: string;
}

/** An object reached from a root, read live, with the references it was followed along. */
export interface FollowedObject {
  cluster: string;
  destination: string;
  owner: string;
  role: CrossplaneObjectRole;
  object: KubernetesObject;
  children: CrossplaneObjectRef[];
}

/** What {@link followCrossplaneObjects} reads. */
export interface CrossplaneWorld {
  /** Per cluster, the objects read live, by {@link liveKey}. */
  live: Map<string, Map<string, KubernetesObject>>;
  /** Per cluster, the kinds its XRDs define. */
  xrds: Map<string, CrossplaneKinds>;
  /** Follow an XR to its managed resources too, not only to nested XRs. */
  managedResources: boolean;
}

/** Crossplane nests composites; deeper than this is a cycle or a mistake. */
const MAX_COMPOSITION_DEPTH = 8;

const NO_KINDS = new CrossplaneKinds();

const join = (...parts: Array<string | undefined>) =>
  parts.map(p => p ?? '').join('/');

/** A kind across versions: group and kind, as Crossplane's references match it. */
const typeKey = (apiVersion: string, kind: string) =>
  `${groupOfApiVersion(apiVersion)}/${kind}`;

/** The key of a live object in {@link CrossplaneWorld.live}. */
export const liveKey = (o: CrossplaneObjectRef) =>
  join(typeKey(o.apiVersion, o.kind), o.namespace, o.name);

/** The key of a live object among those of every cluster. */
export const liveId = (cluster: string, o: CrossplaneObjectRef) =>
  join(cluster, liveKey(o));

/**
 * Follows each root along its references (claim → XR → composed resources, never by category) through the objects
 * read live, by kratix-node's Crossplane rules, and says which kinds to read for that. Each object is reached once,
 * from the first root that leads to it, and listed before its children. `looked` lists the {@link liveId} of every
 * object looked for, found or not: the objects whose change can change the result.
 */
export function followCrossplaneObjects(
  roots: CrossplaneRoot[],
  world: CrossplaneWorld,
): { objects: FollowedObject[]; watch: WatchTarget[]; looked: string[] } {
  const objects: FollowedObject[] = [];
  const watch = new Map<string, WatchTarget>();
  const seen = new Set<string>();
  const want = (cluster: string, apiVersion: string, kind: string) =>
    watch.set(join(cluster, typeKey(apiVersion, kind)), {
      cluster,
      apiVersion,
      kind,
    });

  const visit = (
    root: CrossplaneRoot,
    ref: CrossplaneObjectRef,
    role: CrossplaneObjectRole,
    depth: number,
  ) => {
    const { cluster } = root;
    const id = liveId(cluster, ref);
    if (seen.has(id) || depth > MAX_COMPOSITION_DEPTH) return;
    seen.add(id);
    want(cluster, ref.apiVersion, ref.kind);
    const kinds = world.xrds.get(cluster) ?? NO_KINDS;
    // A claim's composite is of the kind its XRD names, in the same group and version: read both kinds at once
    // rather than waiting for the claim's spec.resourceRef.
    const compositeKind =
      role === 'claim'
        ? kinds.get(ref.apiVersion, ref.kind)?.compositeKind
        : undefined;
    if (compositeKind) want(cluster, ref.apiVersion, compositeKind);
    const object = world.live.get(cluster)?.get(liveKey(ref));
    if (!object) return;
    const children = crossplaneChildren(object, role, kinds).filter(
      c => c.role !== 'managed' || world.managedResources,
    );
    objects.push({
      cluster,
      destination: root.destination,
      owner: root.owner,
      role,
      object,
      children: children.map(c => c.ref),
    });
    for (const child of children) visit(root, child.ref, child.role, depth + 1);
  };

  for (const root of roots) visit(root, root.ref, root.role, 0);
  return {
    objects,
    watch: Array.from(watch.values()),
    looked: Array.from(seen),
  };
}
