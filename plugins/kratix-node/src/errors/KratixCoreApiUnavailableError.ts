import { NotFoundError } from '@backstage/errors';

/**
 * Thrown when a cluster does not serve a core Kubernetes API the plugin asked for (Jobs, Pods, pod logs), for example
 * a bare API server without the core controllers. It is a `NotFoundError` (HTTP 404 through Backstage's error
 * handler); callers show "this cluster does not serve Jobs/Pods" instead of a failure.
 *
 * @public
 */
export class KratixCoreApiUnavailableError extends NotFoundError {
  /** Name of the cluster, as configured under `kratix.clusters`. */
  readonly cluster: string;
  /** The API and resource that are not served, e.g. `{ apiVersion: 'batch/v1', resource: 'jobs' }`. */
  readonly unavailableApi: { apiVersion: string; resource: string };

  constructor(options: {
    cluster: string;
    apiVersion: string;
    resource: string;
  }) {
    super(
      `Cluster '${options.cluster}' does not serve ${options.resource} (${options.apiVersion}); it has no core Kubernetes API for them, so there is nothing to show`,
    );
    this.cluster = options.cluster;
    this.unavailableApi = {
      apiVersion: options.apiVersion,
      resource: options.resource,
    };
  }
}

/**
 * True for a {@link KratixCoreApiUnavailableError}, also after it was serialized and sent over HTTP.
 *
 * @public
 */
export function isKratixCoreApiUnavailableError(
  error: unknown,
): error is KratixCoreApiUnavailableError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'NotFoundError' &&
    typeof (error as { unavailableApi?: unknown }).unavailableApi === 'object'
  );
}
