import { NotAllowedError } from '@backstage/errors';
import type { KratixNamespaceRule } from '../config/readKratixScaffolderConfig';

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * The namespaces the rules allow for an owner and a Promise (patterns as written in config).
 *
 * @public
 */
export function allowedNamespaces(
  rules: KratixNamespaceRule[],
  request: { owner?: string; promise: string },
): string[] {
  const owner = request.owner?.toLowerCase();
  return rules
    .filter(
      r =>
        (!r.owners || (owner !== undefined && r.owners.includes(owner))) &&
        (!r.promises || r.promises.includes(request.promise)),
    )
    .flatMap(r => r.namespaces);
}

/**
 * Enforces `kratix.scaffolder.namespacePolicy`: throws a NotAllowedError, naming the namespaces that would be
 * allowed, when no rule lets this owner put a request for this Promise in this namespace. No rules: no limit.
 * Cluster-scoped requests (no namespace) are not limited by it.
 *
 * @public
 */
export function checkNamespacePolicy(
  rules: KratixNamespaceRule[],
  request: { owner?: string; promise: string; namespace?: string },
): void {
  if (rules.length === 0 || request.namespace === undefined) return;
  const namespace = request.namespace;
  const allowed = allowedNamespaces(rules, request);
  if (allowed.some(pattern => globToRegExp(pattern).test(namespace))) return;
  const who = request.owner
    ? `owner '${request.owner}'`
    : 'a request without an owner';
  throw new NotAllowedError(
    `The namespace policy (kratix.scaffolder.namespacePolicy) does not let ${who} use namespace '${namespace}' for Promise '${
      request.promise
    }'; ${
      allowed.length
        ? `allowed namespaces: ${allowed.map(n => `'${n}'`).join(', ')}`
        : 'no namespace is allowed for this owner and Promise'
    }`,
  );
}
