import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  applyResourceRequest,
  authorizeResourceUpdate,
  KratixActionOptions,
  prepareResourceRequest,
} from '@kratix-backstage/plugin-kratix-node';
import { waitForResourceRequest } from '../lib/waitForResourceRequest';
import { examples } from './kratixResourceRequest.examples';
import {
  requestInputSchema,
  requestOutputSchema,
  targetOutputs,
  timeoutSecondsInput,
} from './schemas';

/**
 * Id of the action that creates (or updates) a Kratix resource request.
 *
 * @public
 */
export const KRATIX_RESOURCE_REQUEST_ACTION_ID = 'kratix:resource:request';

/**
 * Creates the `kratix:resource:request` action: creates, or with `ifExists: update` updates, a resource request for
 * a Promise on a platform cluster, validated against the Promise's API first, checked against the caller's
 * permissions and the namespace policy, stamped with its owner, template and requester, and optionally followed
 * until Kratix has reconciled it.
 *
 * @public
 */
export function createKratixResourceRequestAction(
  options: KratixActionOptions,
) {
  return createTemplateAction({
    id: KRATIX_RESOURCE_REQUEST_ACTION_ID,
    description:
      "Creates (or updates) a resource request for a Kratix Promise on a platform cluster, validated against the Promise's API, and optionally waits until Kratix has reconciled it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...requestInputSchema,
        ifExists: z =>
          z
            .enum(['fail', 'update'])
            .optional()
            .describe(
              'What to do when a request with this name already exists: `fail` (default) or `update` its spec, labels and annotations',
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until Kratix reports the request reconciled (Reconciled=True); fails early when a pipeline or its Works fail. Default false',
            ),
        timeoutSeconds: timeoutSecondsInput,
      },
      output: requestOutputSchema,
    },
    async handler(ctx) {
      const { input } = ctx;
      const { credentials, user, target, manifest } =
        await prepareResourceRequest(options, input, ctx);
      const ifExists = input.ifExists ?? 'fail';
      const beforeUpdate = () =>
        authorizeResourceUpdate(options, { credentials, user, target });

      const outputs = {
        ...targetOutputs(target),
        ...(target.url !== undefined && { url: target.url }),
      };
      const emit = (operation: string, message: string) => {
        for (const [key, value] of Object.entries({
          ...outputs,
          operation,
          message,
        })) {
          ctx.output(key as keyof typeof outputs, value);
        }
      };

      if (ctx.isDryRun) {
        const { operation } = await applyResourceRequest({
          target,
          manifest,
          ifExists,
          dryRun: true,
          beforeUpdate,
        });
        const message = `Dry run: ${target.description} would be ${operation}; the API server accepted it (dryRun=All) and nothing was changed`;
        ctx.logger.info(message);
        emit(operation, message);
        return;
      }

      const applied = await ctx.checkpoint({
        key: `kratix.resource.request.${target.cluster}.${
          target.api.apiVersion
        }.${target.api.kind}.${target.namespace ?? ''}.${target.name}`,
        fn: async () => {
          const { operation, object } = await applyResourceRequest({
            target,
            manifest,
            ifExists,
            beforeUpdate,
          });
          return {
            operation,
            resourceVersion: object.metadata.resourceVersion ?? '',
          };
        },
      });
      ctx.logger.info(
        `${target.description} ${applied.operation} (Promise '${target.promiseName}'); catalog entity ${target.entityRef}`,
      );

      let message = `${target.description} ${applied.operation}; Kratix will reconcile it`;
      if (input.wait) {
        const timeoutSeconds =
          input.timeoutSeconds ?? options.config.waitTimeoutSeconds;
        ctx.logger.info(
          `Waiting up to ${timeoutSeconds} s for Kratix to reconcile ${target.description}`,
        );
        const rr = await waitForResourceRequest({
          target,
          timeoutMs: timeoutSeconds * 1000,
          logger: ctx.logger,
          signal: ctx.signal,
        });
        message = rr.status?.message
          ? String(rr.status.message)
          : `${target.description} is ready`;
        ctx.logger.info(`${target.description} is ready: ${message}`);
      }
      emit(applied.operation, message);
    },
  });
}
