import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  getResourceRequest,
  KratixActionOptions,
  prepareResourceDelete,
} from '@kratix-backstage/plugin-kratix-node';
import { getDeletionState } from '@kratix-backstage/plugin-kratix-common';
import { ResourceRequestFailedError } from '../lib/waitForResourceRequest';
import { examples } from './kratixResourceDelete.examples';
import {
  targetInputSchema,
  targetOutputSchema,
  targetOutputs,
  timeoutSecondsInput,
} from './schemas';

/**
 * Id of the action that deletes a Kratix resource request.
 *
 * @public
 */
export const KRATIX_RESOURCE_DELETE_ACTION_ID = 'kratix:resource:delete';

const POLL_INTERVAL_MS = 500;

/**
 * Creates the `kratix:resource:delete` action: deletes a resource request, only of a kind that is a Promise's API,
 * after checking the caller's delete permission and the namespace policy (for the request's recorded owner).
 *
 * @public
 */
export function createKratixResourceDeleteAction(options: KratixActionOptions) {
  return createTemplateAction({
    id: KRATIX_RESOURCE_DELETE_ACTION_ID,
    description:
      "Deletes a Kratix resource request (only objects of a Promise's API), optionally waiting until Kratix's delete pipelines have run and it is gone.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...targetInputSchema,
        ifMissing: z =>
          z
            .enum(['fail', 'ignore'])
            .optional()
            .describe(
              'What to do when the request does not exist: `fail` (default) or `ignore`',
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until the request is gone (its delete pipelines and finalizers done). Default false',
            ),
        timeoutSeconds: timeoutSecondsInput,
      },
      output: {
        ...targetOutputSchema,
        deleted: z =>
          z
            .boolean()
            .describe(
              'True when the request was deleted (or, in a dry run, would be); false when it did not exist',
            ),
        message: z => z.string().describe('What was done'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { target, existing } = await prepareResourceDelete(options, input, {
        credentials: await ctx.getInitiatorCredentials(),
        user: ctx.user?.ref,
      });
      const emit = (deleted: boolean, message: string) => {
        const outputs = {
          ...targetOutputs(target),
          deleted,
          message,
        };
        for (const [key, value] of Object.entries(outputs)) {
          ctx.output(key as keyof typeof outputs, value);
        }
        ctx.logger.info(message);
      };

      if (!existing) {
        if (input.ifMissing === 'ignore') {
          emit(
            false,
            `${target.description} does not exist; nothing to delete`,
          );
          return;
        }
        throw new NotFoundError(
          `${target.description} does not exist; set ifMissing: ignore to accept that`,
        );
      }
      const ref = {
        apiVersion: target.api.apiVersion,
        kind: target.api.kind,
        name: target.name,
        namespace: target.namespace,
      };

      if (ctx.isDryRun) {
        await target.client.delete({ ...ref, dryRun: true });
        emit(
          true,
          `Dry run: ${target.description} would be deleted; the API server accepted it (dryRun=All) and nothing was changed`,
        );
        return;
      }

      await ctx.checkpoint({
        key: `kratix.resource.delete.${target.cluster}.${
          target.api.apiVersion
        }.${target.api.kind}.${target.namespace ?? ''}.${target.name}`,
        fn: async () => {
          try {
            await target.client.delete(ref);
          } catch (error) {
            // Gone already (e.g. deleted by someone else meanwhile): that is what was asked.
            if (!(error instanceof NotFoundError)) throw error;
          }
        },
      });

      if (input.wait) {
        const timeoutSeconds =
          input.timeoutSeconds ?? options.config.waitTimeoutSeconds;
        const deadline = Date.now() + timeoutSeconds * 1000;
        ctx.logger.info(
          `Waiting up to ${timeoutSeconds} s for ${target.description} to be gone`,
        );
        for (;;) {
          const current = await getResourceRequest(target);
          if (!current) break;
          // A failed or suspended delete workflow holds the finalizer until someone acts: say so now.
          const stuck = getDeletionState(current);
          if (stuck) {
            const pipeline = (
              current.status?.kratix?.workflows?.pipelines ?? []
            ).find(p => p?.phase === 'Failed' || p?.phase === 'Suspended');
            throw new ResourceRequestFailedError(
              `${target.description} is stuck deleting: ${stuck.reason}${
                pipeline ? ` in pipeline '${pipeline.name}'` : ''
              }${stuck.message ? `: ${stuck.message}` : ''}; ${
                stuck.state === 'suspended'
                  ? 'Kratix resumes it when the pipeline asks to be retried'
                  : "its logs are on the request's Kratix tab"
              }`,
            );
          }
          if (Date.now() >= deadline || ctx.signal?.aborted) {
            throw new Error(
              `Timed out after ${timeoutSeconds} s waiting for ${
                target.description
              } to be gone; it is being deleted, waiting for finalizers ${JSON.stringify(
                current.metadata.finalizers ?? [],
              )}${
                current.status?.message
                  ? ` (status message '${current.status.message}')`
                  : ''
              }`,
            );
          }
          await new Promise(r => setTimeout(r, POLL_INTERVAL_MS));
        }
      }
      emit(
        true,
        `${target.description} ${input.wait ? 'deleted' : 'is being deleted'}`,
      );
    },
  });
}
