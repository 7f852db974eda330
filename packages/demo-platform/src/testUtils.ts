import {
  TestPlatform,
  startTestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { DemoClients, demoClients } from './demoClients';
import { WORKER_CLUSTERS } from './startDemoClusters';

/**
 * A platform and the demo's two workers on throwaway test servers, with clients; `full` makes the platform a
 * whole control plane, where pipelines run as Jobs.
 */
export async function startTestDemo(options: { full?: boolean } = {}): Promise<{
  env: TestPlatform;
  clients: DemoClients;
}> {
  const env = await startTestPlatform({
    workers: WORKER_CLUSTERS,
    fullPlatform: options.full,
  });
  return { env, clients: demoClients(env) };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
