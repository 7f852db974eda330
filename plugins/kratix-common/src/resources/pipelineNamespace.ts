import { KRATIX_PLATFORM_NAMESPACE } from '../constants';
import type { KratixPromise } from '../types';

/**
 * The Promise's `spec.workflows.config.pipelineNamespace`, or undefined when it sets none.
 *
 * @public
 */
export function configuredPipelineNamespace(
  promise: Pick<KratixPromise, 'spec'> | undefined,
): string | undefined {
  const value = promise?.spec?.workflows?.config?.pipelineNamespace;
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * Where Kratix runs a workflow's Jobs and writes its Works: the Promise's `spec.workflows.config.pipelineNamespace`
 * when it sets one, for Promise and resource workflows alike; else the request's namespace, or
 * `kratix-platform-system` for Promise workflows and cluster-scoped requests (upstream syntasso/kratix
 * `api/v1alpha1/pipeline_types.go` `ForPromise`/`ForResource`, `work-creator/lib/work_creator.go`).
 *
 * @public
 */
export function pipelineNamespaceOf(
  promise: Pick<KratixPromise, 'spec'> | undefined,
  request?: { metadata: { namespace?: string } },
): string {
  return (
    configuredPipelineNamespace(promise) ??
    (request?.metadata.namespace || KRATIX_PLATFORM_NAMESPACE)
  );
}
