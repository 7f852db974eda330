import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { prepareResourceDelete } from '@kratix-backstage/plugin-kratix-node';
import {
  KratixRegistryActionOptions,
  refOutput,
  requestRefFields,
  requestRefOutput,
  userOf,
} from './actionOptions';

/** Registers `kratix:delete-request`. */
export function registerDeleteRequestAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'delete-request',
    title: 'Delete a Kratix resource request',
    description: [
      'Deletes a Kratix resource request and, through Kratix, what it provisioned (databases and their data included). It cannot be undone: confirm with the user first.',
      'Needs the delete permission for the Promise, and the namespace policy must allow the owner recorded on the request.',
      'With `dryRun: true` the API server checks the deletion and nothing is deleted. Kratix runs its delete pipelines afterwards; kratix:get-request-status answers "not found" once it is gone.',
    ].join(' '),
    attributes: { readOnly: false, idempotent: true, destructive: true },
    schema: {
      input: z =>
        z.object({
          ...requestRefFields(z),
          dryRun: z
            .boolean()
            .optional()
            .describe(
              'Let the API server check the deletion without doing it; default false',
            ),
        }),
      output: z =>
        z.object({
          ...requestRefOutput(z),
          dryRun: z.boolean(),
          message: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { target, existing } = await prepareResourceDelete(options, input, {
        credentials,
        user: userOf(credentials),
      });
      if (!existing) {
        throw new NotFoundError(`${target.description} does not exist`);
      }
      const dryRun = input.dryRun ?? false;
      try {
        await target.client.delete({
          apiVersion: target.api.apiVersion,
          kind: target.api.kind,
          name: target.name,
          namespace: target.namespace,
          dryRun,
        });
      } catch (error) {
        // Deleted by someone else since we read it: what was asked is done.
        if (!(error instanceof NotFoundError)) throw error;
      }
      const message = dryRun
        ? `Dry run: ${target.description} would be deleted; the API server accepted it and nothing was changed`
        : `${target.description} is being deleted; Kratix runs its delete pipelines before it is gone`;
      return { output: { ...refOutput(target), dryRun, message } };
    },
  });
}
