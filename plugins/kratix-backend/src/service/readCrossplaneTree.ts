import { InputError, NotFoundError } from '@backstage/errors';
import {
  CROSSPLANE_APIEXTENSIONS_GROUP,
  CROSSPLANE_RESOURCES,
  CompositeResourceDefinition,
  KubernetesObject,
  groupOfApiVersion,
} from '@kratix-backstage/plugin-kratix-common';
import {
  CrossplaneKinds,
  DestinationClusterRules,
  crossplaneRoleOf,
  decodeWorkloadOnce,
  isCompositeResourceDefinition,
  placedObjectRef,
  placementWorkloads,
  workOfPlacement,
} from '@kratix-backstage/plugin-kratix-node';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import { CrossplaneTreeWalker, Pending, keyOf } from './CrossplaneTreeWalker';
import { DestinationClusters } from './DestinationClusters';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { readPlacements } from './readPlacements';
import { readTargetObject, reasonOf } from './readSummary';
import type { KratixCrossplaneTree } from '@kratix-backstage/plugin-kratix-common';

/** Limits and mappings of {@link readCrossplaneTree}. */
export interface CrossplaneTreeOptions {
  maxDepth: number;
  maxNodes: number;
  /** How Destinations map to clusters, from `kratix.destinations`. */
  destinations: DestinationClusterRules;
}

// Groups whose objects are never claims or XRs: Kubernetes' own, Kratix's, and Crossplane's machinery.
const NOT_CROSSPLANE_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'apiextensions.crossplane.io',
  'pkg.crossplane.io',
  'protection.crossplane.io',
  'ops.crossplane.io',
]);

/** True when an object from a Work may be a Crossplane claim, XR or managed resource (its group is not Kubernetes' or Kratix's). */
export function mayBeCrossplaneObject(object: KubernetesObject): boolean {
  if (!object.apiVersion || !object.kind || !object.metadata?.name) {
    return false;
  }
  const group = groupOfApiVersion(object.apiVersion);
  return (
    !NOT_CROSSPLANE_GROUPS.has(group) &&
    !group.endsWith('.k8s.io') &&
    !group.endsWith('kratix.io')
  );
}

/** The XRDs of a cluster, or undefined when they cannot be listed (with a problem, unless the cluster serves none). */
async function readXrds(
  calls: ClusterCalls,
  cluster: string,
  problems: string[],
): Promise<CompositeResourceDefinition[] | undefined> {
  try {
    const list = await calls.run(
      cluster,
      'listing CompositeResourceDefinitions',
      (client, signal) =>
        client.list<CompositeResourceDefinition>({
          apiVersion: `${CROSSPLANE_APIEXTENSIONS_GROUP}/v1`,
          kind: CROSSPLANE_RESOURCES.compositeResourceDefinition.kind,
          signal,
        }),
    );
    return list.items;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    problems.push(
      `The XRDs of cluster '${cluster}' could not be listed, so claims and composites there are told apart by their fields only: ${reasonOf(
        error,
      )}`,
    );
    return undefined;
  }
}

interface Placed {
  cluster: string;
  destination: string;
  object: KubernetesObject;
}

/** What the Works of a request placed, decoded, on the clusters their Destinations stand for. */
async function placedObjects(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  options: CrossplaneTreeOptions,
  problems: string[],
): Promise<Placed[]> {
  const object = await readTargetObject(calls, target);
  const { works, workPlacements } = await readPlacements(calls, target, object);
  const clusters = new DestinationClusters(calls, target, options);
  const placed: Placed[] = [];
  for (const wp of workPlacements) {
    const destination = wp.spec?.targetDestinationName;
    let objects: KubernetesObject[];
    try {
      objects = placementWorkloads(wp, workOfPlacement(wp, works)).flatMap(
        decodeWorkloadOnce,
      );
    } catch (error) {
      problems.push(
        `WorkPlacement '${wp.metadata.name}' could not be read: ${reasonOf(
          error,
        )}`,
      );
      continue;
    }
    objects = objects.filter(
      o => mayBeCrossplaneObject(o) || isCompositeResourceDefinition(o),
    );
    if (objects.length === 0) continue;
    if (!destination) {
      problems.push(
        `WorkPlacement '${wp.metadata.name}' names no Destination (spec.targetDestinationName)`,
      );
      continue;
    }
    const cluster = await clusters.resolve(destination, problems);
    if (!cluster) continue;
    for (const o of objects) placed.push({ cluster, destination, object: o });
  }
  return placed;
}

/**
 * The Crossplane objects behind a resource request (found in the objects its Works placed on Destinations, read on
 * the Destinations' clusters) or behind a Crossplane entity, followed through claim → XR → managed resources and
 * nested XRs by their refs (never by listing a category), with depth and node-count caps. Roles and refs follow the
 * rules the catalog uses (kratix-node's `crossplaneRoleOf` and `crossplaneChildren`, with each cluster's XRDs).
 */
export async function readCrossplaneTree(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  options: CrossplaneTreeOptions,
): Promise<KratixCrossplaneTree> {
  const problems: string[] = [];
  const roots: Pending[] = [];
  const kinds = new Map<string, CrossplaneKinds>();
  /** Clusters whose XRDs could not be listed: there, what a Work placed is a candidate until read. */
  const blind = new Set<string>();
  const kindsOf = async (cluster: string) => {
    let known = kinds.get(cluster);
    if (!known) {
      const xrds = await readXrds(calls, cluster, problems);
      if (!xrds) blind.add(cluster);
      known = CrossplaneKinds.of(xrds ?? []);
      kinds.set(cluster, known);
    }
    return known;
  };

  if (target.role === 'crossplane') {
    const cluster = calls.clusterName(target.cluster);
    await kindsOf(cluster);
    roots.push({
      cluster,
      apiVersion: target.apiVersion,
      kind: target.kind,
      ...(target.namespace && { namespace: target.namespace }),
      name: target.name,
      ...(target.destination && { destination: target.destination }),
    });
  } else if (target.role === 'resource') {
    const placed = await placedObjects(calls, target, options, problems);
    for (const cluster of new Set(placed.map(p => p.cluster))) {
      const known = await kindsOf(cluster);
      // A Promise's dependencies often carry the XRDs its requests' claims need.
      for (const p of placed) if (p.cluster === cluster) known.add(p.object);
    }
    const seen = new Set<string>();
    for (const { cluster, destination, object } of placed) {
      if (isCompositeResourceDefinition(object)) continue;
      const known = kinds.get(cluster)!;
      if (!crossplaneRoleOf(object, known) && !blind.has(cluster)) continue;
      const ref = { cluster, ...placedObjectRef(object, known), destination };
      const key = keyOf(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      roots.push(ref);
    }
  } else {
    throw new InputError(
      `Entity '${target.entityRef}' stands for ${target.kind} '${target.name}', which has no Crossplane objects; ask for a resource request or a Crossplane claim, XR or managed resource`,
    );
  }

  const walker = new CrossplaneTreeWalker(calls, {
    maxDepth: options.maxDepth,
    maxNodes: options.maxNodes,
    kindsOf: cluster => kinds.get(cluster) ?? new CrossplaneKinds(),
  });
  const nodes = await Promise.all(roots.map(root => walker.visit(root, 0)));
  // Objects in a Work that turn out not to be Crossplane's (e.g. a ConfigMap of another group) are not roots.
  const kept = nodes.filter(
    n => !n.found || n.role !== 'unknown' || n.children.length > 0,
  );
  return {
    entityRef: target.entityRef,
    roots: kept,
    problems,
    truncated: walker.truncated,
    fetchedAt: new Date().toISOString(),
  };
}
