import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  KRATIX_ANNOTATIONS,
  kratixResourceDeletePermission,
  KratixResourceRequest,
} from '@kratix-backstage/plugin-kratix-common';
import { authorizeKratixAction } from './authorizeKratixAction';
import { checkNamespacePolicy } from './checkNamespacePolicy';
import type { PromiseTarget } from './resolvePromiseApi';
import {
  KratixActionOptions,
  RequestTarget,
  resolveRequestTarget,
} from './resolveRequestTarget';

/**
 * A resource request about to be deleted, once every check has passed; `existing` is undefined when it does not
 * exist.
 *
 * @public
 */
export interface PreparedResourceDelete {
  target: RequestTarget;
  existing?: KratixResourceRequest;
}

/**
 * Reads a resource request, or undefined when it does not exist.
 *
 * @public
 */
export async function getResourceRequest(
  target: RequestTarget,
): Promise<KratixResourceRequest | undefined> {
  try {
    return await target.client.get<KratixResourceRequest>({
      apiVersion: target.api.apiVersion,
      kind: target.api.kind,
      name: target.name,
      namespace: target.namespace,
    });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * The checks every action that deletes a request makes, in this order: the caller's `kratix.resource.delete`
 * permission, the Promise and its API (a Promise that is not Available still lets its requests go), the
 * permission's conditions on that Promise, then (when the request exists) the namespace policy for the owner
 * recorded on it. Nothing is deleted.
 *
 * @public
 */
export async function prepareResourceDelete(
  options: KratixActionOptions,
  input: PromiseTarget & { cluster?: string; name: string; namespace?: string },
  ctx: { credentials: BackstageCredentials; user?: string },
): Promise<PreparedResourceDelete> {
  const authorization = await authorizeKratixAction({
    permissions: options.permissions,
    credentials: ctx.credentials,
    permission: kratixResourceDeletePermission,
    doing: `delete ${input.promise ?? `${input.apiVersion} ${input.kind}`} '${
      input.name
    }'`,
    user: ctx.user,
  });
  const target = await resolveRequestTarget(options, input, {
    requireAvailable: false,
  });
  await authorization.forPromise({
    ...target,
    doing: `delete ${target.description}`,
  });
  const existing = await getResourceRequest(target);
  if (existing) {
    checkNamespacePolicy(options.config.namespacePolicy, {
      owner: existing.metadata.annotations?.[KRATIX_ANNOTATIONS.owner],
      promise: target.promiseName,
      namespace: target.namespace,
    });
  }
  return { target, existing };
}
