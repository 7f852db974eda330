import {
  CROSSPLANE_APIEXTENSIONS_GROUP,
  CROSSPLANE_RESOURCES,
  CompositeResourceDefinition,
  groupOfApiVersion,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * What an XRD makes of a kind: its composite resource (`spec.names`) or its claim (`spec.claimNames`), and whether
 * objects of the kind live in a namespace.
 *
 * @public
 */
export interface CrossplaneKind {
  role: 'claim' | 'composite';
  namespaced: boolean;
  /** For a claim kind: the composite kind its claims bind to (`spec.names.kind`), in the same group and version. */
  compositeKind?: string;
}

/**
 * Whether an object is a Crossplane CompositeResourceDefinition (v1 or v2).
 *
 * @public
 */
export function isCompositeResourceDefinition(
  object: unknown,
): object is CompositeResourceDefinition {
  const o = object as { apiVersion?: unknown; kind?: unknown } | undefined;
  return (
    o?.kind === CROSSPLANE_RESOURCES.compositeResourceDefinition.kind &&
    typeof o.apiVersion === 'string' &&
    groupOfApiVersion(o.apiVersion) === CROSSPLANE_APIEXTENSIONS_GROUP
  );
}

/**
 * The scope an XRD gives its composite resources: `spec.scope`, defaulting to `LegacyCluster` on v1 and `Namespaced`
 * on v2 (upstream crossplane `apis/apiextensions/{v1,v2}/xrd_types.go`).
 *
 * @public
 */
export function compositeScope(xrd: CompositeResourceDefinition): string {
  const scope = xrd.spec?.scope;
  if (typeof scope === 'string' && scope) return scope;
  return String(xrd.apiVersion).endsWith('/v2')
    ? 'Namespaced'
    : 'LegacyCluster';
}

/**
 * The claim and composite kinds the XRDs of one cluster define, by API group and kind. Built from the XRDs read on
 * the cluster and those a Work places there (a Promise's dependencies often carry them).
 *
 * @public
 */
export class CrossplaneKinds {
  readonly #byType = new Map<string, CrossplaneKind>();

  /** The kinds of these XRDs; objects that are not XRDs are ignored. */
  static of(xrds: Iterable<unknown>): CrossplaneKinds {
    const kinds = new CrossplaneKinds();
    for (const xrd of xrds) kinds.add(xrd);
    return kinds;
  }

  /** Adds the kinds of an XRD; the first XRD to define a kind wins. Ignores what is not an XRD. */
  add(xrd: unknown): void {
    if (!isCompositeResourceDefinition(xrd)) return;
    const spec = xrd.spec;
    if (!spec?.group || !spec.names?.kind) return;
    this.#set(spec.group, spec.names.kind, {
      role: 'composite',
      namespaced: compositeScope(xrd) === 'Namespaced',
    });
    // Claims are namespaced proxies of a (legacy) cluster-scoped composite (upstream `xrd_types.go`, `claimNames`).
    if (spec.claimNames?.kind) {
      this.#set(spec.group, spec.claimNames.kind, {
        role: 'claim',
        namespaced: true,
        compositeKind: spec.names.kind,
      });
    }
  }

  /** What the XRDs make of a kind, or undefined when no XRD defines it. */
  get(apiVersion: string, kind: string): CrossplaneKind | undefined {
    return this.#byType.get(`${groupOfApiVersion(apiVersion)}/${kind}`);
  }

  /** How many kinds are known. */
  get size(): number {
    return this.#byType.size;
  }

  #set(group: string, kind: string, value: CrossplaneKind) {
    const key = `${group}/${kind}`;
    if (!this.#byType.has(key)) this.#byType.set(key, value);
  }
}
