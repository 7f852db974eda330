import { isError } from '@backstage/errors';
import type { KratixKubernetesClient } from '@kratix-backstage/plugin-kratix-node';

/** Field manager of every write the demo makes, so `managedFields` tell its writes from Backstage's. */
export const DEMO_FIELD_MANAGER = 'demo-platform';

/** Where an object lives: its apiVersion, kind, name and (for namespaced kinds) namespace. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The reference of an object. */
export function refOf(object: any): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
  };
}

function isNamed(error: unknown, name: string): boolean {
  return isError(error) && error.name === name;
}

/** Whether a write was refused because the object changed since it was read (HTTP 409). */
export function isConflict(error: unknown): boolean {
  return isNamed(error, 'ConflictError');
}

/**
 * The object, or undefined when it does not exist. A kind the cluster does
 * not serve is still an error.
 */
export async function getIfExists(
  client: KratixKubernetesClient,
  ref: ObjectRef,
): Promise<any | undefined> {
  await client.resolveResource(ref);
  try {
    return await client.get<any>(ref);
  } catch (error) {
    if (isNamed(error, 'NotFoundError')) return undefined;
    throw error;
  }
}

/**
 * Creates the object unless one of that name exists; `created` says which.
 * Its `status` is left out: write it with {@link setStatus}.
 */
export async function createIfAbsent(
  client: KratixKubernetesClient,
  object: any,
): Promise<{ created: boolean; object: any }> {
  const { status, ...body } = object;
  try {
    return {
      created: true,
      object: await client.create<any>(body, {
        fieldManager: DEMO_FIELD_MANAGER,
      }),
    };
  } catch (error) {
    if (!isConflict(error)) throw error;
    return {
      created: false,
      object: await getIfExists(client, refOf(object)),
    };
  }
}

/** A JSON merge patch of an object. */
export function mergePatch(
  client: KratixKubernetesClient,
  ref: ObjectRef,
  patch: unknown,
): Promise<any> {
  return client.patch<any>({
    ...ref,
    type: 'merge',
    patch,
    fieldManager: DEMO_FIELD_MANAGER,
  });
}

/** Creates the object, or merge-patches an existing one to match it (status aside). */
export async function applyObject(
  client: KratixKubernetesClient,
  object: any,
): Promise<any> {
  const { created, object: current } = await createIfAbsent(client, object);
  if (created) return current;
  const { status, ...body } = object;
  return mergePatch(client, refOf(object), body);
}

/**
 * Merges `status` into the object's status subresource, as a controller does. Given the `resourceVersion` the
 * status was computed from, the server refuses the write with a conflict (see {@link isConflict}) when the object
 * has changed since, as it refuses a controller's `Status().Update` of a stale copy.
 */
export function setStatus(
  client: KratixKubernetesClient,
  ref: ObjectRef,
  status: unknown,
  resourceVersion?: string,
): Promise<any> {
  return client.patchStatus<any>({
    ...ref,
    type: 'merge',
    patch: resourceVersion
      ? { metadata: { resourceVersion }, status }
      : { status },
    fieldManager: DEMO_FIELD_MANAGER,
  });
}

/** Deletes the object; false when it was already gone. */
export async function deleteIfExists(
  client: KratixKubernetesClient,
  ref: ObjectRef,
): Promise<boolean> {
  await client.resolveResource(ref);
  try {
    await client.delete(ref);
    return true;
  } catch (error) {
    if (isNamed(error, 'NotFoundError')) return false;
    throw error;
  }
}
