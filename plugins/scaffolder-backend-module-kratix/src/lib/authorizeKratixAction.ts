import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission framework, with the credentials of the user who started the task (never the plugin's own),
 * whether they hold a Kratix permission; throws a NotAllowedError naming the permission otherwise. The Kratix
 * permissions are basic, so a policy decides on the user and the permission, not on the Promise; the namespace
 * policy in config narrows Promises and namespaces.
 */
export async function authorizeKratixAction(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  permission: BasicPermission;
  /** What is being done, for the error: `request redis 'cache' in namespace 'default'`. */
  doing: string;
  user?: string;
}): Promise<void> {
  const [decision] = await options.permissions.authorize(
    [{ permission: options.permission }],
    { credentials: options.credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${options.user ? `'${options.user}' is` : 'You are'} not allowed to ${
        options.doing
      }: the permission '${
        options.permission.name
      }' was denied by the Backstage permission policy`,
    );
  }
}
