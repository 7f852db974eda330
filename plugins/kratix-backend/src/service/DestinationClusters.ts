import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixDestination,
} from '@kratix-backstage/plugin-kratix-common';
import {
  DestinationClusterRules,
  destinationClusterOf,
  destinationClusterProblem,
} from '@kratix-backstage/plugin-kratix-node';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { reasonOf } from './readSummary';

/**
 * Finds the cluster a Destination stands for by the rule the catalog uses (`destinationClusterOf` of kratix-node),
 * reading the Destination's labels; when the Destination cannot be read, the entity's own annotation (written by
 * the catalog with the same rule) stands in for them.
 */
export class DestinationClusters {
  readonly #known = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly calls: ClusterCalls,
    private readonly target: KratixEntityTarget,
    private readonly options: { destinations: DestinationClusterRules },
  ) {}

  resolve(
    destination: string,
    problems: string[],
  ): Promise<string | undefined> {
    let known = this.#known.get(destination);
    if (!known) {
      known = this.#lookup(destination, problems);
      this.#known.set(destination, known);
    }
    return known;
  }

  async #lookup(
    destination: string,
    problems: string[],
  ): Promise<string | undefined> {
    const isKnown = (name: string) => this.calls.hasCluster(name);
    let cluster: string | undefined;
    let failure: string | undefined;
    try {
      const object = await this.calls.run(
        this.target.cluster,
        `reading Destination '${destination}'`,
        client =>
          client.get<KratixDestination>({
            apiVersion: KRATIX_API_VERSION,
            kind: KRATIX_KINDS.destination,
            name: destination,
          }),
      );
      cluster = destinationClusterOf(
        { name: destination, labels: object.metadata.labels },
        this.options.destinations,
        isKnown,
      );
    } catch (error) {
      failure = reasonOf(error);
      const annotated =
        this.target.destinationCluster &&
        (!this.target.destination || this.target.destination === destination)
          ? this.target.destinationCluster
          : undefined;
      cluster =
        this.options.destinations.clusters[destination] ??
        annotated ??
        destinationClusterOf(
          { name: destination },
          this.options.destinations,
          isKnown,
        );
    }
    if (cluster && isKnown(cluster)) return cluster;
    problems.push(
      `${destinationClusterProblem(destination, cluster)}${
        failure ? ` (reading the Destination: ${failure})` : ''
      }`,
    );
    return undefined;
  }
}
