import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  checkTargetVersion,
  getLatestRevision,
  getResourceVersionView,
  getRevisionSchema,
  KRATIX_ANNOTATIONS,
  KratixPromiseRevision,
  KratixResourceBinding,
  KratixResourceRequest,
  kratixResourceUpdatePermission,
  ResourceVersionView,
} from '@kratix-backstage/plugin-kratix-common';
import {
  readPromiseRevisions,
  readResourceBinding,
} from '../versions/resourceBindings';
import { authorizeKratixAction } from './authorizeKratixAction';
import { checkNamespacePolicy } from './checkNamespacePolicy';
import { getResourceRequest } from './prepareResourceDelete';
import type { PromiseTarget } from './resolvePromiseApi';
import {
  KratixActionOptions,
  RequestTarget,
  resolveRequestTarget,
} from './resolveRequestTarget';
import { describeViolations, validateSpec } from './validateSpec';

/**
 * What the pin / upgrade actions take: the request, and the version its ResourceBinding should ask for (a version
 * of one of the Promise's PromiseRevisions, or `latest` to follow the newest).
 *
 * @public
 */
export type VersionChangeInput = PromiseTarget & {
  cluster?: string;
  name: string;
  namespace?: string;
  version: string;
};

/**
 * A pin or upgrade about to be sent, once every check has passed.
 *
 * @public
 */
export interface PreparedVersionChange {
  target: RequestTarget;
  request: KratixResourceRequest;
  binding: KratixResourceBinding;
  revisions: KratixPromiseRevision[];
  /** The revision the request will run once Kratix has applied the change. */
  revision: KratixPromiseRevision;
  /** That revision's version (what `latest` stands for now, when `desired` is `latest`). */
  version: string;
  /** What `spec.version` of the binding gets: the input's version, or `latest`. */
  desired: string;
  /** The request's version view before the change. */
  before: ResourceVersionView;
  /** True when the binding already asks for `desired` and the request runs the revision's version. */
  unchanged: boolean;
}

/**
 * The checks every action that pins or upgrades a request makes, in this order: the caller's `kratix.resource.update`
 * permission (an outright denial first), the Promise and its API, the permission's conditions on that Promise, the
 * request (it must exist), the namespace policy for its recorded owner, the target version (it must be a revision
 * of the Promise, else the error lists them), the request's binding, then the request's spec against the API schema
 * of THAT revision. Nothing is written.
 *
 * @public
 */
export async function prepareVersionChange(
  options: KratixActionOptions,
  input: VersionChangeInput,
  ctx: { credentials: BackstageCredentials; user?: string },
): Promise<PreparedVersionChange> {
  const what = input.promise ?? `${input.apiVersion} ${input.kind}`;
  const authorization = await authorizeKratixAction({
    permissions: options.permissions,
    credentials: ctx.credentials,
    permission: kratixResourceUpdatePermission,
    doing: `change the Promise version of ${what} '${input.name}'`,
    user: ctx.user,
  });
  const target = await resolveRequestTarget(options, input);
  await authorization.forPromise({
    ...target,
    doing: `change the Promise version of ${target.description}`,
  });
  const request = await getResourceRequest(target);
  if (!request) {
    throw new NotFoundError(
      `${target.description} does not exist; request it first (kratix:resource:request)`,
    );
  }
  checkNamespacePolicy(options.config.namespacePolicy, {
    owner: request.metadata.annotations?.[KRATIX_ANNOTATIONS.owner],
    promise: target.promiseName,
    namespace: target.namespace,
  });

  const revisions = await readPromiseRevisions(
    target.client,
    target.promiseName,
  );
  const checked = checkTargetVersion(
    target.promiseName,
    input.version,
    revisions,
  );
  if (!checked.ok) {
    throw new InputError(
      `Cannot set ${target.description} to version '${input.version}' (input version): ${checked.message}`,
    );
  }
  const { revision } = checked;
  const version = revision.spec?.version ?? input.version;
  const schema = getRevisionSchema(revision);
  if (!schema) {
    throw new InputError(
      `version '${version}' of Promise '${target.promiseName}' offers no API (spec.promiseSpec.api of PromiseRevision '${revision.metadata.name}' is empty), so ${target.description} cannot run it; choose another version`,
    );
  }

  const binding = await readResourceBinding(target.client, {
    promiseName: target.promiseName,
    namespace: target.namespace ?? '',
    name: target.name,
  });
  if (!binding) {
    throw new InputError(
      `${target.description} has no ResourceBinding yet, so Kratix has not bound it to a Promise version; wait until Kratix has reconciled it, then try again`,
    );
  }

  const violations = validateSpec(schema.api.schema, request.spec);
  if (violations.length) {
    throw new InputError(
      `The spec of ${
        target.description
      } does not fit version '${version}' of Promise '${
        target.promiseName
      }': ${describeViolations(
        violations,
      )}; change the request's spec first (kratix:resource:request with ifExists: update), then change its version`,
    );
  }

  const before = getResourceVersionView(
    request,
    binding,
    getLatestRevision(revisions),
  );
  const desired = input.version;
  return {
    target,
    request,
    binding,
    revisions,
    revision,
    version,
    desired,
    before,
    unchanged: binding.spec?.version === desired && before.running === version,
  };
}
