import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import type { RequestTarget } from '@kratix-backstage/plugin-kratix-node';

/** The zod the scaffolder hands to schema functions. */
type ZodImpl = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/** Inputs that name the request: its cluster, Promise (or API), name and namespace. */
export const targetInputSchema = {
  cluster: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        'Name under `kratix.clusters` of the platform cluster; default `kratix.scaffolder.cluster`, else the default cluster',
      ),
  promise: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        'Name of the Promise whose API the request is for; give this, or `apiVersion` and `kind`',
      ),
  apiVersion: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        "apiVersion of the Promise's API (e.g. `marketplace.kratix.io/v1alpha1`), instead of or as well as `promise`",
      ),
  kind: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        "Kind of the Promise's API (e.g. `kafka`); only kinds that are some Promise's API are accepted",
      ),
  name: (z: ZodImpl) =>
    z.string().describe('Name of the resource request (`metadata.name`)'),
  namespace: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        'Namespace of the request (every Promise API is namespaced); default `kratix.scaffolder.defaultNamespace` (`default`)',
      ),
};

/** How long a step with `wait: true` waits. */
export const timeoutSecondsInput = (z: ZodImpl) =>
  z
    .number()
    .positive()
    .optional()
    .describe(
      'How long to wait with `wait: true`; default `kratix.scaffolder.wait.timeoutSeconds` (600)',
    );

/** Inputs that say what the request holds and who it belongs to. */
export const contentInputSchema = {
  spec: (z: ZodImpl) =>
    z
      .record(z.string(), z.any())
      .optional()
      .describe(
        "The request's spec; validated against the Promise's API schema before anything is sent. Default `{}`; leave it out when the API's schema declares no spec",
      ),
  labels: (z: ZodImpl) =>
    z
      .record(z.string(), z.string())
      .optional()
      .describe('Extra labels to put on the request'),
  annotations: (z: ZodImpl) =>
    z
      .record(z.string(), z.string())
      .optional()
      .describe(
        'Extra annotations to put on the request; the owner, template and requester annotations are set by the action',
      ),
  owner: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        'Entity ref of the owner (e.g. `group:default/team-a`; a bare name means a group in `default`), stamped as `kratix.backstage.io/owner` so the catalog entity gets this owner',
      ),
};

/** Every input of `kratix:resource:request` and `kratix:resource:manifest` but their own. */
export const requestInputSchema = {
  ...targetInputSchema,
  ...contentInputSchema,
};

/** Outputs that name the request. */
export const targetOutputSchema = {
  cluster: (z: ZodImpl) =>
    z.string().describe('The platform cluster the request is on'),
  promise: (z: ZodImpl) => z.string().describe('The Promise it belongs to'),
  apiVersion: (z: ZodImpl) => z.string().describe('apiVersion of the request'),
  kind: (z: ZodImpl) => z.string().describe('kind of the request'),
  namespace: (z: ZodImpl) =>
    z.string().optional().describe('Namespace of the request'),
  name: (z: ZodImpl) => z.string().describe('Name of the request'),
  entityRef: (z: ZodImpl) =>
    z
      .string()
      .describe(
        'Ref of the catalog entity the Kratix entity provider gives the request',
      ),
};

/** The values of {@link targetOutputSchema} for a resolved request. */
export function targetOutputs(target: RequestTarget) {
  return {
    cluster: target.cluster,
    promise: target.promiseName,
    apiVersion: target.api.apiVersion,
    kind: target.api.kind,
    name: target.name,
    entityRef: target.entityRef,
    ...(target.namespace !== undefined && { namespace: target.namespace }),
  };
}

/** Outputs of `kratix:resource:request`. */
export const requestOutputSchema = {
  ...targetOutputSchema,
  operation: (z: ZodImpl) =>
    z
      .string()
      .describe(
        '`created` or `updated` (in a dry run: what would have happened)',
      ),
  message: (z: ZodImpl) =>
    z
      .string()
      .describe(
        'The status message Kratix gave the request (with `wait`), or what was done',
      ),
  url: (z: ZodImpl) =>
    z
      .string()
      .optional()
      .describe(
        'Link to the request: `kratix.scaffolder.links.resourceUrl`, else its URL on the API server',
      ),
};
