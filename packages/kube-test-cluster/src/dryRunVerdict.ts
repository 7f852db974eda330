import { KubeConnection, KubeRequestError, kubeRequest } from './kubeRequest';

/**
 * The API server's verdict on creating an object at `path` (a collection path), without storing it: `dryRun=All`
 * with strict field validation, so a field the schema would prune is refused too. True when it would be created,
 * else the server's message (400 or 422); any other failure throws.
 */
export async function dryRunVerdict(
  conn: KubeConnection,
  path: string,
  body: Record<string, unknown>,
): Promise<true | string> {
  try {
    await kubeRequest(
      conn,
      'POST',
      `${path}?dryRun=All&fieldValidation=Strict`,
      body,
    );
    return true;
  } catch (e) {
    if (e instanceof KubeRequestError && [400, 422].includes(e.statusCode)) {
      return e.body?.message ?? e.message;
    }
    throw e;
  }
}
