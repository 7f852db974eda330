import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  applyResourceRequest,
  authorizeResourceUpdate,
  prepareResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import {
  callerContext,
  KratixRegistryActionOptions,
  refOutput,
  requestContentFields,
  requestRefFields,
  requestRefOutput,
} from './actionOptions';

/** Registers `kratix:request-resource`. */
export function registerRequestResourceAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'request-resource',
    title: 'Request a resource from a Kratix Promise',
    description: [
      'Creates a Kratix resource request (for example a database) for the caller, after the same checks as the portal: permission, Promise available, namespace policy, and the spec against the Promise schema. The owner and the caller are recorded on it.',
      'With `ifExists: update` an existing request of that name gets the new spec (this needs the update permission); by default an existing one is refused.',
      'With `dryRun: true` the platform API server checks and admits the request but stores nothing.',
      'Kratix then fulfils it in the background: follow it with kratix:get-request-status until `state` is `ready` or `failed`.',
    ].join(' '),
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...requestRefFields(z),
          ...requestContentFields(z),
          ifExists: z
            .enum(['fail', 'update'])
            .optional()
            .describe(
              'When a request with this name exists: `fail` (default) or `update` its spec, labels and annotations',
            ),
          dryRun: z
            .boolean()
            .optional()
            .describe(
              'Let the API server check the request without storing it; default false',
            ),
        }),
      output: z =>
        z.object({
          ...requestRefOutput(z),
          operation: z
            .enum(['created', 'updated'])
            .describe('What was done (in a dry run: what would be)'),
          dryRun: z.boolean(),
          message: z.string().describe('What was done and what comes next'),
        }),
    },
    action: async ({ input, credentials }) => {
      const prepared = await prepareResourceRequest(
        options,
        input,
        callerContext(credentials),
      );
      const { target, manifest } = prepared;
      const dryRun = input.dryRun ?? false;
      const { operation } = await applyResourceRequest({
        target,
        manifest,
        ifExists: input.ifExists ?? 'fail',
        dryRun,
        beforeUpdate: () => authorizeResourceUpdate(options, prepared),
      });
      const message = dryRun
        ? `Dry run: ${target.description} would be ${operation}; the API server accepted it and nothing was changed`
        : `${target.description} ${operation}; Kratix will reconcile it: follow it with kratix:get-request-status`;
      return {
        output: { ...refOutput(target), operation, dryRun, message },
      };
    },
  });
}
