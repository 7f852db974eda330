import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  getSpecSchema,
  structuralSchemaToJsonSchema,
} from '@kratix-backstage/plugin-kratix-common';
import { resolvePromiseApi } from '@kratix-backstage/plugin-kratix-node';
import {
  authorizeRequests,
  clusterField,
  clusterOf,
  promiseFacts,
  promiseFactsOutput,
  KratixRegistryActionOptions,
} from './actionOptions';
import { exampleSpec, specFields } from './describeSpecSchema';

/** Registers `kratix:describe-promise`. */
export function registerDescribePromiseAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'describe-promise',
    title: 'Describe a Kratix Promise and how to request it',
    description: [
      "Describes one Kratix Promise: the JSON Schema of a request's spec (the same one the portal's form and the scaffolder check against), every field with its type, whether it is required, its default and allowed values, and an example request.",
      'Use it to write the spec for kratix:validate-request and kratix:request-resource. Only fields the schema names are accepted.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: clusterField(z),
          promise: z.string().describe('Name of the Promise, e.g. `redis`'),
        }),
      output: z =>
        z.object({
          cluster: z.string(),
          promise: z.string(),
          apiVersion: z.string().describe('apiVersion of its requests'),
          kind: z.string().describe('kind of its requests'),
          scope: z
            .string()
            .describe('`Namespaced`: every request lives in a namespace'),
          ...promiseFactsOutput(z),
          specSchema: z
            .record(z.any())
            .describe(
              'JSON Schema (draft-07) of the spec; `{}` when the API takes any spec',
            ),
          acceptsSpec: z
            .boolean()
            .describe(
              'False when the API declares no spec: leave spec out of requests',
            ),
          required: z
            .array(z.string())
            .describe('Paths of the required top-level spec fields'),
          fields: z.array(
            z.object({
              path: z.string().describe('e.g. `spec.size`'),
              type: z.string().optional(),
              description: z.string().optional(),
              required: z.boolean(),
              default: z.any().optional(),
              enum: z.array(z.any()).optional(),
            }),
          ),
          example: z
            .object({
              promise: z.string(),
              name: z.string(),
              spec: z.record(z.any()),
            })
            .describe('An example input for kratix:request-resource'),
        }),
    },
    action: async ({ input, credentials }) => {
      const cluster = clusterOf(options, input.cluster);
      const authorization = await authorizeRequests(
        options,
        credentials,
        `describe Promise '${input.promise}'`,
      );
      const { promise, promiseName, api } = await resolvePromiseApi(
        options.clusters.getClient(cluster),
        { promise: input.promise },
        { requireAvailable: false },
      );
      await authorization.forPromise({
        cluster,
        promiseName,
        doing: `describe Promise '${promiseName}'`,
      });
      const spec = getSpecSchema(api.schema);
      const specSchema =
        spec.kind === 'schema' ? structuralSchemaToJsonSchema(spec.schema) : {};
      return {
        output: {
          cluster,
          promise: promiseName,
          apiVersion: api.apiVersion,
          kind: api.kind,
          scope: api.scope,
          ...promiseFacts(promise),
          specSchema,
          acceptsSpec: spec.kind !== 'none',
          required: Array.isArray(specSchema.required)
            ? specSchema.required.map(r => `spec.${r}`)
            : [],
          fields: specFields(specSchema),
          example: {
            promise: promiseName,
            name: `my-${promiseName}`.slice(0, 63).replace(/[^a-z0-9-]/g, '-'),
            spec: exampleSpec(specSchema),
          },
        },
      };
    },
  });
}
