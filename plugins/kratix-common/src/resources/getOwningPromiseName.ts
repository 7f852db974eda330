import { KRATIX_LABELS } from '../constants';
import { KratixPromise } from '../types';
import { getPromiseApi } from './getPromiseApi';

/**
 * Names the Promise a resource request belongs to: its `kratix.io/promise-name` label, else the Promise whose API
 * has the request's group and kind (a brand-new request is not labelled yet).
 *
 * @public
 */
export function getOwningPromiseName(
  rr: {
    apiVersion?: string;
    kind?: string;
    metadata?: { labels?: Record<string, string> };
  },
  promises: ReadonlyArray<Pick<KratixPromise, 'metadata' | 'spec'>>,
): string | undefined {
  const label = rr.metadata?.labels?.[KRATIX_LABELS.promiseName];
  if (label) {
    return label;
  }
  if (!rr.apiVersion || !rr.kind) {
    return undefined;
  }
  const slash = rr.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : rr.apiVersion.slice(0, slash);
  const owner = promises.find(promise => {
    const api = getPromiseApi(promise);
    return api?.group === group && api.kind === rr.kind;
  });
  return owner?.metadata?.name;
}
