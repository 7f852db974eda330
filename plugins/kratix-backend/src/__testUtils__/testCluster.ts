import {
  KubeConnection,
  TestCluster,
  kratixClusterConfig,
  kubeRequest,
} from '@kratix-backstage/kube-test-cluster';

export {
  encodeWorkload,
  looseCrd,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';

/** The `kratix.clusters` entry of a test cluster, as app-config would hold it. */
export function clusterConfig(cluster: TestCluster, isDefault = false) {
  return kratixClusterConfig(cluster, { isDefault });
}

/** The API path of an object's collection, e.g. `/apis/g/v1/namespaces/ns/plural`. */
export function collectionPath(
  apiVersion: string,
  plural: string,
  namespace?: string,
): string {
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return `${base}${namespace ? `/namespaces/${namespace}` : ''}/${plural}`;
}

/** Creates an object, then writes its `status` through the status subresource, as a controller would. */
export async function createObject(
  conn: KubeConnection,
  plural: string,
  object: any,
): Promise<any> {
  const { status, ...rest } = object;
  const path = collectionPath(
    object.apiVersion,
    plural,
    object.metadata.namespace,
  );
  const created = await kubeRequest(conn, 'POST', path, rest);
  if (status === undefined) return created;
  return kubeRequest(
    conn,
    'PATCH',
    `${path}/${object.metadata.name}/status`,
    { status },
    { contentType: 'application/merge-patch+json' },
  );
}

/** A condition as Kratix and Crossplane write them. */
export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message = '',
  lastTransitionTime = '2025-01-01T00:00:00Z',
) {
  return { type, status, reason, message, lastTransitionTime };
}
