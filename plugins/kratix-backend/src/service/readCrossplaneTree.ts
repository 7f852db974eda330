import { InputError } from '@backstage/errors';
import {
  KubernetesObject,
  groupOfApiVersion,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import { CrossplaneTreeWalker, Pending, keyOf } from './CrossplaneTreeWalker';
import { decodeWorkloads } from './decodeWorkloads';
import { DestinationClusters } from './DestinationClusters';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { readPlacements, workOf } from './readPlacements';
import { readTargetObject, reasonOf } from './readSummary';
import type { KratixCrossplaneTree } from '@kratix-backstage/plugin-kratix-common';

/** Limits and mappings of {@link readCrossplaneTree}. */
export interface CrossplaneTreeOptions {
  maxDepth: number;
  maxNodes: number;
  /** Cluster of each Destination, from `kratix.destinations`. */
  destinationClusters: Record<string, string>;
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

/**
 * The Crossplane objects behind a resource request (found in the objects its Works placed on Destinations, read on
 * the Destinations' clusters) or behind a Crossplane entity, followed through claim → XR → managed resources and
 * nested XRs by their refs (never by listing a category), with depth and node-count caps.
 */
export async function readCrossplaneTree(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  options: CrossplaneTreeOptions,
): Promise<KratixCrossplaneTree> {
  const problems: string[] = [];
  const roots: Pending[] = [];

  if (target.role === 'crossplane') {
    roots.push({
      cluster: calls.clusterName(target.cluster),
      apiVersion: target.apiVersion,
      kind: target.kind,
      ...(target.namespace && { namespace: target.namespace }),
      name: target.name,
      ...(target.destination && { destination: target.destination }),
    });
  } else if (target.role === 'resource') {
    const object = await readTargetObject(calls, target);
    const { works, workPlacements } = await readPlacements(
      calls,
      target,
      object,
    );
    const clusters = new DestinationClusters(calls, target, options);
    const seen = new Set<string>();
    for (const wp of workPlacements) {
      const destination = wp.spec?.targetDestinationName;
      let objects: KubernetesObject[];
      try {
        const workloads =
          wp.spec?.workloads ??
          workOf(wp, works)?.spec?.workloadGroups?.find(
            g => g.id === wp.spec?.id,
          )?.workloads;
        objects = decodeWorkloads(workloads).filter(mayBeCrossplaneObject);
      } catch (error) {
        problems.push(
          `WorkPlacement '${wp.metadata.name}' could not be read: ${reasonOf(
            error,
          )}`,
        );
        continue;
      }
      if (objects.length === 0) continue;
      if (!destination) {
        problems.push(
          `WorkPlacement '${wp.metadata.name}' names no Destination (spec.targetDestinationName)`,
        );
        continue;
      }
      const cluster = await clusters.resolve(destination, problems);
      if (!cluster) continue;
      for (const o of objects) {
        const key = keyOf({
          cluster,
          apiVersion: o.apiVersion,
          kind: o.kind,
          namespace: o.metadata.namespace,
          name: o.metadata.name!,
        });
        if (seen.has(key)) continue;
        seen.add(key);
        roots.push({
          cluster,
          apiVersion: o.apiVersion,
          kind: o.kind,
          ...(o.metadata.namespace && { namespace: o.metadata.namespace }),
          name: o.metadata.name!,
          destination,
        });
      }
    }
  } else {
    throw new InputError(
      `Entity '${target.entityRef}' stands for ${target.kind} '${target.name}', which has no Crossplane objects; ask for a resource request or a Crossplane claim, XR or managed resource`,
    );
  }

  const walker = new CrossplaneTreeWalker(calls, options);
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
