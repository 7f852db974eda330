import { ConflictError, NotFoundError } from '@backstage/errors';
import type { KratixResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import type { RequestTarget } from './resolveRequestTarget';

/**
 * What to do when the request already exists.
 *
 * @public
 */
export type IfExists = 'fail' | 'update';

/**
 * What {@link applyResourceRequest} did.
 *
 * @public
 */
export interface ApplyResult {
  operation: 'created' | 'updated';
  object: KratixResourceRequest;
}

const UPDATE_ATTEMPTS = 3;

/**
 * Creates the request, or (with `ifExists: update`) replaces the spec of the existing one and merges in its labels
 * and annotations; `dryRun` asks the API server to validate and admit it without storing anything. `beforeUpdate`
 * runs before an existing request is changed (the caller checks the update permission there).
 *
 * @public
 */
export async function applyResourceRequest(options: {
  target: RequestTarget;
  manifest: KratixResourceRequest;
  ifExists: IfExists;
  dryRun?: boolean;
  beforeUpdate?: () => Promise<void>;
}): Promise<ApplyResult> {
  const { target, manifest, dryRun } = options;
  const { client, api } = target;
  try {
    const object = await client.create(manifest, { dryRun });
    return { operation: 'created', object };
  } catch (error) {
    if (isMissingNamespace(error)) {
      // NamespaceLifecycle admission: nothing can be created in a namespace that does not exist.
      throw new NotFoundError(
        `${target.description} cannot be created because namespace '${target.namespace}' does not exist (${error.message}); create the namespace first, or choose an existing one`,
      );
    }
    if (!(error instanceof ConflictError)) throw error;
    if (options.ifExists !== 'update') {
      throw new ConflictError(
        `${target.description} already exists; set ifExists: update to change it, or choose another name`,
      );
    }
  }
  await options.beforeUpdate?.();
  for (let attempt = 1; ; attempt++) {
    const existing = await client.get<KratixResourceRequest>({
      apiVersion: api.apiVersion,
      kind: api.kind,
      name: target.name,
      namespace: target.namespace,
    });
    const updated: KratixResourceRequest = {
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: { ...existing.metadata.labels, ...manifest.metadata.labels },
        annotations: {
          ...existing.metadata.annotations,
          ...manifest.metadata.annotations,
        },
      },
      spec: manifest.spec,
    };
    delete updated.status;
    try {
      const object = await client.replace(updated, { dryRun });
      return { operation: 'updated', object };
    } catch (error) {
      // Someone else changed it between our read and write: read again.
      if (!(error instanceof ConflictError) || attempt >= UPDATE_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** A 404 whose Status names a namespace: the server's answer to a write into a namespace that does not exist. */
function isMissingNamespace(error: unknown): error is NotFoundError {
  return (
    error instanceof NotFoundError &&
    (error as { details?: { kind?: string } }).details?.kind === 'namespaces'
  );
}
