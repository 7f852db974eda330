import { applyCrd, promiseApiCrd } from './crds';
import { createOrReplace } from './createOrReplace';
import { KubeConnection } from './kubeRequest';
import { patchStatus } from './patchStatus';

const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';

/** Options of {@link installPromise}. */
export interface InstallPromiseOptions {
  /**
   * The status to write once the Promise is in place, as Kratix's controller
   * would: `Available` (its workflows succeeded) or `Unavailable` (its
   * requirements are not fulfilled). By default no status is written, as
   * before Kratix has reconciled the Promise.
   */
  status?: 'Available' | 'Unavailable';
}

/**
 * Installs a Promise as Kratix would: the CRD of its API (when it has one),
 * then the Promise itself, created or replaced, and optionally its status.
 * A `status` in the given document is ignored: the server keeps it in a
 * subresource.
 */
export async function installPromise(
  conn: KubeConnection,
  promise: any,
  options: InstallPromiseOptions = {},
): Promise<void> {
  const crd = promiseApiCrd(promise);
  if (crd) await applyCrd(conn, crd);
  const { status: _status, ...body } = promise;
  await createOrReplace(conn, PROMISES, body);
  if (!options.status) return;
  const available = options.status === 'Available';
  await patchStatus(conn, `${PROMISES}/${promise.metadata.name}`, {
    status: options.status,
    message: available ? '' : 'Requirements not fulfilled',
    workflows: 1,
    workflowsSucceeded: available ? 1 : 0,
    workflowsFailed: 0,
    conditions: [
      {
        type: 'Available',
        status: available ? 'True' : 'False',
        reason: available ? 'PromiseAvailable' : 'RequirementsNotFulfilled',
        message: '',
        lastTransitionTime: new Date().toISOString(),
      },
    ],
  });
}
