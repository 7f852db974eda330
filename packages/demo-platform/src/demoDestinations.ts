import { KRATIX_API_VERSION } from '@kratix-backstage/plugin-kratix-common';
import { condition } from './conditions';
import { DESTINATION_CLUSTER_LABEL } from './kratixWork';

/** Name of the state store behind the demo's Destinations. */
export const DEMO_STATE_STORE = 'default';

/**
 * A Ready state store named {@link DEMO_STATE_STORE}: `kind` is
 * `GitStateStore` or `BucketStateStore`, `spec` that kind's spec.
 */
export function readyStateStore(
  kind: string,
  spec: Record<string, unknown>,
  at: string,
): any {
  return {
    apiVersion: KRATIX_API_VERSION,
    kind,
    metadata: { name: DEMO_STATE_STORE },
    spec,
    status: {
      status: 'Ready',
      conditions: [
        condition(
          'Ready',
          'True',
          'StateStoreReady',
          'State store is ready',
          at,
        ),
      ],
    },
  };
}

/** The GitStateStore the demo's Destinations write to (nothing is ever pushed). */
export function demoStateStores(at: string): any[] {
  return [
    readyStateStore(
      'GitStateStore',
      {
        url: 'https://github.com/example/kratix-state.git',
        branch: 'main',
        authMethod: 'basicAuth',
        secretRef: { name: 'git-credentials', namespace: 'default' },
      },
      at,
    ),
  ];
}

/**
 * A Ready Destination for the cluster `name` (its path, and its
 * {@link DESTINATION_CLUSTER_LABEL}), labelled with `environment` and as
 * running Crossplane, writing to the {@link DEMO_STATE_STORE} state store of
 * kind `stateStoreKind`.
 */
export function clusterDestination(
  name: string,
  environment: string,
  at: string,
  stateStoreKind = 'GitStateStore',
): any {
  return {
    apiVersion: KRATIX_API_VERSION,
    kind: 'Destination',
    metadata: {
      name,
      labels: {
        environment,
        crossplane: 'enabled',
        [DESTINATION_CLUSTER_LABEL]: name,
      },
    },
    spec: {
      path: name,
      stateStoreRef: { kind: stateStoreKind, name: DEMO_STATE_STORE },
      filepath: { mode: 'nestedByMetadata' },
    },
    status: {
      conditions: [condition('Ready', 'True', 'StateStoreReady', 'Ready', at)],
    },
  };
}

/**
 * Destinations `worker-1` (environment dev) and `worker-2` (environment
 * prod), both with Crossplane, each labelled with the cluster it stands for.
 */
export function demoDestinations(at: string): any[] {
  return [
    clusterDestination('worker-1', 'dev', at),
    clusterDestination('worker-2', 'prod', at),
  ];
}
