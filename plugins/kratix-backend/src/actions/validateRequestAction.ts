import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { prepareResourceRequest } from '@kratix-backstage/plugin-kratix-node';
import {
  callerContext,
  KratixRegistryActionOptions,
  refOutput,
  requestContentFields,
  requestRefFields,
  requestRefOutput,
} from './actionOptions';

/** Registers `kratix:validate-request`. */
export function registerValidateRequestAction(
  registry: ActionsRegistryService,
  options: KratixRegistryActionOptions,
) {
  registry.register({
    name: 'validate-request',
    title: 'Check a Kratix resource request without sending it',
    description: [
      'Checks a resource request exactly as kratix:request-resource and the portal would, and sends nothing: the permission to request the Promise, that the Promise exists and is available, the namespace policy for the owner, the name, and the spec against the Promise schema.',
      'On success returns the manifest that would be sent. When a check fails the call fails with the reason; for a spec, every wrong field is named by its path (e.g. `spec.size must be one of "small", "large" (rule: enum)`). Fix those and call again.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({ ...requestRefFields(z), ...requestContentFields(z) }),
      output: z =>
        z.object({
          ...requestRefOutput(z),
          valid: z.literal(true),
          manifest: z
            .record(z.any())
            .describe('The resource request that would be sent'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { target, manifest } = await prepareResourceRequest(
        options,
        input,
        callerContext(credentials),
      );
      return {
        output: {
          ...refOutput(target),
          valid: true as const,
          manifest: manifest as unknown as Record<string, unknown>,
        },
      };
    },
  });
}
