import { InputError } from '@backstage/errors';
import { normalizeOwner } from './normalizeOwner';

describe('normalizeOwner', () => {
  it('reads a bare owner as a group in the default namespace, as the catalog does', () => {
    expect(normalizeOwner('team-a')).toBe('group:default/team-a');
    expect(normalizeOwner('user:dev/alice')).toBe('user:dev/alice');
    expect(normalizeOwner(undefined)).toBeUndefined();
  });

  it.each(['team a/b:c', 'group:default/', 'group:Team A/x', 'x'.repeat(64)])(
    'refuses %j, whose parts the catalog would refuse',
    owner => {
      expect(() => normalizeOwner(owner)).toThrow(InputError);
      expect(() => normalizeOwner(owner)).toThrow(
        `owner '${owner}' is not an entity ref; use e.g. 'group:default/team-a'`,
      );
    },
  );
});
