import { isPermission } from '@backstage/plugin-permission-common';
import {
  kratixPermissions,
  kratixReadPermission,
  kratixResourceDeletePermission,
  kratixResourceRequestPermission,
  kratixResourceUpdatePermission,
} from './permissions';

describe('kratix permissions', () => {
  it('have stable names and actions', () => {
    expect(kratixResourceRequestPermission).toMatchObject({
      type: 'basic',
      name: 'kratix.resource.request',
      attributes: { action: 'create' },
    });
    expect(kratixResourceUpdatePermission).toMatchObject({
      name: 'kratix.resource.update',
      attributes: { action: 'update' },
    });
    expect(kratixResourceDeletePermission).toMatchObject({
      name: 'kratix.resource.delete',
      attributes: { action: 'delete' },
    });
    expect(kratixReadPermission).toMatchObject({
      name: 'kratix.entity.read',
      attributes: { action: 'read' },
    });
  });

  it('lists every permission once', () => {
    expect(kratixPermissions).toHaveLength(4);
    expect(new Set(kratixPermissions.map(p => p.name)).size).toBe(4);
    expect(kratixPermissions.every(p => isPermission(p, p))).toBe(true);
  });
});
