import { KRATIX_LABELS } from '../constants';

/**
 * True while a Promise's or request's workflow is suspended: Kratix sets `kratix.io/workflow-suspended: "true"`
 * and skips reconciliation until it retries (upstream `internal/controller/dynamic_resource_request_controller.go`).
 *
 * @public
 */
export function isWorkflowSuspended(
  obj: { metadata?: { labels?: Record<string, string> } } | undefined,
): boolean {
  return obj?.metadata?.labels?.[KRATIX_LABELS.workflowSuspended] === 'true';
}
