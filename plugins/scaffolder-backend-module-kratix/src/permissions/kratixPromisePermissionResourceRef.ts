import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  KRATIX_PROMISE_RESOURCE_TYPE,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * What the Promise permission rules are applied to: a Promise as read from its cluster.
 *
 * @public
 */
export interface KratixPromiseResource {
  /** Cluster name as configured under `kratix.clusters`. */
  cluster: string;
  promise: KratixPromise;
}

/**
 * A filter the Promise permission rules translate to, for code that lists Promises: `key` is `cluster`,
 * `metadata.name` or `metadata.labels.<label>`; without `values` the key only has to be present.
 *
 * @public
 */
export interface KratixPromiseFilter {
  key: string;
  values?: string[];
}

/**
 * The permission resource of a Kratix Promise (type `kratix-promise`). The scaffolder module owns it, so
 * conditional decisions on the Promise permissions name the plugin `scaffolder`.
 *
 * @public
 */
export const kratixPromisePermissionResourceRef = createPermissionResourceRef<
  KratixPromiseResource,
  KratixPromiseFilter
>().with({
  pluginId: 'scaffolder',
  resourceType: KRATIX_PROMISE_RESOURCE_TYPE,
});
