import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KratixActionOptions,
  prepareVersionChange,
  setResourceBindingVersion,
} from '@kratix-backstage/plugin-kratix-node';
import { waitForVersionChange } from '../lib/waitForVersionChange';
import { examples } from './kratixResourceUpgrade.examples';
import {
  targetInputSchema,
  targetOutputSchema,
  targetOutputs,
  timeoutSecondsInput,
} from './schemas';

/**
 * Id of the action that pins a Kratix resource request to a Promise version, or upgrades it to the latest.
 *
 * @public
 */
export const KRATIX_RESOURCE_UPGRADE_ACTION_ID = 'kratix:resource:upgrade';

/**
 * Creates the `kratix:resource:upgrade` action: sets the version a resource request's ResourceBinding asks for (a
 * version of one of the Promise's PromiseRevisions, which pins it there, or `latest`, which makes it follow the
 * newest), after checking the caller's update permission, the namespace policy and the request's spec against that
 * revision's API; optionally waits until Kratix has run it at that version.
 *
 * @public
 */
export function createKratixResourceUpgradeAction(
  options: KratixActionOptions,
) {
  return createTemplateAction({
    id: KRATIX_RESOURCE_UPGRADE_ACTION_ID,
    description:
      "Pins a Kratix resource request to a version of its Promise, or upgrades it to the latest, by setting its ResourceBinding's version; the request's spec is checked against that version's API first, and the action can wait until Kratix has run the request at it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...targetInputSchema,
        version: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The Promise version to run: a version of one of the Promise's PromiseRevisions (e.g. `v1.2.0`) pins the request to it; `latest` (default) makes it follow the newest revision",
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Wait until Kratix has run the request at that version (the binding's UpgradeSucceeded=True); fails at once when Kratix reports the upgrade failed. Default false",
            ),
        timeoutSeconds: timeoutSecondsInput,
      },
      output: {
        ...targetOutputSchema,
        version: z =>
          z
            .string()
            .describe(
              'The version the request runs, or will run, after the change',
            ),
        previousVersion: z =>
          z
            .string()
            .optional()
            .describe('The version the request ran before the change'),
        pinned: z =>
          z
            .boolean()
            .describe(
              'True when the request is pinned to `version`; false when it follows the latest',
            ),
        message: z => z.string().describe('What was done'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const desired = input.version ?? 'latest';
      const change = await prepareVersionChange(
        options,
        { ...input, version: desired },
        {
          credentials: await ctx.getInitiatorCredentials(),
          user: ctx.user?.ref,
        },
      );
      const { target, binding, before } = change;
      const { version } = change;
      const emit = (message: string) => {
        const outputs = {
          ...targetOutputs(target),
          version,
          ...(before.running && { previousVersion: before.running }),
          pinned: desired !== 'latest',
          message,
        };
        for (const [key, value] of Object.entries(outputs)) {
          ctx.output(key as keyof typeof outputs, value);
        }
        ctx.logger.info(message);
      };
      const asks =
        desired === 'latest'
          ? `the latest version ('${version}')`
          : `version '${version}'`;

      if (change.unchanged) {
        emit(`${target.description} already runs ${asks}; nothing to change`);
        return;
      }
      if (ctx.isDryRun) {
        await setResourceBindingVersion(target.client, binding, desired, {
          dryRun: true,
        });
        emit(
          `Dry run: ${target.description} would be set to ${asks}; the API server accepted the change (dryRun=All) and nothing was changed`,
        );
        return;
      }

      await ctx.checkpoint({
        key: `kratix.resource.upgrade.${target.cluster}.${
          target.api.apiVersion
        }.${target.api.kind}.${target.namespace ?? ''}.${
          target.name
        }.${desired}`,
        fn: async () => {
          await setResourceBindingVersion(target.client, binding, desired);
        },
      });
      ctx.logger.info(
        `ResourceBinding '${binding.metadata.name}' of ${
          target.description
        } now asks for '${desired}' (it ran '${before.running ?? 'unknown'}')`,
      );

      if (!input.wait) {
        emit(`${target.description} set to ${asks}; Kratix will upgrade it`);
        return;
      }
      const timeoutSeconds =
        input.timeoutSeconds ?? options.config.waitTimeoutSeconds;
      ctx.logger.info(
        `Waiting up to ${timeoutSeconds} s for Kratix to run ${target.description} at version '${version}'`,
      );
      await waitForVersionChange({
        change,
        timeoutMs: timeoutSeconds * 1000,
        logger: ctx.logger,
        signal: ctx.signal,
      });
      emit(`${target.description} runs ${asks}`);
    },
  });
}
