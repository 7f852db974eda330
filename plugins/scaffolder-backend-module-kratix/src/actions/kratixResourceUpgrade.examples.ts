import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Upgrade a Redis to the latest version of its Promise and keep it following new versions, waiting until Kratix has run it there',
    example: yaml.stringify({
      steps: [
        {
          id: 'upgrade',
          action: 'kratix:resource:upgrade',
          name: 'Upgrade Redis',
          input: {
            promise: 'redis',
            name: 'orders-cache',
            namespace: 'default',
            version: 'latest',
            wait: true,
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
  {
    description:
      'Pin a Redis to version v1.0.0 of its Promise (it stays there when new versions come), with the version chosen in the form',
    example: yaml.stringify({
      parameters: [
        {
          title: 'Version',
          properties: {
            version: {
              type: 'string',
              title: 'Promise version',
              description: 'A version of the redis Promise, or latest',
              default: 'v1.0.0',
            },
          },
        },
      ],
      steps: [
        {
          id: 'pin',
          action: 'kratix:resource:upgrade',
          name: 'Pin Redis',
          input: {
            promise: 'redis',
            name: 'orders-cache',
            namespace: 'default',
            version: '${{ parameters.version }}',
          },
        },
      ],
    }),
  },
];
