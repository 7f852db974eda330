import { InputError, NotFoundError } from '@backstage/errors';
import {
  getPromiseApi,
  isPromiseAvailable,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixPromise,
  KratixPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';

/**
 * What a step names: a Promise, or the apiVersion and kind of its API.
 *
 * @public
 */
export interface PromiseTarget {
  promise?: string;
  apiVersion?: string;
  kind?: string;
}

/**
 * A Promise that can take resource requests, and its API.
 *
 * @public
 */
export interface ResolvedPromiseApi {
  promise: KratixPromise;
  promiseName: string;
  api: KratixPromiseApi;
}

const PROMISE_TYPE = {
  apiVersion: KRATIX_API_VERSION,
  kind: KRATIX_KINDS.promise,
} as const;

async function listPromises(
  client: KratixKubernetesClient,
): Promise<KratixPromise[]> {
  const { items } = await client.list<KratixPromise>(PROMISE_TYPE);
  return items;
}

function describeApis(promises: KratixPromise[]): string {
  const apis = promises.flatMap(p => {
    const api = getPromiseApi(p);
    return api ? [`${p.metadata.name} (${api.apiVersion} ${api.kind})`] : [];
  });
  return apis.length ? apis.join(', ') : 'none';
}

function apiMatches(api: KratixPromiseApi, target: PromiseTarget): boolean {
  return api.apiVersion === target.apiVersion && api.kind === target.kind;
}

/**
 * Finds the Promise a step names and checks it can take resource requests: it exists (else the error lists the
 * Promises that do), has an API, is Available (unless `requireAvailable: false`), and, when the step also gives apiVersion and kind, offers exactly
 * that API. Naming only apiVersion and kind works too, but only for the API of some Promise: no other kind, ever.
 *
 * @public
 */
export async function resolvePromiseApi(
  client: KratixKubernetesClient,
  target: PromiseTarget,
  options: { requireAvailable?: boolean } = {},
): Promise<ResolvedPromiseApi> {
  const cluster = client.clusterName;
  if (!target.promise && !(target.apiVersion && target.kind)) {
    throw new InputError(
      'Name the Promise (input promise), or the apiVersion and kind of its API',
    );
  }

  let promise: KratixPromise | undefined;
  if (target.promise) {
    try {
      promise = await client.get<KratixPromise>({
        ...PROMISE_TYPE,
        name: target.promise,
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const names = (await listPromises(client)).map(p => p.metadata.name);
      throw new NotFoundError(
        `No Promise named '${
          target.promise
        }' on cluster '${cluster}'; the Promises there are ${
          names.length ? names.map(n => `'${n}'`).join(', ') : 'none'
        }`,
      );
    }
  } else {
    const promises = await listPromises(client);
    promise = promises.find(p => {
      const api = getPromiseApi(p);
      return api && apiMatches(api, target);
    });
    if (!promise) {
      throw new InputError(
        `${target.apiVersion} ${
          target.kind
        } is not the API of any Promise on cluster '${cluster}', and only Promise APIs can be requested here; the Promise APIs are ${describeApis(
          promises,
        )}`,
      );
    }
  }

  const promiseName = promise.metadata.name ?? '';
  const api = getPromiseApi(promise);
  if (!api) {
    throw new InputError(
      `Promise '${promiseName}' on cluster '${cluster}' has no API (spec.api is empty); it cannot take resource requests`,
    );
  }
  // Kratix's webhook refuses a Promise whose API is not Namespaced (upstream `internal/webhook/v1alpha1/promise_webhook.go`).
  if (api.scope !== 'Namespaced') {
    throw new InputError(
      `Promise '${promiseName}' on cluster '${cluster}' declares a ${api.scope} API (spec.api.spec.scope), which Kratix does not accept; set spec.api.spec.scope to Namespaced in the Promise`,
    );
  }
  if (
    (target.apiVersion && target.apiVersion !== api.apiVersion) ||
    (target.kind && target.kind !== api.kind)
  ) {
    throw new InputError(
      `Promise '${promiseName}' offers ${api.apiVersion} ${api.kind}, not ${
        target.apiVersion ?? api.apiVersion
      } ${
        target.kind ?? api.kind
      }; leave apiVersion and kind out or make them match`,
    );
  }
  if (options.requireAvailable !== false && !isPromiseAvailable(promise)) {
    const status = promise.status?.status;
    throw new InputError(
      `Promise '${promiseName}' on cluster '${cluster}' is not Available (${
        status ? `status: ${status}` : 'Kratix has not reconciled it yet'
      }${
        promise.status?.message ? `: ${promise.status.message}` : ''
      }); requests for it would not be fulfilled, so none is sent`,
    );
  }
  return { promise, promiseName, api };
}
