import fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { createOrReplace } from './createOrReplace';
import { serviceAccountToken } from './identities';
import { KubeConnection } from './kubeRequest';

/**
 * The ClusterRole named `name` from the YAML blocks of a README (e.g. a
 * plugin's `## RBAC` section), so a test grants exactly what adopters are
 * told to grant.
 */
export function readmeClusterRole(readmeFile: string, name: string): any {
  const readme = fs.readFileSync(readmeFile, 'utf8');
  const blocks = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(
    m => m[1],
  );
  const role = blocks
    .flatMap(block => parseAllDocuments(block).map(d => d.toJS()))
    .find(d => d?.kind === 'ClusterRole' && d.metadata?.name === name);
  if (!role) {
    throw new Error(`${readmeFile} has no ClusterRole '${name}' in its YAML`);
  }
  return role;
}

/**
 * Creates (or replaces) a ClusterRole, binds it to a ServiceAccount and
 * answers that ServiceAccount's token from the TokenRequest API: an identity
 * that may do exactly what the role allows. A full control plane only.
 */
export async function tokenWithClusterRole(
  conn: KubeConnection,
  role: any,
  serviceAccount: { namespace: string; name: string },
): Promise<string> {
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await createOrReplace(conn, `${rbac}/clusterroles`, role);
  const token = await serviceAccountToken(conn, serviceAccount);
  await createOrReplace(conn, `${rbac}/clusterrolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name: `${role.metadata.name}:${serviceAccount.namespace}:${serviceAccount.name}`,
    },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    },
    subjects: [{ kind: 'ServiceAccount', ...serviceAccount }],
  });
  return token;
}
