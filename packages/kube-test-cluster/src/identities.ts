import { createOrReplace } from './createOrReplace';
import { KubeConnection, kubeRequest } from './kubeRequest';

/** Creates a Namespace (or updates its labels); a full control plane only. */
export async function createNamespace(
  conn: KubeConnection,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await createOrReplace(conn, '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });
}

/** Options of {@link serviceAccountToken}. */
export interface ServiceAccountTokenOptions {
  namespace: string;
  name: string;
  /** Lifetime of the token; the API server's minimum is 600 s. Default one hour. */
  expirationSeconds?: number;
}

/**
 * Creates a ServiceAccount (and its namespace) if missing and answers a token
 * for it from the TokenRequest API, as `kubectl create token` does. What the
 * token may do is what RBAC grants the ServiceAccount
 * (`system:serviceaccount:<namespace>:<name>`); a full control plane only.
 */
export async function serviceAccountToken(
  conn: KubeConnection,
  options: ServiceAccountTokenOptions,
): Promise<string> {
  const { namespace, name } = options;
  await createNamespace(conn, namespace);
  await createOrReplace(
    conn,
    `/api/v1/namespaces/${namespace}/serviceaccounts`,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name },
    },
  );
  const answer = await kubeRequest(
    conn,
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: options.expirationSeconds ?? 3600 },
    },
  );
  return answer.status.token;
}

/** The same server as `conn`, as the identity of another bearer token. */
export function withToken(conn: KubeConnection, token: string): KubeConnection {
  return { ...conn, token };
}
