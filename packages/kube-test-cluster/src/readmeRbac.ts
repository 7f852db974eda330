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

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/**
 * Creates (or replaces) a ClusterRole or a namespaced Role (kind `Role`, in its
 * `metadata.namespace`) and binds it to a ServiceAccount: a ClusterRoleBinding
 * for the one, a RoleBinding in the Role's namespace for the other, as
 * `kubectl create clusterrolebinding` / `rolebinding` would. A full control
 * plane only.
 */
export async function grantRole(
  conn: KubeConnection,
  role: any,
  serviceAccount: { namespace: string; name: string },
): Promise<void> {
  const namespaced = role.kind === 'Role';
  const namespace = role.metadata?.namespace;
  if (namespaced && !namespace) {
    throw new Error(
      `Role '${role.metadata?.name}' has no metadata.namespace; a Role grants in one namespace`,
    );
  }
  const scope = namespaced ? `${RBAC}/namespaces/${namespace}` : RBAC;
  await createOrReplace(
    conn,
    `${scope}/${namespaced ? 'roles' : 'clusterroles'}`,
    role,
  );
  await createOrReplace(
    conn,
    `${scope}/${namespaced ? 'rolebindings' : 'clusterrolebindings'}`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
      metadata: {
        name: `${role.metadata.name}:${serviceAccount.namespace}:${serviceAccount.name}`,
        ...(namespaced && { namespace }),
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: role.kind,
        name: role.metadata.name,
      },
      subjects: [{ kind: 'ServiceAccount', ...serviceAccount }],
    },
  );
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
  const token = await serviceAccountToken(conn, serviceAccount);
  await grantRole(conn, role, serviceAccount);
  return token;
}

/** Options of {@link tokenWithNamespacedRole}. */
export interface NamespacedRoleOptions {
  serviceAccount: { namespace: string; name: string };
  /** Where the namespaced part of the role is granted, by a Role and a RoleBinding in each. */
  namespaces: string[];
  /** The resources the role names that are cluster-scoped (e.g. `promises`, `destinations`): a ClusterRole grants those. */
  clusterScoped: string[];
}

/**
 * Grants a ClusterRole's rules as an adopter limiting an identity to some
 * namespaces would: what they allow on `clusterScoped` resources in a
 * ClusterRole, the rest in a Role in each of `namespaces`; answers the
 * ServiceAccount's token. A full control plane only.
 */
export async function tokenWithNamespacedRole(
  conn: KubeConnection,
  clusterRole: any,
  options: NamespacedRoleOptions,
): Promise<string> {
  const { serviceAccount, namespaces, clusterScoped } = options;
  const split = (keep: (resource: string) => boolean) =>
    clusterRole.rules
      .map((rule: any) => ({
        ...rule,
        resources: rule.resources.filter(keep),
      }))
      .filter((rule: any) => rule.resources.length > 0);
  const name = clusterRole.metadata.name;
  const token = await serviceAccountToken(conn, serviceAccount);
  await grantRole(
    conn,
    {
      ...clusterRole,
      metadata: { name: `${name}-cluster-scoped` },
      rules: split(r => clusterScoped.includes(r)),
    },
    serviceAccount,
  );
  for (const namespace of namespaces) {
    await grantRole(
      conn,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace },
        rules: split(r => !clusterScoped.includes(r)),
      },
      serviceAccount,
    );
  }
  return token;
}
