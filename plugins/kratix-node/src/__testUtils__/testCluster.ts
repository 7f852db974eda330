import { TestCluster } from '@kratix-backstage/kube-test-cluster';
import { KratixKubernetesClient } from '../client/KratixKubernetesClient';

export { testClusterSkipReason } from '@kratix-backstage/kube-test-cluster';

/** A client for the admin identity, configured the way app-config would (token + CA). */
export function adminClient(cluster: TestCluster): KratixKubernetesClient {
  return KratixKubernetesClient.fromClusterConfig({
    name: cluster.name,
    url: cluster.url,
    auth: { type: 'serviceAccount', token: cluster.adminToken },
    caData: cluster.caDataBase64,
    isDefault: true,
    skipTLSVerify: false,
    source: 'kratix',
  });
}

/** A small namespaced CRD with a schema and a status subresource. */
export function widgetCrd(plural: string, group = 'test.kratix.io') {
  const kind = plural.charAt(0).toUpperCase() + plural.slice(1, -1);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        plural,
        singular: plural.slice(0, -1),
        kind,
        listKind: `${kind}List`,
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'string', enum: ['small', 'large'] },
                  },
                },
                status: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          },
        },
      ],
    },
  };
}
