import fs from 'fs';
import {
  TestCluster,
  hasFixtures,
  kubeApiServerBinary,
  missingFixturesMessage,
} from '@kratix-backstage/kube-test-cluster';
import { KratixKubernetesClient } from '../client/KratixKubernetesClient';

/**
 * Why a real Kubernetes API server can't be started here, or undefined when it can. Under CI=true that is an error,
 * so the suite fails instead of skipping; elsewhere the reason is printed once.
 */
export function testClusterSkipReason(suite: string): string | undefined {
  let reason: string | undefined;
  if (!hasFixtures()) {
    reason = missingFixturesMessage();
  } else {
    try {
      fs.accessSync(kubeApiServerBinary(), fs.constants.X_OK);
    } catch (error) {
      reason = `the test Kubernetes API server is not available (scripts/kube-apiserver.sh path failed: ${
        (error as Error).message.split('\n')[0]
      }); building tools/kube-apiserver needs Go`;
    }
  }
  if (reason && process.env.CI === 'true') {
    throw new Error(`Cannot run '${suite}' under CI=true: ${reason}`);
  }
  if (reason) {
    // eslint-disable-next-line no-console
    console.warn(`Skipping '${suite}': ${reason}`);
  }
  return reason;
}

/** A client for the admin identity, configured the way app-config would (token + CA). */
export function adminClient(cluster: TestCluster): KratixKubernetesClient {
  return KratixKubernetesClient.fromClusterConfig({
    name: cluster.name,
    url: cluster.url,
    auth: { type: 'serviceAccount', token: cluster.adminToken },
    caData: Buffer.from(cluster.caData).toString('base64'),
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
