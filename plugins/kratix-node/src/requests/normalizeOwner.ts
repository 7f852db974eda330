import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const validator = makeValidator();

/**
 * The owner as a full entity ref (`team-a` becomes `group:default/team-a`, as the catalog reads a bare owner), or
 * undefined when none is given; an InputError when it is not an entity ref.
 *
 * @public
 */
export function normalizeOwner(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  const invalid = () =>
    new InputError(
      `owner '${owner}' is not an entity ref; use e.g. 'group:default/team-a'`,
    );
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw invalid();
  }
  // parseEntityRef only splits the string: the catalog would refuse an owner whose parts break its rules.
  if (
    !validator.isValidKind(ref.kind) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    throw invalid();
  }
  return stringifyEntityRef(ref);
}
