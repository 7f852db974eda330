import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { isResourceExpired, toBackstageError } from './toBackstageError';

const context = { cluster: 'platform', url: 'https://127.0.0.1:6443' };

/** The shape of client-node's ApiException: numeric `code`, the response body as text, and headers. */
function apiException(code: number, body: unknown) {
  return Object.assign(new Error(`HTTP-Code: ${code}`), {
    code,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: object,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...(details && { details }),
  };
}

describe('toBackstageError', () => {
  it('turns 404 into NotFoundError with the server message and cluster', () => {
    const error = toBackstageError(
      apiException(
        404,
        status(
          404,
          'NotFound',
          'promises.platform.kratix.io "redis" not found',
          {
            name: 'redis',
            group: 'platform.kratix.io',
            kind: 'promises',
          },
        ),
      ),
      context,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      'promises.platform.kratix.io "redis" not found (cluster \'platform\')',
    );
    expect((error as any).details).toEqual({
      name: 'redis',
      group: 'platform.kratix.io',
      kind: 'promises',
    });
  });

  it('turns 409 into ConflictError', () => {
    const error = toBackstageError(
      apiException(
        409,
        status(
          409,
          'AlreadyExists',
          'redis.marketplace.kratix.io "a" already exists',
        ),
      ),
      context,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('already exists');
  });

  it('turns 403 into NotAllowedError saying the identity may not do it', () => {
    const message =
      'redis.marketplace.kratix.io is forbidden: User "reader" cannot create resource "redis" in API group "marketplace.kratix.io" in the namespace "default"';
    const error = toBackstageError(
      apiException(403, status(403, 'Forbidden', message)),
      context,
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      `The identity Backstage uses for cluster 'platform' is not allowed to do this: ${message}. Grant that verb on that resource to this identity, in a ClusterRole or Role bound to it (the plugin's README lists what it needs under RBAC)`,
    );
  });

  it('turns 401 into AuthenticationError pointing at the credentials', () => {
    const error = toBackstageError(
      apiException(401, status(401, 'Unauthorized', 'Unauthorized')),
      context,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/check the token or kubeconfig/);
  });

  it('turns 422 into InputError keeping the field causes', () => {
    const causes = [
      {
        reason: 'FieldValueTypeInvalid',
        message:
          'Invalid value: "integer": spec.size in body must be of type string: "integer"',
        field: 'spec.size',
      },
    ];
    const error = toBackstageError(
      apiException(
        422,
        status(
          422,
          'Invalid',
          'Redis.marketplace.kratix.io "a" is invalid: spec.size: Invalid value',
          {
            name: 'a',
            kind: 'Redis',
            causes,
          },
        ),
      ),
      context,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Cluster 'platform' rejected the object: .* is invalid/,
    );
    expect((error as any).details.causes).toEqual(causes);
  });

  it('turns 400 into InputError', () => {
    const error = toBackstageError(
      apiException(
        400,
        status(400, 'BadRequest', 'the server rejected our request'),
      ),
      context,
    );
    expect(error).toBeInstanceOf(InputError);
  });

  it('turns 5xx into ServiceUnavailableError naming the cluster', () => {
    const error = toBackstageError(
      apiException(503, 'upstream connect error'),
      context,
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      "Kubernetes API server of cluster 'platform' failed (HTTP 503): upstream connect error",
    );
  });

  it('turns network failures into ServiceUnavailableError with the URL', () => {
    const fetchError = Object.assign(
      new Error(
        'request to https://127.0.0.1:6443/apis failed, reason: connect ECONNREFUSED 127.0.0.1:6443',
      ),
      {
        name: 'FetchError',
        type: 'system',
        code: 'ECONNREFUSED',
        errno: 'ECONNREFUSED',
      },
    );
    const error = toBackstageError(fetchError, context);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^Kubernetes cluster 'platform' at https:\/\/127\.0\.0\.1:6443 could not be reached: .*ECONNREFUSED/,
    );

    const nodeError = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
    });
    expect(toBackstageError(nodeError, context)).toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it('reads watch errors, which carry statusCode and the status text', () => {
    const watchError = Object.assign(new Error('Forbidden'), {
      statusCode: 403,
    });
    const error = toBackstageError(watchError, context);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /not allowed to do this: Forbidden\. Grant this identity what it needs in a ClusterRole or Role bound to it \(the plugin's README lists what it needs under RBAC\)$/,
    );
  });

  it('reads a Status from an ERROR watch event', () => {
    const error = toBackstageError(
      status(410, 'Expired', 'too old resource version: 5 (120)'),
      context,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(isResourceExpired(error)).toBe(true);
  });

  it('passes Backstage errors and unknown errors through', () => {
    const input = new InputError('bad');
    expect(toBackstageError(input, context)).toBe(input);
    const plain = new TypeError('oops');
    expect(toBackstageError(plain, context)).toBe(plain);
    expect(toBackstageError('weird', context).message).toBe(
      "Kubernetes request to cluster 'platform' failed: weird",
    );
  });
});

describe('isResourceExpired', () => {
  it('recognises 410 in every shape', () => {
    expect(
      isResourceExpired(apiException(410, status(410, 'Expired', 'gone'))),
    ).toBe(true);
    expect(isResourceExpired(status(410, 'Expired', 'gone'))).toBe(true);
    expect(
      isResourceExpired(Object.assign(new Error('Gone'), { statusCode: 410 })),
    ).toBe(true);
    expect(
      isResourceExpired(apiException(409, status(409, 'Conflict', 'x'))),
    ).toBe(false);
    expect(isResourceExpired(new ConflictError('x'))).toBe(false);
  });
});
