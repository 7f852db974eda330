import { NotFoundError } from '@backstage/errors';
import {
  Condition,
  KubernetesObject,
  getCrossplaneState,
} from '@kratix-backstage/plugin-kratix-common';
import {
  CrossplaneKinds,
  CrossplaneObjectRole,
  crossplaneChildren,
  crossplaneRoleOf,
} from '@kratix-backstage/plugin-kratix-node';
import { stringify } from 'yaml';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import { reasonOf } from './readSummary';
import { sanitizeObject } from './sanitizeObject';
import type { KratixCrossplaneNode } from '@kratix-backstage/plugin-kratix-common';

function messagesOf(
  object: KubernetesObject,
): KratixCrossplaneNode['messages'] {
  const conditions = (object.status as { conditions?: Condition[] })
    ?.conditions;
  if (!Array.isArray(conditions)) return [];
  return conditions
    .filter(c => c && typeof c.message === 'string' && c.message)
    .sort((a, b) =>
      (b.lastTransitionTime ?? '').localeCompare(a.lastTransitionTime ?? ''),
    )
    .map(c => ({
      type: c.type,
      ...(c.reason && { reason: c.reason }),
      message: c.message!,
    }));
}

export function keyOf(o: Pending): string {
  return [o.cluster, o.apiVersion, o.kind, o.namespace ?? '', o.name].join('|');
}

export interface Pending {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  destination?: string;
}

/** Follows refs from a root, reading each object once, within the depth and node caps. */
export class CrossplaneTreeWalker {
  truncated = false;
  #count = 0;
  readonly #visited = new Set<string>();

  constructor(
    private readonly calls: ClusterCalls,
    private readonly options: {
      maxDepth: number;
      maxNodes: number;
      /** The claim and composite kinds of a cluster's XRDs. */
      kindsOf: (cluster: string) => CrossplaneKinds;
    },
  ) {}

  async visit(
    ref: Pending,
    depth: number,
    parent?: CrossplaneObjectRole,
  ): Promise<KratixCrossplaneNode> {
    this.#count += 1;
    this.#visited.add(keyOf(ref));
    const base = {
      cluster: ref.cluster,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      ...(ref.namespace && { namespace: ref.namespace }),
      name: ref.name,
      ...(ref.destination && { destination: ref.destination }),
      messages: [],
      children: [],
    };
    let object: KubernetesObject;
    try {
      object = await this.calls.run(
        ref.cluster,
        `reading ${ref.kind} '${ref.name}'`,
        client =>
          client.get({
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.name,
            namespace: ref.namespace,
          }),
      );
    } catch (error) {
      return {
        ...base,
        role: 'unknown',
        found: false,
        error:
          error instanceof NotFoundError
            ? `${ref.kind} '${ref.name}' was not found on cluster '${ref.cluster}' (not applied yet, or deleted): ${error.message}`
            : reasonOf(error),
      };
    }
    const state = getCrossplaneState(object as any);
    const kinds = this.options.kindsOf(ref.cluster);
    const role = crossplaneRoleOf(object, kinds, parent);
    const node: KratixCrossplaneNode = {
      ...base,
      ...(object.metadata.namespace && {
        namespace: object.metadata.namespace,
      }),
      role: role ?? 'unknown',
      found: true,
      state: state.state,
      ...(state.ready && { ready: state.ready }),
      ...(state.synced && { synced: state.synced }),
      messages: messagesOf(object),
      yaml: stringify(sanitizeObject(object)),
      children: [],
    };

    const refs = role ? crossplaneChildren(object, role, kinds) : [];
    if (refs.length === 0) return node;
    if (depth + 1 > this.options.maxDepth) {
      this.truncated = true;
      return node;
    }
    const next: Pending[] = [];
    for (const r of refs) {
      const child = { cluster: ref.cluster, ...r.ref };
      const key = keyOf(child);
      if (this.#visited.has(key)) continue;
      if (this.#count + next.length >= this.options.maxNodes) {
        this.truncated = true;
        break;
      }
      this.#visited.add(key);
      next.push(child);
    }
    node.children = await Promise.all(
      next.map(c => this.visit(c, depth + 1, role)),
    );
    return node;
  }
}
