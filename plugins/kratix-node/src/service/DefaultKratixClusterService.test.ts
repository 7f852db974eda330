import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { DefaultKratixClusterService } from './DefaultKratixClusterService';
import { kratixClusterServiceRef } from './kratixClusterServiceRef';
import type { KratixClusterService } from './KratixClusterService';

const config = {
  kratix: {
    clusters: [
      {
        name: 'platform',
        url: 'https://platform.example.com',
        serviceAccountToken: 'secret-token',
      },
      {
        name: 'worker',
        title: 'Worker',
        url: 'https://worker.example.com',
        serviceAccountToken: 'other-secret',
        default: true,
      },
    ],
  },
};

describe('DefaultKratixClusterService', () => {
  const service = DefaultKratixClusterService.fromConfig(
    new ConfigReader(config),
  );

  it('lists the clusters without their credentials', () => {
    expect(service.listClusters()).toEqual([
      {
        name: 'platform',
        url: 'https://platform.example.com',
        isDefault: false,
        authProvider: 'serviceAccount',
      },
      {
        name: 'worker',
        title: 'Worker',
        url: 'https://worker.example.com',
        isDefault: true,
        authProvider: 'serviceAccount',
      },
    ]);
    expect(JSON.stringify(service.listClusters())).not.toContain('secret');
  });

  it('gives one shared client per cluster, the default one without a name', () => {
    expect(service.getDefaultClusterName()).toBe('worker');
    expect(service.getClient().clusterName).toBe('worker');
    expect(service.getClient('platform')).toBe(service.getClient('platform'));
  });

  it('names the configured clusters for an unknown one', () => {
    expect(() => service.getClient('prod')).toThrow(NotFoundError);
    expect(() => service.getClient('prod')).toThrow(
      "No Kubernetes cluster named 'prod' is configured under kratix.clusters; the configured clusters are 'platform', 'worker'",
    );
  });

  it('says what to do when no cluster is configured', () => {
    const empty = DefaultKratixClusterService.fromConfig(new ConfigReader({}));
    expect(empty.listClusters()).toEqual([]);
    expect(() => empty.getClient()).toThrow(/add one under kratix.clusters/);
  });
});

describe('kratixClusterServiceRef', () => {
  it('is provided by its default factory from root config', async () => {
    let seen: KratixClusterService | undefined;
    await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: config }),
        createBackendPlugin({
          pluginId: 'probe',
          register(env) {
            env.registerInit({
              deps: {
                clusters: kratixClusterServiceRef,
                logger: coreServices.logger,
              },
              async init({ clusters }) {
                seen = clusters;
              },
            });
          },
        }),
      ],
    });
    expect(seen?.listClusters().map(c => c.name)).toEqual([
      'platform',
      'worker',
    ]);
  });
});
