import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  kratixResourceRequestPermission,
  kratixResourceUpdatePermission,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { authorizeKratixAction } from './authorizeKratixAction';
import { buildResourceRequest } from './buildResourceRequest';
import { checkNamespacePolicy } from './checkNamespacePolicy';
import { normalizeOwner } from './normalizeOwner';
import type { PromiseTarget } from './resolvePromiseApi';
import {
  KratixActionOptions,
  RequestTarget,
  resolveRequestTarget,
} from './resolveRequestTarget';

/**
 * What the request and manifest actions take to describe a resource request.
 *
 * @public
 */
export type ResourceRequestInput = PromiseTarget & {
  cluster?: string;
  name: string;
  namespace?: string;
  spec?: Record<string, unknown>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: string;
};

/**
 * A resource request ready to send: checked, resolved, validated and stamped.
 *
 * @public
 */
export interface PreparedResourceRequest {
  credentials: BackstageCredentials;
  user?: string;
  owner?: string;
  target: RequestTarget;
  manifest: KratixResourceRequest;
}

/**
 * The checks every action that produces a request makes, in this order: the
 * caller's `kratix.resource.request` permission (an outright denial before
 * anything about the Promises is revealed), the Promise and its API, the
 * permission's conditions on that Promise, the namespace policy, then the spec
 * against the API's schema; the result carries the owner, template and
 * requester stamps.
 *
 * @public
 */
export async function prepareResourceRequest(
  options: KratixActionOptions,
  input: ResourceRequestInput,
  ctx: {
    getInitiatorCredentials(): Promise<BackstageCredentials>;
    user?: { ref?: string };
    templateInfo?: { entityRef?: string };
  },
): Promise<PreparedResourceRequest> {
  const credentials = await ctx.getInitiatorCredentials();
  const user = ctx.user?.ref;
  const owner = normalizeOwner(input.owner);
  const what = input.promise ?? `${input.apiVersion} ${input.kind}`;
  const authorization = await authorizeKratixAction({
    permissions: options.permissions,
    credentials,
    permission: kratixResourceRequestPermission,
    doing: `request ${what} '${input.name}'`,
    user,
  });
  const target = await resolveRequestTarget(options, input);
  await authorization.forPromise({
    ...target,
    doing: `request ${target.description}`,
  });
  checkNamespacePolicy(options.config.namespacePolicy, {
    owner,
    promise: target.promiseName,
    namespace: target.namespace,
  });
  const manifest = buildResourceRequest(target, {
    spec: input.spec,
    labels: input.labels,
    annotations: input.annotations,
    owner,
    template: ctx.templateInfo?.entityRef,
    requestedBy: user,
  });
  return { credentials, user, owner, target, manifest };
}

/**
 * Checks the caller's `kratix.resource.update` permission (and its conditions on the Promise) before an existing
 * request is changed; pass it as `beforeUpdate` to {@link applyResourceRequest}.
 *
 * @public
 */
export async function authorizeResourceUpdate(
  options: KratixActionOptions,
  prepared: Pick<PreparedResourceRequest, 'credentials' | 'user' | 'target'>,
): Promise<void> {
  const { credentials, user, target } = prepared;
  const doing = `update ${target.description}`;
  const authorization = await authorizeKratixAction({
    permissions: options.permissions,
    credentials,
    permission: kratixResourceUpdatePermission,
    doing,
    user,
  });
  await authorization.forPromise({ ...target, doing });
}
