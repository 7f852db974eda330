import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getLatestRevision,
  getResourceVersionView,
  KRATIX_LABELS,
  ResourceVersionView,
} from '@kratix-backstage/plugin-kratix-common';
import {
  getResourceRequest,
  readResourceBinding,
  type PreparedVersionChange,
} from '@kratix-backstage/plugin-kratix-node';
import {
  ResourceRequestFailedError,
  ResourceRequestTimeoutError,
} from './waitForResourceRequest';

const POLL_INTERVAL_MS = 500;

/**
 * Follows a request's ResourceBinding after its version was changed, until Kratix reports the upgrade done
 * (`UpgradeSucceeded=True` with `lastAppliedVersion` at the target) and returns the request's version view. An
 * upgrade to the target that Kratix records as failed (`UpgradeSucceeded=False`, `failedVersion` the target) fails at
 * once with Kratix's reason and message: Kratix does not retry a version that failed until asked (upstream
 * `internal/controller/resourcebinding_controller.go`, `lastUpgradeAttemptFailedForVersion`).
 */
export async function waitForVersionChange(options: {
  change: PreparedVersionChange;
  timeoutMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<ResourceVersionView> {
  const { change, logger, signal } = options;
  const { target } = change;
  const latest = getLatestRevision(change.revisions);
  const { version } = change;
  const deadline = Date.now() + options.timeoutMs;
  let lastSaid: string | undefined;
  let view: ResourceVersionView = change.before;

  for (;;) {
    const [request, binding] = await Promise.all([
      getResourceRequest(target),
      readResourceBinding(target.client, {
        promiseName: target.promiseName,
        namespace: target.namespace ?? '',
        name: target.name,
      }),
    ]);
    if (!request || !binding) {
      throw new ResourceRequestFailedError(
        `${target.description} ${
          request ? 'lost its ResourceBinding' : 'was deleted'
        } while waiting for its upgrade to version '${version}'`,
      );
    }
    view = getResourceVersionView(request, binding, latest);
    const { upgrade } = view;
    const said =
      upgrade.state === 'none'
        ? undefined
        : `${upgrade.state}${upgrade.message ? `: ${upgrade.message}` : ''}`;
    if (said && said !== lastSaid) {
      lastSaid = said;
      logger.info(`Upgrade of ${target.description}: ${said}`);
    }
    if (upgrade.state === 'failed' && upgrade.failedVersion === version) {
      throw new ResourceRequestFailedError(
        `Kratix could not upgrade ${
          target.description
        } to version '${version}': ${upgrade.reason ?? 'UpgradeFailed'}${
          upgrade.message ? `: ${upgrade.message}` : ''
        }; it still runs version '${
          view.running ?? 'unknown'
        }'. Kratix does not retry a failed version by itself: fix the cause, then label the ResourceBinding '${
          binding.metadata.name
        }' with ${
          KRATIX_LABELS.manualReconciliation
        }=true, or choose another version`,
      );
    }
    if (view.running === version && upgrade.state !== 'inProgress') {
      return view;
    }
    if (Date.now() >= deadline || signal?.aborted) {
      throw new ResourceRequestTimeoutError(
        `Timed out after ${Math.round(
          options.timeoutMs / 1000,
        )} s waiting for Kratix to upgrade ${
          target.description
        } to version '${version}'; it runs version '${
          view.running ?? 'unknown'
        }'${
          said ? ` and its last upgrade is ${said}` : ''
        }. The ResourceBinding asks for '${
          change.desired
        }'; follow it in the catalog (${target.entityRef})`,
      );
    }
    await new Promise(r => setTimeout(r, POLL_INTERVAL_MS));
  }
}
