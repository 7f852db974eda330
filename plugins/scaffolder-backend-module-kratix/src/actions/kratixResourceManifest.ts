import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'fs/promises';
import path from 'path';
import yaml from 'yaml';
import {
  KratixActionOptions,
  prepareResourceRequest,
  RequestTarget,
} from '@kratix-backstage/plugin-kratix-node';
import { examples } from './kratixResourceManifest.examples';
import {
  requestInputSchema,
  targetOutputSchema,
  targetOutputs,
} from './schemas';

/**
 * Id of the action that writes a Kratix resource request into the workspace.
 *
 * @public
 */
export const KRATIX_RESOURCE_MANIFEST_ACTION_ID = 'kratix:resource:manifest';

/** Where the manifest goes in the workspace when the step gives no path. */
export function defaultManifestPath(target: RequestTarget): string {
  return target.namespace
    ? `kratix/${target.namespace}/${target.promiseName}-${target.name}.yaml`
    : `kratix/${target.promiseName}-${target.name}.yaml`;
}

/**
 * Creates the `kratix:resource:manifest` action, for GitOps: builds the same validated, stamped resource request as
 * `kratix:resource:request` and writes it as YAML into the workspace (for `publish:github:pull-request` and
 * friends) instead of sending it to the cluster.
 *
 * @public
 */
export function createKratixResourceManifestAction(
  options: KratixActionOptions,
) {
  return createTemplateAction({
    id: KRATIX_RESOURCE_MANIFEST_ACTION_ID,
    description:
      "Writes a Kratix resource request, validated against its Promise's API, as YAML into the workspace, for a GitOps pull request.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...requestInputSchema,
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the YAML file in the workspace; default `kratix/<namespace>/<promise>-<name>.yaml`',
            ),
        serverDryRun: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Also have the cluster's API server validate it with a dry-run create (needs create rights for Backstage's identity). Default false",
            ),
      },
      output: {
        ...targetOutputSchema,
        path: z =>
          z.string().describe('Path of the written file, in the workspace'),
        manifest: z => z.string().describe('The YAML that was written'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const { target, manifest } = await prepareResourceRequest(
        options,
        input,
        ctx,
      );
      if (input.serverDryRun) {
        try {
          await target.client.create(manifest, { dryRun: true });
        } catch (error) {
          // Already on the cluster: merging the file will update it, which is fine.
          if (!(error instanceof ConflictError)) throw error;
          ctx.logger.info(
            `${target.description} already exists on the cluster; merging the manifest will update it`,
          );
        }
      }

      const relativePath = input.path ?? defaultManifestPath(target);
      const filePath = resolveSafeChildPath(ctx.workspacePath, relativePath);
      const text = yaml.stringify(manifest);
      // The workspace is the action's own scratch space, so this runs in dry runs too: the preview shows the file.
      await fs.mkdir(path.dirname(filePath), { recursive: true });
      await fs.writeFile(filePath, text, 'utf8');
      ctx.logger.info(
        `Wrote ${target.description} to ${relativePath} (catalog entity ${target.entityRef} once applied)`,
      );

      const outputs = {
        ...targetOutputs(target),
        path: relativePath,
        manifest: text,
      };
      for (const [key, value] of Object.entries(outputs)) {
        ctx.output(key as keyof typeof outputs, value);
      }
    },
  });
}
