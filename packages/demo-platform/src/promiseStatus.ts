import {
  KRATIX_LABELS,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { condition, timestamp } from './conditions';

/**
 * Promises the app-as-a-service fixture requires that the demo does not
 * install; it reports them as installed so that Promise stays Available.
 */
export const ASSUMED_INSTALLED_PROMISES: Record<string, string> = {
  postgresql: 'v1.0.0-beta.3',
  'nginx-ingress': 'v1.0.0-beta.2',
};

function versionOf(promise: any): string | undefined {
  return promise?.metadata?.labels?.[KRATIX_LABELS.promiseVersion];
}

function requirementState(
  required: { name: string; version?: string },
  installed: Map<string, any>,
): string {
  const assumed = ASSUMED_INSTALLED_PROMISES[required.name];
  if (assumed !== undefined) {
    return !required.version || assumed === required.version
      ? 'Requirement installed'
      : 'Requirement not installed at the specified version';
  }
  const promise = installed.get(required.name);
  if (!promise) return 'Requirement not installed';
  if (required.version && versionOf(promise) !== required.version) {
    return 'Requirement not installed at the specified version';
  }
  return 'Requirement installed';
}

/**
 * The status Kratix would give a reconciled Promise, given every Promise
 * installed beside it (for `requiredPromises` and `requiredBy`).
 */
export function promiseStatus(promise: any, allPromises: any[]): any {
  const installed = new Map(allPromises.map(p => [p.metadata.name, p]));
  const api = getPromiseApi(promise);
  const at = timestamp(60 * 24);
  const requiredPromises = (promise.spec?.requiredPromises ?? []).map(
    (r: any) => ({
      name: r.name,
      version: r.version,
      state: requirementState(r, installed),
    }),
  );
  const requiredBy = allPromises.flatMap(other =>
    (other.spec?.requiredPromises ?? [])
      .filter((r: any) => r.name === promise.metadata.name)
      .map((r: any) => ({
        promise: { name: other.metadata.name, version: versionOf(other) ?? '' },
        requiredVersion: r.version ?? '',
      })),
  );
  const fulfilled = requiredPromises.every(
    (r: any) => r.state === 'Requirement installed',
  );
  const pipelines = (promise.spec?.workflows?.promise?.configure ?? []).map(
    (p: any) => ({
      name: p.metadata?.name,
      phase: 'Succeeded',
      attempts: 1,
      lastTransitionTime: at,
    }),
  );
  const available = fulfilled;
  return {
    status: available ? 'Available' : 'Unavailable',
    ...(api ? { kind: api.kind, apiVersion: api.apiVersion } : {}),
    ...(versionOf(promise) ? { version: versionOf(promise) } : {}),
    ...(available ? { lastAvailableTime: at } : {}),
    workflows: pipelines.length,
    workflowsSucceeded: pipelines.length,
    workflowsFailed: 0,
    ...(requiredPromises.length ? { requiredPromises } : {}),
    ...(requiredBy.length ? { requiredBy } : {}),
    kratix: { workflows: { pipelines } },
    conditions: [
      fulfilled
        ? condition(
            'RequirementsFulfilled',
            'True',
            'RequirementsInstalled',
            'Requirements fulfilled',
            at,
          )
        : condition(
            'RequirementsFulfilled',
            'False',
            'RequirementsNotInstalled',
            'Requirements not fulfilled',
            at,
          ),
      condition(
        'ConfigureWorkflowCompleted',
        'True',
        'PipelinesExecutedSuccessfully',
        pipelines.length ? 'Pipelines completed' : 'No pipelines to run',
        at,
      ),
      condition(
        'WorksSucceeded',
        'True',
        'WorksSucceeded',
        'All works associated with this resource are ready',
        at,
      ),
      available
        ? condition(
            'Available',
            'True',
            'PromiseAvailable',
            'Ready to fulfil resource requests',
            at,
          )
        : condition(
            'Available',
            'False',
            'PromiseUnavailable',
            'Cannot fulfil resource requests',
            at,
          ),
      // Waiting on requirements is pending, not failing (upstream `internal/controller/promise_controller.go`).
      available
        ? condition('Reconciled', 'True', 'Reconciled', 'Reconciled', at)
        : condition(
            'Reconciled',
            'Unknown',
            'RequirementsNotFulfilled',
            'Pending',
            at,
          ),
    ],
  };
}
