import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The owner as a full entity ref (`team-a` becomes `group:default/team-a`, as the catalog reads a bare owner), or
 * undefined when none is given; an InputError when it is not an entity ref.
 *
 * @public
 */
export function normalizeOwner(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `owner '${owner}' is not an entity ref; use e.g. 'group:default/team-a'`,
    );
  }
}
