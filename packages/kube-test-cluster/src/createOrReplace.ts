import { KubeConnection, KubeRequestError, kubeRequest } from './kubeRequest';

/**
 * Creates an object in a collection (e.g.
 * `/apis/platform.kratix.io/v1alpha1/promises`), or replaces it when one of
 * that name exists; answers what the server stored.
 */
export async function createOrReplace<T = any>(
  conn: KubeConnection,
  collectionPath: string,
  body: any,
): Promise<T> {
  try {
    return await kubeRequest<T>(conn, 'POST', collectionPath, body);
  } catch (e) {
    if (!(e instanceof KubeRequestError && e.statusCode === 409)) throw e;
    const objectPath = `${collectionPath}/${body.metadata.name}`;
    const existing = await kubeRequest(conn, 'GET', objectPath);
    return kubeRequest<T>(conn, 'PUT', objectPath, {
      ...body,
      metadata: {
        ...body.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    });
  }
}
