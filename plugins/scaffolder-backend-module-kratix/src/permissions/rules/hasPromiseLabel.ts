import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { kratixPromisePermissionResourceRef } from '../kratixPromisePermissionResourceRef';

/**
 * Matches the Promises that carry a label, optionally with a given value.
 *
 * @public
 */
export const hasPromiseLabel = createPermissionRule({
  name: 'HAS_PROMISE_LABEL',
  description:
    'Allow the Promises that carry a label (metadata.labels), optionally with a given value',
  resourceRef: kratixPromisePermissionResourceRef,
  paramsSchema: z.object({
    label: z
      .string()
      .describe('Name of the label, e.g. platform.example.com/self-service'),
    value: z
      .string()
      .optional()
      .describe('Value the label must have; absent: any value'),
  }),
  apply: (resource, { label, value }) => {
    const labels = resource.promise.metadata.labels ?? {};
    // Labels are exact in Kubernetes, so unlike the catalog's HAS_LABEL this compares case-sensitively.
    if (!Object.prototype.hasOwnProperty.call(labels, label)) return false;
    return value === undefined || labels[label] === value;
  },
  toQuery: ({ label, value }) =>
    value === undefined
      ? { key: `metadata.labels.${label}` }
      : { key: `metadata.labels.${label}`, values: [value] },
});
