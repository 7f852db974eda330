import { hasPromiseLabel } from './hasPromiseLabel';
import { isPromise } from './isPromise';

/**
 * The permission rules for Kratix Promises, keyed by the name of their condition.
 *
 * @public
 */
export const kratixPromisePermissionRules = { isPromise, hasPromiseLabel };
