import type {
  CompositeResourceRefs,
  KubernetesObject,
  ObjectReference,
} from '@kratix-backstage/plugin-kratix-common';
import { CrossplaneKinds } from './CrossplaneKinds';

/**
 * The part a Crossplane object plays: a claim, a composite resource (XR) or a managed (composed) resource.
 *
 * @public
 */
export type CrossplaneObjectRole = 'claim' | 'composite' | 'managed';

/**
 * Where to find one Crossplane object on a cluster.
 *
 * @public
 */
export interface CrossplaneObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/**
 * What of an object the Crossplane rules read: its type, and for live objects the spec Crossplane writes.
 *
 * @public
 */
export type CrossplaneObjectShape = Pick<
  KubernetesObject,
  'apiVersion' | 'kind'
> & {
  spec?: unknown;
};

type Spec = CompositeResourceRefs & {
  resourceRef?: ObjectReference;
  compositionRef?: unknown;
  compositionSelector?: unknown;
  forProvider?: unknown;
  crossplane?: CompositeResourceRefs;
};

function specOf(object: CrossplaneObjectShape): Spec {
  const spec = object.spec;
  return spec && typeof spec === 'object' ? (spec as Spec) : {};
}

/**
 * The role of a Crossplane object, or undefined when it is not one of Crossplane's. In this order:
 * the XRD that defines its kind (`spec.claimNames` → claim, `spec.names` → composite); the references Crossplane
 * writes (a composite's `spec.claimRef` / `spec.resourceRefs`, or v2's `spec.crossplane`; a claim's
 * `spec.resourceRef`; upstream `internal/controller/apiextensions/{claim,composite}/reconciler.go`); the object it
 * was reached from (what a claim points at is its composite, what a composite composes is managed unless an XRD
 * defines it); a managed resource's `spec.forProvider`.
 *
 * @public
 */
export function crossplaneRoleOf(
  object: CrossplaneObjectShape,
  kinds: CrossplaneKinds,
  parent?: CrossplaneObjectRole,
): CrossplaneObjectRole | undefined {
  const known = kinds.get(object.apiVersion, object.kind);
  if (known) return known.role;
  const spec = specOf(object);
  if (spec.crossplane || spec.resourceRefs || spec.claimRef) return 'composite';
  if (spec.resourceRef) return 'claim';
  if (parent === 'claim') return 'composite';
  if (parent === 'composite') return 'managed';
  if (spec.forProvider) return 'managed';
  return undefined;
}

/**
 * Where an object a Work placed lands: a namespaced Crossplane kind written without a namespace lands in `default`
 * (as `kubectl apply` and GitOps agents do), a cluster-scoped one in none.
 *
 * @public
 */
export function placedObjectRef(
  object: KubernetesObject,
  kinds: CrossplaneKinds,
): CrossplaneObjectRef {
  const known = kinds.get(object.apiVersion, object.kind);
  const written = object.metadata?.namespace || undefined;
  let namespace = written;
  if (known) namespace = known.namespaced ? written ?? 'default' : undefined;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace && { namespace }),
    name: object.metadata.name!,
  };
}

/**
 * The objects a live Crossplane object points at, each with its role: a claim's composite (`spec.resourceRef`;
 * claims exist only for cluster-scoped composites), a composite's composed resources (`spec.resourceRefs`, v2
 * `spec.crossplane.resourceRefs`; without a namespace of their own they share the composite's when their kind is
 * namespaced or unknown).
 *
 * @public
 */
export function crossplaneChildren(
  object: KubernetesObject,
  role: CrossplaneObjectRole,
  kinds: CrossplaneKinds,
): Array<{ ref: CrossplaneObjectRef; role: CrossplaneObjectRole }> {
  const spec = specOf(object);
  const refs: ObjectReference[] = [];
  if (role === 'claim' && spec.resourceRef) refs.push(spec.resourceRef);
  if (role === 'composite') {
    const composed = spec.crossplane?.resourceRefs ?? spec.resourceRefs;
    if (Array.isArray(composed)) refs.push(...composed);
  }
  const children: Array<{
    ref: CrossplaneObjectRef;
    role: CrossplaneObjectRole;
  }> = [];
  for (const r of refs) {
    if (!r?.apiVersion || !r.kind || !r.name) continue;
    const known = kinds.get(r.apiVersion, r.kind);
    let namespace = r.namespace || undefined;
    if (!namespace && object.metadata?.namespace && role === 'composite') {
      namespace =
        known?.namespaced === false ? undefined : object.metadata.namespace;
    }
    if (!namespace && role === 'claim' && known?.namespaced) {
      namespace = object.metadata?.namespace;
    }
    children.push({
      ref: {
        apiVersion: r.apiVersion,
        kind: r.kind,
        ...(namespace && { namespace }),
        name: r.name,
      },
      role: crossplaneRoleOf(r as CrossplaneObjectShape, kinds, role)!,
    });
  }
  return children;
}
