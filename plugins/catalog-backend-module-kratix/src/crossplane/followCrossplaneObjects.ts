import {
  CompositeResourceDefinition,
  CompositeResourceRefs,
  groupOfApiVersion,
  KubernetesObject,
  ObjectReference,
} from '@kratix-backstage/plugin-kratix-common';
import type { CrossplaneRole } from '../transformers/crossplaneToEntities';

/** A kind to read live on a cluster. */
export interface WatchTarget {
  cluster: string;
  apiVersion: string;
  kind: string;
}

/** A kind an XRD defines: its composite, or its claim (with the composite kind its claims bind to). */
export interface XrdKind {
  role: 'claim' | 'xr';
  namespaced: boolean;
  compositeKind?: string;
}

/** A reference from one Crossplane object to another. */
export interface CrossplaneRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Where the following starts: an object a request's pipeline placed on a Destination's cluster. */
export interface CrossplaneRoot {
  cluster: string;
  destination: string;
  object: KubernetesObject;
  role: CrossplaneRole;
  owner: string;
  namespace?: string;
}

/** An object reached from a root, read live, with the references it was followed along. */
export interface FollowedObject {
  cluster: string;
  destination: string;
  owner: string;
  role: CrossplaneRole;
  object: KubernetesObject;
  children: CrossplaneRef[];
}

/** What {@link followCrossplaneObjects} reads. */
export interface CrossplaneWorld {
  /** Per cluster, the objects read live, by {@link liveKey}. */
  live: Map<string, Map<string, KubernetesObject>>;
  /** Per cluster, the kinds its XRDs define, by {@link typeKey}. */
  xrds: Map<string, Map<string, XrdKind>>;
  /** Follow an XR to its managed resources too, not only to nested XRs. */
  managedResources: boolean;
}

/** Crossplane nests composites; deeper than this is a cycle or a mistake. */
const MAX_COMPOSITION_DEPTH = 8;

const join = (...parts: Array<string | undefined>) =>
  parts.map(p => p ?? '').join('/');

/** A kind across versions: group and kind, as Crossplane's references match it. */
export const typeKey = (apiVersion: string, kind: string) =>
  `${groupOfApiVersion(apiVersion)}/${kind}`;

/** The key of a live object in {@link CrossplaneWorld.live}. */
export const liveKey = (o: {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}) => join(typeKey(o.apiVersion, o.kind), o.namespace, o.name);

/** True for a Crossplane CompositeResourceDefinition of any version. */
export function isXrd(o: unknown): o is CompositeResourceDefinition {
  const obj = o as KubernetesObject | undefined;
  return (
    obj?.kind === 'CompositeResourceDefinition' &&
    typeof obj.apiVersion === 'string' &&
    obj.apiVersion.startsWith('apiextensions.crossplane.io/')
  );
}

/**
 * The kinds an XRD defines, by {@link typeKey}: the composite, scoped as the XRD says (v2 XRDs default to
 * Namespaced, v1 composites are cluster-scoped), and the claim when it names one (always namespaced).
 * (crossplane/crossplane apis/apiextensions/v1 and v2 xrd_types.go)
 */
export function xrdKinds(
  xrd: CompositeResourceDefinition,
): Array<[string, XrdKind]> {
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
      { role: 'claim', namespaced: true, compositeKind: spec.names.kind },
    ]);
  }
  return out;
}

/** The objects an object refers to, by its role: a claim to its XR, an XR to what it composed. */
function childrenOf(
  object: KubernetesObject,
  ref: CrossplaneRef,
  role: CrossplaneRole,
  kinds: Map<string, XrdKind> | undefined,
  managedResources: boolean,
): Array<{ ref: CrossplaneRef; role: CrossplaneRole }> {
  if (role === 'claim') {
    const r = (object.spec as { resourceRef?: ObjectReference } | undefined)
      ?.resourceRef;
    if (!r?.apiVersion || !r.kind || !r.name) return [];
    const namespaced = kinds?.get(typeKey(r.apiVersion, r.kind))?.namespaced;
    return [
      {
        ref: {
          apiVersion: r.apiVersion,
          kind: r.kind,
          name: r.name,
          namespace: namespaced ? ref.namespace : undefined,
        },
        role: 'xr',
      },
    ];
  }
  if (role !== 'xr') return [];
  const spec = object.spec as
    | (CompositeResourceRefs & { crossplane?: CompositeResourceRefs })
    | undefined;
  // v2 composites keep their references under spec.crossplane, v1 ones at the top of spec.
  const refs = spec?.crossplane?.resourceRefs ?? spec?.resourceRefs;
  const children: Array<{ ref: CrossplaneRef; role: CrossplaneRole }> = [];
  for (const r of Array.isArray(refs) ? refs : []) {
    if (!r?.apiVersion || !r.kind || !r.name) continue;
    const nested = kinds?.get(typeKey(r.apiVersion, r.kind));
    const childRole: CrossplaneRole = nested?.role === 'xr' ? 'xr' : 'managed';
    if (childRole === 'managed' && !managedResources) continue;
    children.push({
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
  return children;
}

/**
 * Follows each root along its references (claim → XR → composed resources, never by category) through the objects
 * read live, and says which kinds to read for that. Each object is reached once, from the first root that leads to
 * it, and listed before its children.
 */
export function followCrossplaneObjects(
  roots: CrossplaneRoot[],
  world: CrossplaneWorld,
): { objects: FollowedObject[]; watch: WatchTarget[] } {
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
    ref: CrossplaneRef,
    role: CrossplaneRole,
    depth: number,
  ) => {
    const { cluster } = root;
    const id = join(cluster, liveKey(ref));
    if (seen.has(id) || depth > MAX_COMPOSITION_DEPTH) return;
    seen.add(id);
    want(cluster, ref.apiVersion, ref.kind);
    const kinds = world.xrds.get(cluster);
    // A claim's composite is of the kind its XRD names, in the same group and version: read both kinds at once
    // rather than waiting for the claim's spec.resourceRef.
    const compositeKind =
      role === 'claim'
        ? kinds?.get(typeKey(ref.apiVersion, ref.kind))?.compositeKind
        : undefined;
    if (compositeKind) want(cluster, ref.apiVersion, compositeKind);
    const object = world.live.get(cluster)?.get(liveKey(ref));
    if (!object) return;
    const children = childrenOf(
      object,
      ref,
      role,
      kinds,
      world.managedResources,
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

  for (const root of roots) {
    visit(
      root,
      {
        apiVersion: root.object.apiVersion,
        kind: root.object.kind,
        namespace: root.namespace,
        name: root.object.metadata.name!,
      },
      root.role,
      0,
    );
  }
  return { objects, watch: Array.from(watch.values()) };
}
