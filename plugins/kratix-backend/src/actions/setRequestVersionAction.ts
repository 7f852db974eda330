import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  prepareVersionChange,
  setResourceBindingVersion,
} from '@kratix-backstage/plugin-kratix-node';
import {
  KratixRegistryActionOptions,
  refOutput,
  requestRefFields,
  requestRefOutput,
  userOf,
} from './actionOptions';

/** Registers `kratix:set-request-version`. */
export function registerSetRequestVersionAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'set-request-version',
    title: 'Pin a Kratix resource request to a Promise version, or upgrade it',
    description: [
      'Sets the Promise version a Kratix resource request runs: a version listed by kratix:list-promises (`versions`) pins it there, `latest` makes it follow the newest version (an upgrade when it runs an older one).',
      "Needs the update permission for the Promise and the namespace policy's consent for the request's owner; the request's current spec is checked against the API of that version first, and a misfit is refused with the field paths.",
      'With `dryRun: true` the API server checks the change and nothing is changed. Setting the version it already has changes nothing.',
      'Kratix then re-runs the request at that version: follow it with kratix:get-request-status until `version.running` is the version and `version.lastUpgrade.state` is `succeeded`, or `failed` (then `reason` and `message` say why).',
    ].join(' '),
    attributes: { readOnly: false, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...requestRefFields(z),
          version: z
            .string()
            .min(1)
            .describe(
              'A version of the Promise (as kratix:list-promises lists them) to pin the request to, or `latest` to follow the newest',
            ),
          dryRun: z
            .boolean()
            .optional()
            .describe(
              'Let the API server check the change without making it; default false',
            ),
        }),
      output: z =>
        z.object({
          ...requestRefOutput(z),
          version: z
            .string()
            .describe(
              'The version the request runs once Kratix has applied the change',
            ),
          previousVersion: z
            .string()
            .optional()
            .describe('The version it ran before'),
          pinned: z
            .boolean()
            .describe(
              'True when pinned to `version`; false when following the latest',
            ),
          changed: z
            .boolean()
            .describe('False when the request already asked for this version'),
          dryRun: z.boolean(),
          message: z.string().describe('What was done and what comes next'),
        }),
    },
    action: async ({ input, credentials }) => {
      const change = await prepareVersionChange(options, input, {
        credentials,
        user: userOf(credentials),
      });
      const { target, binding, before } = change;
      const { version } = change;
      const dryRun = input.dryRun ?? false;
      const asks =
        input.version === 'latest'
          ? `the latest version ('${version}')`
          : `version '${version}'`;
      if (!change.unchanged) {
        await setResourceBindingVersion(target.client, binding, input.version, {
          dryRun,
        });
      }
      let message: string;
      if (change.unchanged) {
        message = `${target.description} already runs ${asks}; nothing was changed`;
      } else if (dryRun) {
        message = `Dry run: ${target.description} would be set to ${asks}; the API server accepted it and nothing was changed`;
      } else {
        message = `${target.description} set to ${asks}; Kratix will re-run it at that version: follow it with kratix:get-request-status`;
      }
      return {
        output: {
          ...refOutput(target),
          version,
          ...(before.running && { previousVersion: before.running }),
          pinned: input.version !== 'latest',
          changed: !change.unchanged,
          dryRun,
          message,
        },
      };
    },
  });
}
