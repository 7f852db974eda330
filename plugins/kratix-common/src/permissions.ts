import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission resource type of a Kratix Promise. The request, update and delete permissions are resource
 * permissions of this type, so a policy can decide per Promise; their resourceRef is
 * {@link kratixPromiseResourceRef}.
 *
 * @public
 */
export const KRATIX_PROMISE_RESOURCE_TYPE = 'kratix-promise';

/**
 * The permission resource type of a Kratix Promise.
 *
 * @public
 */
export type KratixPromiseResourceType = typeof KRATIX_PROMISE_RESOURCE_TYPE;

/**
 * Allows creating a resource request for a Promise (through the scaffolder or the Kratix backend). A resource
 * permission: the Promise is the resource.
 *
 * @public
 */
export const kratixResourceRequestPermission = createPermission({
  name: 'kratix.resource.request',
  attributes: { action: 'create' },
  resourceType: KRATIX_PROMISE_RESOURCE_TYPE,
});

/**
 * Allows changing an existing resource request of a Promise (its spec, or a manual reconciliation). A resource
 * permission: the Promise is the resource.
 *
 * @public
 */
export const kratixResourceUpdatePermission = createPermission({
  name: 'kratix.resource.update',
  attributes: { action: 'update' },
  resourceType: KRATIX_PROMISE_RESOURCE_TYPE,
});

/**
 * Allows deleting a resource request of a Promise. A resource permission: the Promise is the resource.
 *
 * @public
 */
export const kratixResourceDeletePermission = createPermission({
  name: 'kratix.resource.delete',
  attributes: { action: 'delete' },
  resourceType: KRATIX_PROMISE_RESOURCE_TYPE,
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
 * The permissions that take a Promise as their resource (type {@link KRATIX_PROMISE_RESOURCE_TYPE}).
 *
 * @public
 */
export const kratixPromisePermissions = [
  kratixResourceRequestPermission,
  kratixResourceUpdatePermission,
  kratixResourceDeletePermission,
];

/**
 * Every permission of the Kratix plugins, for registering with the permission framework.
 *
 * @public
 */
export const kratixPermissions = [
  ...kratixPromisePermissions,
  kratixReadPermission,
];

/**
 * A Promise on a configured cluster, as the resourceRef of the Promise permissions names it.
 *
 * @public
 */
export interface KratixPromiseRef {
  /** Cluster name as configured under `kratix.clusters`. */
  cluster: string;
  /** The Promise's `metadata.name`. */
  promise: string;
}

/**
 * The resourceRef of a Promise for the Promise permissions: `<cluster>/<promise>`, e.g. `platform/postgresql`.
 * A Promise's name cannot hold a `/`, so the last `/` always separates the two.
 *
 * @public
 */
export function kratixPromiseResourceRef(ref: KratixPromiseRef): string {
  if (!ref.cluster || !ref.promise || ref.promise.includes('/')) {
    throw new TypeError(
      `Cannot make a Promise resourceRef of cluster '${ref.cluster}' and Promise '${ref.promise}'; both need a value, and a Promise name holds no '/'`,
    );
  }
  return `${ref.cluster}/${ref.promise}`;
}

/**
 * Reads a resourceRef made by {@link kratixPromiseResourceRef}; undefined when it is not one.
 *
 * @public
 */
export function parseKratixPromiseResourceRef(
  resourceRef: string,
): KratixPromiseRef | undefined {
  const slash = resourceRef.lastIndexOf('/');
  if (slash <= 0 || slash === resourceRef.length - 1) return undefined;
  return {
    cluster: resourceRef.slice(0, slash),
    promise: resourceRef.slice(slash + 1),
  };
}
