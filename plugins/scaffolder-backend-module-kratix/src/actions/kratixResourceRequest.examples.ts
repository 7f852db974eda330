import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Request a Redis from the redis Promise on the default cluster, owned by the chosen group, and wait until Kratix has reconciled it',
    example: yaml.stringify({
      steps: [
        {
          id: 'request',
          action: 'kratix:resource:request',
          name: 'Request Redis',
          input: {
            promise: 'redis',
            name: 'orders-cache',
            namespace: 'default',
            owner: 'group:default/team-a',
            spec: { size: 'small' },
            wait: true,
            timeoutSeconds: 60,
          },
        },
      ],
    }),
  },
  {
    description:
      'Change the size of an existing Kafka (named by the apiVersion and kind of the Promise API), with extra labels, without waiting',
    example: yaml.stringify({
      steps: [
        {
          id: 'request',
          action: 'kratix:resource:request',
          name: 'Resize Kafka',
          input: {
            cluster: 'platform',
            apiVersion: 'marketplace.kratix.io/v1alpha1',
            kind: 'kafka',
            name: 'orders',
            namespace: 'default',
            owner: 'group:default/team-a',
            spec: { size: 'large' },
            labels: { 'example.com/cost-centre': 'cc-42' },
            ifExists: 'update',
          },
        },
      ],
    }),
  },
];
