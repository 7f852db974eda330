import { KRATIX_LABELS } from '../constants';
import { KratixPromise } from '../types';
import { getPromiseApi } from './getPromiseApi';

/**
 * What {@link getOwningPromiseName} reads of a resource request.
 *
 * @public
 */
export type RequestIdentity = {
  apiVersion?: string;
  kind?: string;
  metadata?: { labels?: Record<string, string> };
};

/**
 * {@link getOwningPromiseName} for many requests against the same Promises: reads each Promise's API once, then
 * names the owner of each request in constant time.
 *
 * @public
 */
export function promiseOwnerLookup(
  promises: ReadonlyArray<Pick<KratixPromise, 'metadata' | 'spec'>>,
): (rr: RequestIdentity) => string | undefined {
  // The first Promise offering a group and kind owns its requests, as a search in order would find it.
  const byType = new Map<string, string | undefined>();
  for (const promise of promises) {
    const api = getPromiseApi(promise);
    const type = api && `${api.group}/${api.kind}`;
    if (type && !byType.has(type)) byType.set(type, promise.metadata?.name);
  }
  return rr => {
    const label = rr.metadata?.labels?.[KRATIX_LABELS.promiseName];
    if (label) {
      return label;
    }
    if (!rr.apiVersion || !rr.kind) {
      return undefined;
    }
    const slash = rr.apiVersion.indexOf('/');
    const group = slash === -1 ? '' : rr.apiVersion.slice(0, slash);
    return byType.get(`${group}/${rr.kind}`);
  };
}

/**
 * Names the Promise a resource request belongs to: its `kratix.io/promise-name` label, else the Promise whose API
 * has the request's group and kind (a brand-new request is not labelled yet).
 *
 * @public
 */
export function getOwningPromiseName(
  rr: RequestIdentity,
  promises: ReadonlyArray<Pick<KratixPromise, 'metadata' | 'spec'>>,
): string | undefined {
  return promiseOwnerLookup(promises)(rr);
}
