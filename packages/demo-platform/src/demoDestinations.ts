import { KRATIX_API_VERSION } from '@kratix-backstage/plugin-kratix-common';
import { condition } from './conditions';
import { DESTINATION_CLUSTER_LABEL } from './kratixWork';

/** Name of the GitStateStore behind the demo's Destinations. */
export const DEMO_STATE_STORE = 'default';

/** The GitStateStore the demo's Destinations write to (nothing is ever pushed). */
export function demoStateStores(at: string): any[] {
  return [
    {
      apiVersion: KRATIX_API_VERSION,
      kind: 'GitStateStore',
      metadata: { name: DEMO_STATE_STORE },
      spec: {
        url: 'https://github.com/example/kratix-state.git',
        branch: 'main',
        authMethod: 'basicAuth',
        secretRef: { name: 'git-credentials', namespace: 'default' },
      },
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
    },
  ];
}

/**
 * Destinations `worker-1` (environment dev) and `worker-2` (environment
 * prod), both with Crossplane, each labelled with the cluster it stands for.
 */
export function demoDestinations(at: string): any[] {
  const destination = (name: string, environment: string) => ({
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
      stateStoreRef: { kind: 'GitStateStore', name: DEMO_STATE_STORE },
      filepath: { mode: 'nestedByMetadata' },
    },
    status: {
      conditions: [condition('Ready', 'True', 'StateStoreReady', 'Ready', at)],
    },
  });
  return [destination('worker-1', 'dev'), destination('worker-2', 'prod')];
}
