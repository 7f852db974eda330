import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Kratix entity providers, one per platform cluster, by id (the provider is named `kratix-provider:<id>`). */
      kratix?: {
        [id: string]: {
          /** Name under `kratix.clusters` of the platform cluster (where Kratix runs); the default cluster when absent. */
          cluster?: string;
          /** Catalog namespace of the entities. Default `default`. */
          entityNamespace?: string;
          /**
           * @deprecated Set `kratix.destinations.<destination>.cluster` instead (or label the Destination
           * `kratix.backstage.io/cluster: <cluster>`), which the catalog and the Kratix backend both read. Still
           * honoured, with a warning at start-up.
           */
          destinations?: {
            /** @deprecated Use `kratix.destinations.<destination>.cluster`. */
            clusters?: { [destination: string]: string };
            /** @deprecated Label Destinations `kratix.backstage.io/cluster` instead. */
            clusterLabel?: string;
          };
          /** Namespaces of resource requests to ingest. */
          namespaces?: {
            /**
             * Only these namespaces; all when absent. When set, requests, Works and WorkPlacements are listed and
             * watched in each of these namespaces only (never cluster-wide), so read access to these namespaces is
             * enough; requests of cluster-scoped Promise APIs are then not ingested.
             */
            include?: string[];
            /** Never these namespaces (not read at all when `include` is set). */
            exclude?: string[];
          };
          /** Owners of the entities. A request's own `kratix.backstage.io/owner` annotation wins over both. */
          owner?: {
            /** Entity ref of the owner when nothing else names one. Default `unknown`. */
            default?: string;
            /** Owner of the requests of a namespace, by namespace. */
            namespaces?: { [namespace: string]: string };
          };
          resourceRequests?: {
            /** Catalog kind of resource request entities: `Resource` (default) or `Component`. */
            entityKind?: 'Resource' | 'Component';
            /**
             * Also give each request the annotations the core Kubernetes plugin reads (`backstage.io/kubernetes-id`,
             * `-namespace`, `-label-selector`), so its Kubernetes tab lists the request's objects. Default false: turn
             * it on only where the Kubernetes backend knows the platform cluster, or the tab shows an error.
             */
            kubernetesAnnotations?: boolean;
          };
          templates?: {
            /** Generate a Software Template per Promise with an API. Default true; a Promise opts out with the annotation or label `kratix.backstage.io/generate-template: "false"`. */
            enabled?: boolean;
          };
          crossplane?: {
            /** Read the Crossplane claims and composites requests produced, on their Destinations' clusters. Default true. */
            enabled?: boolean;
            /** Also ingest the managed resources of composites. Default false. */
            managedResources?: boolean;
            /** Ingest the XRDs of worker clusters as API entities. Default true. */
            xrds?: boolean;
          };
          /**
           * The scheduled task (always `scope: global`): each run lists everything (the full resync), then holds watches
           * until its `timeout` is near (minus 10 %, at most 1 minute). Default frequency 30 s, timeout 10 minutes.
           */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          /** How long a run waits for every source's first list before publishing what it has. Default 60. */
          syncTimeoutSeconds?: number;
          /**
           * Objects per LIST request (`limit`, following `continue` tokens) of every list and informer, on the platform
           * and worker clusters. Default 500; lower it when the API server answers large pages slowly.
           */
          pageSize?: number;
        };
      };
    };
  };
}
