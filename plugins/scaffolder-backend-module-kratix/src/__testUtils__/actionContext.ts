import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { recordingLogger } from './testPlatform';

/**
 * A mock action context as a template run by `user:default/jane` from `template:default/redis` would give, with
 * outputs and log lines recorded. `isDryRun` is spread on, because `createMockActionContext` ignores it.
 */
export function actionContext(
  input: JsonObject,
  options: {
    isDryRun?: boolean;
    workspacePath?: string;
    checkpoints?: Map<string, unknown>;
  } = {},
) {
  const { logger, lines } = recordingLogger();
  const base = createMockActionContext({
    input,
    logger,
    templateInfo: { entityRef: 'template:default/redis' } as any,
    user: { ref: 'user:default/jane' },
    ...(options.workspacePath && { workspacePath: options.workspacePath }),
  });
  const checkpoints = options.checkpoints;
  const ctx: any = {
    ...base,
    isDryRun: options.isDryRun,
    // Like the task engine: a checkpoint that already ran returns its stored result.
    ...(checkpoints && {
      checkpoint: async ({ key, fn }: { key: string; fn: () => any }) => {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      },
    }),
  };
  const outputs = () =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls) as Record<
      string,
      any
    >;
  return { ctx, lines, outputs };
}
