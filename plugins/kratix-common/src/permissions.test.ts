import {
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  KRATIX_PROMISE_RESOURCE_TYPE,
  kratixPermissions,
  kratixPromisePermissions,
  kratixPromiseResourceRef,
  kratixReadPermission,
  kratixResourceDeletePermission,
  kratixResourceRequestPermission,
  kratixResourceUpdatePermission,
  parseKratixPromiseResourceRef,
} from './permissions';

describe('kratix permissions', () => {
  it('have stable names and actions', () => {
    expect(kratixResourceRequestPermission).toEqual({
      type: 'resource',
      name: 'kratix.resource.request',
      attributes: { action: 'create' },
      resourceType: 'kratix-promise',
    });
    expect(kratixResourceUpdatePermission).toEqual({
      type: 'resource',
      name: 'kratix.resource.update',
      attributes: { action: 'update' },
      resourceType: 'kratix-promise',
    });
    expect(kratixResourceDeletePermission).toEqual({
      type: 'resource',
      name: 'kratix.resource.delete',
      attributes: { action: 'delete' },
      resourceType: 'kratix-promise',
    });
    expect(kratixReadPermission).toEqual({
      type: 'basic',
      name: 'kratix.entity.read',
      attributes: { action: 'read' },
    });
  });

  it('lists every permission once, the Promise ones as resource permissions of a Promise', () => {
    expect(kratixPermissions).toHaveLength(4);
    expect(new Set(kratixPermissions.map(p => p.name)).size).toBe(4);
    expect(kratixPermissions.every(p => isPermission(p, p))).toBe(true);
    expect(
      kratixPermissions.filter(p =>
        isResourcePermission(p, KRATIX_PROMISE_RESOURCE_TYPE),
      ),
    ).toEqual(kratixPromisePermissions);
    expect(kratixPromisePermissions.map(p => p.name)).toEqual([
      'kratix.resource.request',
      'kratix.resource.update',
      'kratix.resource.delete',
    ]);
  });
});

describe('kratixPromiseResourceRef', () => {
  it('names a Promise as <cluster>/<promise>, and reads that back', () => {
    expect(
      kratixPromiseResourceRef({ cluster: 'platform', promise: 'postgresql' }),
    ).toBe('platform/postgresql');
    expect(parseKratixPromiseResourceRef('platform/postgresql')).toEqual({
      cluster: 'platform',
      promise: 'postgresql',
    });
    // The Promise's name holds no '/', so a cluster name that does is still read right.
    const odd = { cluster: 'eu/prod', promise: 'redis' };
    expect(
      parseKratixPromiseResourceRef(kratixPromiseResourceRef(odd)),
    ).toEqual(odd);
  });

  it('refuses what is not a Promise ref', () => {
    for (const ref of ['', 'postgresql', '/postgresql', 'platform/']) {
      expect({ ref, parsed: parseKratixPromiseResourceRef(ref) }).toEqual({
        ref,
        parsed: undefined,
      });
    }
    expect(() =>
      kratixPromiseResourceRef({ cluster: '', promise: 'redis' }),
    ).toThrow(TypeError);
    expect(() =>
      kratixPromiseResourceRef({ cluster: 'platform', promise: 'a/b' }),
    ).toThrow(TypeError);
  });
});
