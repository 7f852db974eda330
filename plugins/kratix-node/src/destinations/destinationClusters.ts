import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';

/**
 * How Destinations map to the clusters (under `kratix.clusters`) their workloads are applied to, from
 * `kratix.destinations`.
 *
 * @public
 */
export interface DestinationClusterRules {
  /** Cluster by Destination name, from `kratix.destinations.<name>.cluster`; wins over the labels. */
  clusters: Record<string, string>;
  /** Labels on a Destination that name its cluster, in the order they are tried. */
  labels: string[];
}

/** The label on a Destination that names its cluster. */
const CLUSTER_LABEL: string = KRATIX_ANNOTATIONS.cluster;

/**
 * Reads `kratix.destinations` (and, with a warning, the deprecated `catalog.providers.kratix.<id>.destinations`
 * blocks); throws an `InputError` naming the key when a value is wrong or two keys map one Destination to two
 * clusters.
 *
 * @public
 */
export function readDestinationClusterRules(
  config: Config,
  options: { logger?: LoggerService } = {},
): DestinationClusterRules {
  const clusters: Record<string, string> = {};
  const from: Record<string, string> = {};
  const set = (destination: string, cluster: string, key: string) => {
    if (!cluster.trim()) {
      throw new InputError(
        `${key} is empty; name a cluster configured under kratix.clusters`,
      );
    }
    if (clusters[destination] && clusters[destination] !== cluster) {
      throw new InputError(
        `${key} maps Destination '${destination}' to cluster '${cluster}', but ${from[destination]} maps it to '${clusters[destination]}'; keep one, under kratix.destinations.${destination}.cluster`,
      );
    }
    clusters[destination] = cluster;
    from[destination] ??= key;
  };

  const destinations = config.getOptionalConfig('kratix.destinations');
  for (const name of destinations?.keys() ?? []) {
    const key = `kratix.destinations.${name}.cluster`;
    const value = destinations!.getOptional(`${name}.cluster`);
    if (typeof value !== 'string') {
      throw new InputError(
        `${key} must be the name of a cluster configured under kratix.clusters`,
      );
    }
    set(name, value, key);
  }

  const labels = [CLUSTER_LABEL];
  const providers = config.getOptionalConfig('catalog.providers.kratix');
  for (const id of providers?.keys() ?? []) {
    const at = `catalog.providers.kratix.${id}.destinations`;
    const block = providers!.getConfig(id).getOptionalConfig('destinations');
    const map = block?.getOptionalConfig('clusters');
    for (const name of map?.keys() ?? []) {
      options.logger?.warn(
        `${at}.clusters.${name} is deprecated; set kratix.destinations.${name}.cluster instead, which the catalog and the Kratix backend both read`,
      );
      set(name, map!.getString(name), `${at}.clusters.${name}`);
    }
    const label = block?.getOptionalString('clusterLabel');
    if (label !== undefined && label !== CLUSTER_LABEL) {
      options.logger?.warn(
        `${at}.clusterLabel is deprecated; label Destinations '${CLUSTER_LABEL}: <cluster>' or set kratix.destinations.<destination>.cluster instead`,
      );
      if (!labels.includes(label)) labels.unshift(label);
    }
  }
  return { clusters, labels };
}

/**
 * The cluster a Destination stands for: `kratix.destinations.<name>.cluster`, else the Destination's
 * `kratix.backstage.io/cluster` label, else a configured cluster of the Destination's own name; undefined when none
 * says. Kratix itself does not know (a Destination is only a path in a state store), so this is the one place that
 * decides. The cluster named may still be missing from `kratix.clusters`: check with `isKnownCluster`.
 *
 * @public
 */
export function destinationClusterOf(
  destination: { name: string; labels?: Record<string, string> },
  rules: DestinationClusterRules,
  isKnownCluster: (cluster: string) => boolean,
): string | undefined {
  const configured = rules.clusters[destination.name];
  if (configured) return configured;
  for (const label of rules.labels) {
    const value = destination.labels?.[label]?.trim();
    if (value) return value;
  }
  return isKnownCluster(destination.name) ? destination.name : undefined;
}

/**
 * Why a Destination's Crossplane objects cannot be read: it names no cluster, or one not under `kratix.clusters`.
 *
 * @public
 */
export function destinationClusterProblem(
  destination: string,
  cluster: string | undefined,
): string {
  if (cluster) {
    return `Destination '${destination}' stands for cluster '${cluster}', which is not configured under kratix.clusters; its Crossplane objects are not read`;
  }
  return `Destination '${destination}' is not mapped to a cluster: label it '${CLUSTER_LABEL}: <cluster>' or set kratix.destinations.${destination}.cluster`;
}
