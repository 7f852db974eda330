import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  KratixPromiseResourceType,
  kratixPromiseResourceRef,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * The second half of a permission check, once the Promise the step is about is known.
 *
 * @public
 */
export interface KratixPromiseAuthorization {
  /**
   * Throws a NotAllowedError naming the Promise unless the policy's decision allows this Promise; a no-op when the
   * policy allowed the permission outright.
   */
  forPromise(target: {
    cluster: string;
    promiseName: string;
    /** What is being done, for the error: `request redis 'cache' in namespace 'default' on cluster 'platform'`. */
    doing: string;
  }): Promise<void>;
}

function who(user: string | undefined): string {
  return user ? `'${user}' is` : 'You are';
}

/**
 * Asks the permission framework, with the credentials of the user who started the task (never the plugin's own),
 * whether they hold a Kratix Promise permission. An outright DENY throws at once, before the step's Promise is
 * looked up, so a refused user learns nothing about the Promises. A conditional decision is settled by
 * `forPromise`: it authorizes again with the Promise as resourceRef, and the permission backend applies the
 * conditions through the rules this module registers for the `kratix-promise` resource type.
 *
 * @public
 */
export async function authorizeKratixAction(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  permission: ResourcePermission<KratixPromiseResourceType>;
  /** What is being done, for the error, before the Promise is resolved: `request redis 'cache'`. */
  doing: string;
  user?: string;
}): Promise<KratixPromiseAuthorization> {
  const { permissions, credentials, permission, user } = options;
  const [decision] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  if (decision?.result === AuthorizeResult.ALLOW) {
    return { forPromise: async () => {} };
  }
  if (decision?.result !== AuthorizeResult.CONDITIONAL) {
    throw new NotAllowedError(
      `${who(user)} not allowed to ${options.doing}: the permission '${
        permission.name
      }' was denied by the Backstage permission policy`,
    );
  }
  return {
    async forPromise({ cluster, promiseName, doing }) {
      const [result] = await permissions.authorize(
        [
          {
            permission,
            resourceRef: kratixPromiseResourceRef({
              cluster,
              promise: promiseName,
            }),
          },
        ],
        { credentials },
      );
      if (result?.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `${who(
            user,
          )} not allowed to ${doing}: the Backstage permission policy allows the permission '${
            permission.name
          }' only for the Promises its conditions match, and Promise '${promiseName}' on cluster '${cluster}' is not one of them`,
        );
      }
    },
  };
}
