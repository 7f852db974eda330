import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete a Kafka requested from the kafka Promise',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          action: 'kratix:resource:delete',
          name: 'Delete Kafka',
          input: {
            promise: 'kafka',
            name: 'orders-events',
            namespace: 'default',
          },
        },
      ],
    }),
  },
  {
    description:
      'Delete a Kafka named by its API on a given cluster, doing nothing if it is already gone, and wait until it is',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          action: 'kratix:resource:delete',
          name: 'Delete Kafka',
          input: {
            cluster: 'platform',
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            kind: 'kafka',
            name: 'orders',
            namespace: 'default',
            ifMissing: 'ignore',
            wait: true,
            timeoutSeconds: 60,
          },
        },
      ],
    }),
  },
];
