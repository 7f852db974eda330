import fs from 'fs';
import { kubeApiServerBinary, kubeControlPlaneBinary } from './binary';
import { hasFixtures, missingFixturesMessage } from './fixtures';

/**
 * Why real API servers can't be started here (no fixtures, or the server
 * binary can't be built), or undefined when they can. Under CI=true that is
 * an error, so a suite fails instead of skipping; elsewhere the reason is
 * printed and the caller skips.
 */
export function testClusterSkipReason(
  suite: string,
  options: { full?: boolean } = {},
): string | undefined {
  let reason: string | undefined;
  const [binary, tool] = options.full
    ? [kubeControlPlaneBinary, 'kube-control-plane']
    : [kubeApiServerBinary, 'kube-apiserver'];
  if (!hasFixtures()) {
    reason = missingFixturesMessage();
  } else {
    try {
      fs.accessSync(binary(), fs.constants.X_OK);
    } catch (error) {
      reason = `the test Kubernetes ${
        options.full ? 'control plane' : 'API server'
      } is not available (scripts/${tool}.sh path failed: ${
        (error as Error).message.split('\n')[0]
      }); building tools/${tool} needs Go`;
    }
  }
  if (reason && process.env.CI === 'true') {
    throw new Error(`Cannot run '${suite}' under CI=true: ${reason}`);
  }
  if (reason) {
    // eslint-disable-next-line no-console
    console.warn(`Skipping '${suite}': ${reason}`);
  }
  return reason;
}
