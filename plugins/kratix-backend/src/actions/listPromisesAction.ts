import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  getLatestRevision,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { readPromiseRevisions } from '@kratix-backstage/plugin-kratix-node';
import { listPromisesOn } from '../service/readMarketplace';
import {
  authorizeRequests,
  clusterField,
  clusterOf,
  promiseFacts,
  promiseFactsOutput,
  KratixRegistryActionOptions,
} from './actionOptions';

/** Registers `kratix:list-promises`. */
export function registerListPromisesAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  const listPromises = listPromisesOn(options.calls);
  registry.register({
    name: 'list-promises',
    title: 'List the Kratix Promises you may request',
    description: [
      'Lists the Kratix Promises on a platform cluster that the caller is allowed to request: each with its name, the API a request uses (apiVersion and kind), whether it is available, its version, the versions its requests can be pinned to (newest first, and which one `latest` is) and a description.',
      'Call this first when asked for a platform capability (a database, a cache, a cluster...), then kratix:describe-promise for the one that fits.',
      'A Promise whose availability is `unavailable` cannot take requests now; `message` says why.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: clusterField(z),
        }),
      output: z =>
        z.object({
          cluster: z.string().describe('The platform cluster listed'),
          promises: z.array(
            z.object({
              name: z.string().describe('Promise name, to pass as `promise`'),
              apiVersion: z.string().describe('apiVersion of its requests'),
              kind: z.string().describe('kind of its requests'),
              ...promiseFactsOutput(z),
              message: z
                .string()
                .optional()
                .describe("Kratix's status message for the Promise"),
              versions: z
                .array(z.string())
                .optional()
                .describe(
                  'Its versions (PromiseRevisions), newest first: what kratix:set-request-version takes',
                ),
              latestVersion: z
                .string()
                .optional()
                .describe('The version `latest` stands for'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const cluster = clusterOf(options, input.cluster);
      const authorization = await authorizeRequests(
        options,
        credentials,
        `list the Promises to request on cluster '${cluster}'`,
      );
      const promises = [];
      for (const promise of await listPromises(cluster)) {
        const api = getPromiseApi(promise);
        const name = promise.metadata.name;
        if (!api || !name) continue;
        try {
          await authorization.forPromise({
            cluster,
            promiseName: name,
            doing: `request Promise '${name}'`,
          });
        } catch (error) {
          if (error instanceof NotAllowedError) continue;
          throw error;
        }
        const revisions = await options.calls
          .run(cluster, `reading the versions of Promise '${name}'`, client =>
            readPromiseRevisions(client, name),
          )
          .catch(error => {
            // A platform without Promise versions serves no PromiseRevisions.
            if (error instanceof NotFoundError) return [];
            throw error;
          });
        const latest = getLatestRevision(revisions);
        promises.push({
          name,
          apiVersion: api.apiVersion,
          kind: api.kind,
          ...promiseFacts(promise),
          ...(promise.status?.message && { message: promise.status.message }),
          ...(revisions.length > 0 && {
            versions: revisions.flatMap(r => r.spec?.version ?? []),
          }),
          ...(latest?.spec?.version && { latestVersion: latest.spec.version }),
        });
      }
      promises.sort((a, b) => a.name.localeCompare(b.name));
      return { output: { cluster, promises } };
    },
  });
}
