import { ConfigReader } from '@backstage/config';
import { readClusterConfig } from './readClusterConfig';

function read(data: object) {
  return readClusterConfig(new ConfigReader(data));
}

describe('readClusterConfig', () => {
  it('returns no clusters when kratix.clusters is absent', () => {
    expect(read({})).toEqual([]);
    expect(read({ kratix: {} })).toEqual([]);
  });

  it('reads a service-account cluster and makes the first cluster the default', () => {
    expect(
      read({
        kratix: {
          clusters: [
            {
              name: 'platform',
              title: 'Platform',
              url: 'https://10.0.0.1:6443/',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'secret',
              caData: 'Q0E=',
            },
            {
              name: 'worker',
              kubeconfigPath: 'worker.kubeconfig',
              kubeconfigContext: 'worker-admin',
            },
          ],
        },
      }),
    ).toEqual([
      {
        name: 'platform',
        title: 'Platform',
        url: 'https://10.0.0.1:6443',
        isDefault: true,
        auth: { type: 'serviceAccount', token: 'secret' },
        caData: 'Q0E=',
        skipTLSVerify: false,
        source: 'kratix',
      },
      {
        name: 'worker',
        isDefault: false,
        auth: {
          type: 'kubeconfig',
          path: 'worker.kubeconfig',
          context: 'worker-admin',
        },
        skipTLSVerify: false,
        source: 'kratix',
      },
    ]);
  });

  it('honours default: true on a later cluster', () => {
    const clusters = read({
      kratix: {
        clusters: [
          { name: 'a', authProvider: 'inCluster' },
          { name: 'b', authProvider: 'inCluster', default: true },
        ],
      },
    });
    expect(clusters.map(c => [c.name, c.isDefault])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('reuses a cluster of the Kubernetes plugin by name', () => {
    const clusters = read({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                title: 'Production',
                url: 'https://prod.example.com',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'prod-token',
                caFile: '/etc/ca.pem',
              },
              {
                name: 'in-cluster',
                url: 'https://kubernetes.default.svc',
                authMetadata: {
                  'kubernetes.io/auth-provider': 'serviceAccount',
                },
              },
            ],
          },
        ],
      },
      kratix: {
        clusters: [
          { name: 'prod', fromKubernetesPlugin: true, default: true },
          {
            name: 'in-cluster',
            fromKubernetesPlugin: true,
            title: 'Home',
          },
        ],
      },
    });
    expect(clusters).toEqual([
      {
        name: 'prod',
        title: 'Production',
        url: 'https://prod.example.com',
        isDefault: true,
        auth: { type: 'serviceAccount', token: 'prod-token' },
        caFile: '/etc/ca.pem',
        skipTLSVerify: false,
        source: 'kubernetesPlugin',
      },
      {
        name: 'in-cluster',
        title: 'Home',
        url: 'https://kubernetes.default.svc',
        isDefault: false,
        auth: { type: 'inCluster' },
        skipTLSVerify: false,
        source: 'kubernetesPlugin',
      },
    ]);
  });

  it.each([
    [
      'a missing name',
      { clusters: [{ url: 'https://x', serviceAccountToken: 't' }] },
      /kratix\.clusters\[0\]\.name is missing/,
    ],
    [
      'a duplicate name',
      {
        clusters: [
          { name: 'a', authProvider: 'inCluster' },
          { name: 'a', authProvider: 'inCluster' },
        ],
      },
      /kratix\.clusters\[1\]\.name: cluster name 'a' is used twice/,
    ],
    [
      'two defaults',
      {
        clusters: [
          { name: 'a', authProvider: 'inCluster', default: true },
          { name: 'b', authProvider: 'inCluster', default: true },
        ],
      },
      /clusters 'a' and 'b' are both marked default/,
    ],
    [
      'no auth provider',
      { clusters: [{ name: 'a', url: 'https://x' }] },
      /kratix\.clusters\[0\]\.authProvider is missing; set it to one of serviceAccount, kubeconfig, inCluster/,
    ],
    [
      'an unknown auth provider',
      { clusters: [{ name: 'a', url: 'https://x', authProvider: 'aws' }] },
      /kratix\.clusters\[0\]\.authProvider 'aws' is not supported/,
    ],
    [
      'a service account without token',
      {
        clusters: [
          { name: 'a', url: 'https://x', authProvider: 'serviceAccount' },
        ],
      },
      /kratix\.clusters\[0\]\.serviceAccountToken is missing/,
    ],
    [
      'a service account without url',
      { clusters: [{ name: 'a', serviceAccountToken: 't' }] },
      /kratix\.clusters\[0\]\.url is missing/,
    ],
    [
      'a kubeconfig without path',
      { clusters: [{ name: 'a', authProvider: 'kubeconfig' }] },
      /kratix\.clusters\[0\]\.kubeconfigPath is missing/,
    ],
    [
      'a malformed url',
      { clusters: [{ name: 'a', url: 'not a url', serviceAccountToken: 't' }] },
      /kratix\.clusters\[0\]\.url 'not a url' is not a valid URL/,
    ],
    [
      'plain http without skipTLSVerify',
      {
        clusters: [
          { name: 'a', url: 'http://10.0.0.1', serviceAccountToken: 't' },
        ],
      },
      /uses plain http; use https:\/\/, or set skipTLSVerify: true/,
    ],
    [
      'both caData and caFile',
      {
        clusters: [
          {
            name: 'a',
            url: 'https://x',
            serviceAccountToken: 't',
            caData: 'x',
            caFile: 'y',
          },
        ],
      },
      /sets both caData and caFile/,
    ],
    [
      'a non-boolean default',
      {
        clusters: [{ name: 'a', authProvider: 'inCluster', default: 'maybe' }],
      },
      /kratix\.clusters\[0\]\.default must be true or false/,
    ],
    [
      'connection keys next to fromKubernetesPlugin',
      {
        clusters: [
          { name: 'prod', fromKubernetesPlugin: true, url: 'https://x' },
        ],
      },
      /sets fromKubernetesPlugin: true and also url/,
    ],
  ])('rejects %s with the key and the fix', (_, kratix, message) => {
    expect(() => read({ kratix })).toThrow(message);
  });

  it('names the Kubernetes plugin clusters when the one to reuse is missing', () => {
    expect(() =>
      read({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'staging',
                  url: 'https://s',
                  authProvider: 'serviceAccount',
                },
              ],
            },
          ],
        },
        kratix: { clusters: [{ name: 'prod', fromKubernetesPlugin: true }] },
      }),
    ).toThrow(
      "kratix.clusters[0] sets fromKubernetesPlugin: true but no cluster named 'prod' is declared under kubernetes.clusterLocatorMethods[] (type: config); the clusters declared there are 'staging'",
    );
  });

  it('refuses to reuse a Kubernetes plugin cluster with a cloud auth provider', () => {
    expect(() =>
      read({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'eks', url: 'https://e', authProvider: 'aws' },
              ],
            },
          ],
        },
        kratix: { clusters: [{ name: 'eks', fromKubernetesPlugin: true }] },
      }),
    ).toThrow(
      /kubernetes\.clusterLocatorMethods\[0\]\.clusters\[0\]\.authProvider is 'aws'; kratix\.clusters\[0\] can reuse only clusters with authProvider serviceAccount/,
    );
  });
});
