import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { kratixPromisePermissionResourceRef } from '../kratixPromisePermissionResourceRef';

/**
 * Matches the Promises named, on any cluster or on the one given.
 *
 * @public
 */
export const isPromise = createPermissionRule({
  name: 'IS_PROMISE',
  description:
    'Allow the Promises with these names, optionally only on one cluster',
  resourceRef: kratixPromisePermissionResourceRef,
  paramsSchema: z.object({
    promises: z
      .array(z.string())
      .describe('Names of the Promises (metadata.name), e.g. postgresql'),
    cluster: z
      .string()
      .optional()
      .describe(
        'Cluster name under kratix.clusters; absent: the Promises on every cluster',
      ),
  }),
  apply: (resource, { promises, cluster }) =>
    promises.includes(resource.promise.metadata.name ?? '') &&
    (cluster === undefined || resource.cluster === cluster),
  toQuery: ({ promises, cluster }) => {
    const byName = { key: 'metadata.name', values: promises };
    return cluster === undefined
      ? byName
      : { allOf: [byName, { key: 'cluster', values: [cluster] }] };
  },
});
