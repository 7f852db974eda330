import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Write a validated Redis request into the workspace, for a pull request to the GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifest',
          action: 'kratix:resource:manifest',
          name: 'Write the Redis request',
          input: {
            promise: 'redis',
            name: 'orders-cache',
            namespace: 'default',
            owner: 'group:default/team-a',
            spec: { size: 'large' },
            path: 'platform/redis/orders-cache.yaml',
          },
        },
        {
          id: 'publish',
          action: 'publish:github:pull-request',
          name: 'Open a pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=platform-requests',
            branchName: 'request-orders-cache',
            title: 'Request Redis orders-cache',
            description:
              'Adds ${{ steps.manifest.output.path }} for ${{ steps.manifest.output.entityRef }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Write a Kafka request at the default path, also checked by the API server with a dry run',
    example: yaml.stringify({
      steps: [
        {
          id: 'manifest',
          action: 'kratix:resource:manifest',
          name: 'Write the Kafka request',
          input: {
            cluster: 'platform',
            promise: 'kafka',
            name: 'orders',
            owner: 'group:default/team-a',
            spec: { size: 'small' },
            serverDryRun: true,
          },
        },
      ],
    }),
  },
];
