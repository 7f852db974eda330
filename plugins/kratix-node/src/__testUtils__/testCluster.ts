import {
  customResourceDefinition,
  PRESERVE_UNKNOWN_FIELDS,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
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

/** A small namespaced CRD whose spec needs a `size` of small or large, with a status subresource. */
export function widgetCrd(plural: string, group = 'test.kratix.io') {
  const singular = plural.slice(0, -1);
  return customResourceDefinition({
    group,
    kind: singular.charAt(0).toUpperCase() + singular.slice(1),
    plural,
    singular,
    namespaced: true,
    versions: [
      {
        name: 'v1',
        schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              required: ['size'],
              properties: {
                size: { type: 'string', enum: ['small', 'large'] },
              },
            },
            status: { ...PRESERVE_UNKNOWN_FIELDS },
          },
        },
      },
    ],
  });
}
