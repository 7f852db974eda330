import { KratixPromise } from '../types';

/**
 * True when Kratix reports the Promise as `Available` (`status.status`).
 *
 * @public
 */
export function isPromiseAvailable(
  promise: Pick<KratixPromise, 'status'> | undefined,
): boolean {
  return promise?.status?.status === 'Available';
}
