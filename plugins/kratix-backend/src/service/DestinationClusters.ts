import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixDestination,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { reasonOf } from './readSummary';

/** Finds the cluster a Destination stands for: `kratix.destinations`, the entity's annotation, the Destination's label, or a cluster of the same name. */
export class DestinationClusters {
  readonly #known = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly calls: ClusterCalls,
    private readonly target: KratixEntityTarget,
    private readonly options: { destinationClusters: Record<string, string> },
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
    const configured = this.options.destinationClusters[destination];
    if (configured) return configured;
    if (
      this.target.destinationCluster &&
      (!this.target.destination || this.target.destination === destination)
    ) {
      return this.target.destinationCluster;
    }
    let labelled: string | undefined;
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
      labelled = object.metadata.labels?.[KRATIX_ANNOTATIONS.cluster];
    } catch (error) {
      failure = reasonOf(error);
    }
    if (labelled) return labelled;
    if (this.calls.hasCluster(destination)) return destination;
    problems.push(
      `Destination '${destination}' is not mapped to a cluster${
        failure ? ` (${failure})` : ''
      }: label it '${
        KRATIX_ANNOTATIONS.cluster
      }: <cluster>' or set kratix.destinations.${destination}.cluster in app-config.yaml`,
    );
    return undefined;
  }
}
