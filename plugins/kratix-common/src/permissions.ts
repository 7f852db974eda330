import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows creating a Kratix resource request (through the scaffolder or the Kratix backend).
 *
 * @public
 */
export const kratixResourceRequestPermission = createPermission({
  name: 'kratix.resource.request',
  attributes: { action: 'create' },
});

/**
 * Allows changing an existing Kratix resource request (its spec, or a manual reconciliation).
 *
 * @public
 */
export const kratixResourceUpdatePermission = createPermission({
  name: 'kratix.resource.update',
  attributes: { action: 'update' },
});

/**
 * Allows deleting a Kratix resource request.
 *
 * @public
 */
export const kratixResourceDeletePermission = createPermission({
  name: 'kratix.resource.delete',
  attributes: { action: 'delete' },
});

/**
 * Allows reading live Kratix and Crossplane state (status, pipelines, logs) for catalog entities.
 *
 * @public
 */
export const kratixReadPermission = createPermission({
  name: 'kratix.entity.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the Kratix plugins, for registering with the permission framework.
 *
 * @public
 */
export const kratixPermissions = [
  kratixResourceRequestPermission,
  kratixResourceUpdatePermission,
  kratixResourceDeletePermission,
  kratixReadPermission,
];
