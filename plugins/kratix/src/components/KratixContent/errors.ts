import { ResponseError } from '@backstage/errors';

// Errors the client may throw as-is rather than wrapped in a ResponseError.
const STATUS_BY_ERROR_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
};

/** The HTTP status behind an error of the Kratix client, when it has one. */
export function statusOf(error: unknown): number | undefined {
  if (ResponseError.is(error)) {
    return error.statusCode;
  }
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? STATUS_BY_ERROR_NAME[name] : undefined;
}

/** What the backend said went wrong, without the generic "Request failed with …" of a ResponseError. */
export function messageOf(error: Error): string {
  if (ResponseError.is(error) && error.cause?.message) {
    return error.cause.message;
  }
  return error.message;
}
