import {
  findResourceBinding,
  getPromiseRevisions,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KRATIX_LABELS,
  KratixPromiseRevision,
  KratixResourceBinding,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';
import type { KubernetesWriteOptions } from '../client/types';

const REVISION_TYPE = {
  apiVersion: KRATIX_API_VERSION,
  kind: KRATIX_KINDS.promiseRevision,
} as const;

const BINDING_TYPE = {
  apiVersion: KRATIX_API_VERSION,
  kind: KRATIX_KINDS.resourceBinding,
} as const;

// Kratix labels a Promise's revisions and its requests' bindings with the Promise's name; the server narrows by it.
const ofPromise = (promiseName: string) =>
  `${KRATIX_LABELS.promiseName}=${promiseName}`;

/**
 * Lists the PromiseRevisions of a Promise, newest version first, selected by its label as Kratix does (upstream
 * `internal/controller/dynamic_resource_request_controller.go`, `latestRevision`).
 *
 * @public
 */
export async function readPromiseRevisions(
  client: KratixKubernetesClient,
  promiseName: string,
): Promise<KratixPromiseRevision[]> {
  const { items } = await client.list<KratixPromiseRevision>({
    ...REVISION_TYPE,
    labelSelector: ofPromise(promiseName),
  });
  return getPromiseRevisions(promiseName, items);
}

/**
 * Lists the ResourceBindings of a Promise's requests, in every namespace or in one.
 *
 * @public
 */
export async function readResourceBindings(
  client: KratixKubernetesClient,
  options: { promiseName: string; namespace?: string },
): Promise<KratixResourceBinding[]> {
  const { items } = await client.list<KratixResourceBinding>({
    ...BINDING_TYPE,
    namespace: options.namespace,
    labelSelector: ofPromise(options.promiseName),
  });
  return items;
}

/**
 * Reads the ResourceBinding of one request, found by its labels as Kratix finds it (see `findResourceBinding`: a
 * binding made ahead of the request is adopted whatever its name). Undefined when Kratix has not bound it yet.
 *
 * @public
 */
export async function readResourceBinding(
  client: KratixKubernetesClient,
  request: { promiseName: string; namespace: string; name: string },
): Promise<KratixResourceBinding | undefined> {
  const bindings = await readResourceBindings(client, {
    promiseName: request.promiseName,
    namespace: request.namespace,
  });
  return findResourceBinding(request, bindings);
}

/**
 * Sets the version a request's ResourceBinding asks for (`spec.version`: a PromiseRevision's version, or `latest`)
 * with a merge patch; Kratix then runs the request's configure workflow at that version.
 *
 * @public
 */
export function setResourceBindingVersion(
  client: KratixKubernetesClient,
  binding: KratixResourceBinding,
  version: string,
  options: Pick<KubernetesWriteOptions, 'dryRun'> = {},
): Promise<KratixResourceBinding> {
  return client.patch<KratixResourceBinding>({
    ...BINDING_TYPE,
    name: binding.metadata.name ?? '',
    namespace: binding.metadata.namespace,
    type: 'merge',
    patch: { spec: { version } },
    dryRun: options.dryRun,
  });
}
