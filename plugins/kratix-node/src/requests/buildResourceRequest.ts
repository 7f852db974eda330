import { InputError } from '@backstage/errors';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_LABELS,
  KratixResourceRequest,
  getSpecSchema,
} from '@kratix-backstage/plugin-kratix-common';
import type { RequestTarget } from './resolveRequestTarget';
import { describeViolations, validateSpec } from './validateSpec';

/**
 * Who and what a request comes from, stamped on it as annotations.
 *
 * @public
 */
export interface RequestProvenance {
  /** Entity ref of the owner, e.g. `group:default/team-a`. */
  owner?: string;
  /** Entity ref of the template, from `ctx.templateInfo.entityRef`. */
  template?: string;
  /** Entity ref of the user who ran the template, from `ctx.user.ref`. */
  requestedBy?: string;
}

/**
 * The resource request a step asks for, validated against its Promise's API schema before anything is sent: an
 * InputError names every field that breaks a rule. The owner, template and requester are stamped as the
 * `kratix.backstage.io/owner`, `/template` and `/requested-by` annotations (they win over same-named extra
 * annotations), and the `kratix.io/promise-name` label is set the way Kratix would.
 *
 * @public
 */
export function buildResourceRequest(
  target: RequestTarget,
  input: {
    spec?: Record<string, unknown>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } & RequestProvenance,
): KratixResourceRequest {
  const violations = validateSpec(target.api.schema, input.spec);
  if (violations.length > 0) {
    throw new InputError(
      `The spec of ${target.description} does not match the API of Promise '${
        target.promiseName
      }' (${target.api.apiVersion} ${
        target.api.kind
      }); nothing was sent: ${describeViolations(violations)}`,
    );
  }
  const annotations: Record<string, string> = { ...input.annotations };
  const stamp = (key: string, value?: string) => {
    if (value) annotations[key] = value;
  };
  stamp(KRATIX_ANNOTATIONS.owner, input.owner);
  stamp(KRATIX_ANNOTATIONS.template, input.template);
  stamp(KRATIX_ANNOTATIONS.requestedBy, input.requestedBy);

  return {
    apiVersion: target.api.apiVersion,
    kind: target.api.kind,
    metadata: {
      name: target.name,
      ...(target.namespace !== undefined && { namespace: target.namespace }),
      labels: {
        ...input.labels,
        [KRATIX_LABELS.promiseName]: target.promiseName,
      },
      ...(Object.keys(annotations).length > 0 && { annotations }),
    },
    // An API whose schema declares no spec gets none (the API server would drop it).
    ...(getSpecSchema(target.api.schema).kind !== 'none' && {
      spec: input.spec ?? {},
    }),
  };
}
