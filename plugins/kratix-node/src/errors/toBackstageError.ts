import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';

/**
 * One field-level cause from a Kubernetes `Status` (`details.causes[]`), e.g. a schema violation.
 *
 * @public
 */
export interface KubernetesStatusCause {
  /** Machine-readable reason, e.g. `FieldValueInvalid`. */
  reason?: string;
  message?: string;
  /** Path of the offending field, e.g. `spec.size`. */
  field?: string;
}

/**
 * `details` of a Kubernetes `Status`; errors from {@link KratixKubernetesClient} carry it as `details` when the
 * server sent it.
 *
 * @public
 */
export interface KubernetesStatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: KubernetesStatusCause[];
  retryAfterSeconds?: number;
}

/**
 * A Kubernetes `Status` object as the API server sends it with errors and `ERROR` watch events.
 *
 * @public
 */
export interface KubernetesStatus {
  kind: 'Status';
  apiVersion?: string;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: KubernetesStatusDetails;
  metadata?: { continue?: string; resourceVersion?: string };
}

/**
 * Where an error happened, to name it in the translated message.
 *
 * @public
 */
export interface KubernetesErrorContext {
  /** Name of the cluster, as configured under `kratix.clusters`. */
  cluster: string;
  /** The API server's URL, shown when the cluster cannot be reached. */
  url?: string;
}

const BACKSTAGE_ERROR_NAMES = new Set([
  'AuthenticationError',
  'ConflictError',
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
  'ResponseError',
  'ForwardedError',
]);

// Error codes Node.js and node-fetch give when a connection could not be made or broke.
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

/**
 * True when `value` is a Kubernetes `Status` object.
 *
 * @public
 */
export function isKubernetesStatus(value: unknown): value is KubernetesStatus {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'Status'
  );
}

// What a platform engineer does about a 403. RBAC's own message ("... cannot <verb> resource ...") names the verb
// and the resource; a bare "Forbidden" (e.g. a watch's status line) does not.
function grantHint(message: string): string {
  const where =
    "in a ClusterRole or Role bound to it (the plugin's README lists what it needs under RBAC)";
  return /\bcannot \S+ resource\b/.test(message)
    ? `Grant that verb on that resource to this identity, ${where}`
    : `Grant this identity what it needs ${where}`;
}

/**
 * Translates an error from `@kubernetes/client-node` (an `ApiException`, a watch's HTTP error, a `Status` from an
 * `ERROR` watch event) or from the network into the matching `@backstage/errors` error, keeping the server's message:
 * 404 → NotFoundError, 409 → ConflictError, 403 → NotAllowedError, 401 → AuthenticationError,
 * 400/422 → InputError (with `details.causes`), 5xx and network failures → ServiceUnavailableError.
 * Errors that already are Backstage errors pass through unchanged.
 *
 * @public
 */
export function toBackstageError(
  error: unknown,
  context: KubernetesErrorContext,
): Error {
  if (isError(error) && BACKSTAGE_ERROR_NAMES.has(error.name)) {
    return error;
  }
  const { cluster } = context;

  const http = readHttpFailure(error);
  if (http) {
    const { code, status, text } = http;
    const message = status?.message || text || `HTTP ${code}`;
    let translated: Error;
    if (code === 404) {
      translated = new NotFoundError(`${message} (cluster '${cluster}')`);
    } else if (code === 409) {
      translated = new ConflictError(`${message} (cluster '${cluster}')`);
    } else if (code === 403) {
      translated = new NotAllowedError(
        `The identity Backstage uses for cluster '${cluster}' is not allowed to do this: ${message}. ${grantHint(
          message,
        )}`,
      );
    } else if (code === 401) {
      translated = new AuthenticationError(
        `Cluster '${cluster}' did not accept Backstage's credentials (check the token or kubeconfig configured for it under kratix.clusters): ${message}`,
      );
    } else if (code === 400 || code === 422) {
      translated = new InputError(
        `Cluster '${cluster}' rejected the object: ${message}`,
      );
    } else if (code === 410) {
      // Expired resourceVersion or continue token: the caller decides whether to relist.
      translated = new ConflictError(
        `${message} (cluster '${cluster}'; the resource version is too old, list again)`,
      );
    } else if (code >= 500 || code === 429) {
      translated = new ServiceUnavailableError(
        `Kubernetes API server of cluster '${cluster}' failed (HTTP ${code}): ${message}`,
      );
    } else {
      translated = new Error(
        `Kubernetes API server of cluster '${cluster}' answered HTTP ${code}: ${message}`,
      );
    }
    if (status?.details) {
      Object.assign(translated, { details: status.details });
    }
    const reason = status?.reason || (code === 410 ? 'Expired' : undefined);
    if (reason) {
      Object.assign(translated, { reason });
    }
    return translated;
  }

  if (isNetworkError(error)) {
    const where = context.url ? ` at ${context.url}` : '';
    return new ServiceUnavailableError(
      `Kubernetes cluster '${cluster}'${where} could not be reached: ${
        (error as Error).message
      }`,
    );
  }

  if (isError(error)) {
    return error;
  }
  if (isKubernetesStatus(error)) {
    return new Error(
      `Kubernetes API server of cluster '${cluster}' reported a failure: ${
        error.message ?? error.reason ?? 'no reason given'
      }`,
    );
  }
  return new Error(
    `Kubernetes request to cluster '${cluster}' failed: ${String(error)}`,
  );
}

/**
 * True when `error` says a resourceVersion or continue token has expired (HTTP 410 Gone), before or after
 * translation by {@link toBackstageError}.
 *
 * @public
 */
export function isResourceExpired(error: unknown): boolean {
  if (isKubernetesStatus(error)) {
    return error.code === 410 || error.reason === 'Expired';
  }
  const http = readHttpFailure(error);
  if (http) return http.code === 410;
  return (
    isError(error) &&
    error.name === 'ConflictError' &&
    (error as { reason?: unknown }).reason === 'Expired'
  );
}

interface HttpFailure {
  code: number;
  status?: KubernetesStatus;
  text?: string;
}

/** Reads the HTTP status code and body from the shapes client-node and the watch stream produce. */
function readHttpFailure(error: unknown): HttpFailure | undefined {
  if (isKubernetesStatus(error)) {
    return typeof error.code === 'number'
      ? { code: error.code, status: error }
      : undefined;
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    code?: unknown;
    statusCode?: unknown;
    body?: unknown;
    message?: unknown;
  };
  // client-node's ApiException has a numeric `code` and the response body; its Watch errors carry `statusCode`.
  let code: number | undefined;
  if (typeof candidate.code === 'number') code = candidate.code;
  else if (typeof candidate.statusCode === 'number')
    code = candidate.statusCode;
  if (code === undefined || code < 100 || code > 599) return undefined;

  const body = parseBody(candidate.body);
  if (isKubernetesStatus(body)) {
    return { code, status: body };
  }
  if (typeof body === 'string' && body.trim()) {
    return { code, text: body.trim().slice(0, 1000) };
  }
  // A watch error has no body, only the HTTP status text as its message.
  const message =
    'body' in candidate || typeof candidate.message !== 'string'
      ? undefined
      : candidate.message;
  return { code, ...(message && { text: message }) };
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function isNetworkError(error: unknown): boolean {
  if (!isError(error)) return false;
  const { code, errno, type } = error as {
    code?: unknown;
    errno?: unknown;
    type?: unknown;
  };
  if (error.name === 'FetchError' && type === 'system') return true;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  if (typeof errno === 'string' && NETWORK_ERROR_CODES.has(errno)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isNetworkError(cause);
}
