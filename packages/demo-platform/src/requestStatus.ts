import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import { condition, timestamp } from './conditions';
import { configurePipelines } from './pipelineOutput';

/** Where a request is in its configure workflow. */
export type RequestPhase =
  | { phase: 'pending' }
  | { phase: 'running'; pipeline: number }
  | { phase: 'failed'; pipeline: number; message: string }
  | { phase: 'promise-unavailable' }
  | { phase: 'configured'; message?: string }
  | { phase: 'ready'; message?: string; fields?: Record<string, unknown> };

function pipelines(
  names: string[],
  done: number,
  current?: { phase: string; message?: string },
  at = timestamp(),
) {
  const phaseOf = (i: number) => {
    if (i < done) return 'Succeeded';
    return i === done && current ? current.phase : 'Pending';
  };
  return names.map((name, i) => ({
    name,
    phase: phaseOf(i),
    attempts: 1,
    lastTransitionTime: at,
    ...(i === done && current?.message ? { message: current.message } : {}),
  }));
}

const inProgress = (at: string) => [
  condition(
    'PromiseAvailable',
    'True',
    'PromiseAvailable',
    'Promise is available',
    at,
  ),
  condition(
    'ConfigureWorkflowCompleted',
    'Unknown',
    'PipelinesInProgress',
    'Pipelines are still in progress',
    at,
  ),
  condition('Reconciled', 'Unknown', 'WorkflowPending', 'Pending', at),
];

/**
 * The status Kratix writes on a resource request at a point of its configure
 * workflow. `generation` becomes `observedGeneration` once the workflow
 * succeeds, and only then (upstream
 * `internal/controller/dynamic_resource_request_controller.go`): a failed run
 * leaves the last successful generation in place, as the status is merged.
 * `pipelineNames` are the configure pipelines the status lists, by default
 * the Promise's own.
 */
export function requestStatus(
  promise: any,
  state: RequestPhase,
  generation: number,
  at: string = timestamp(),
  pipelineNames: string[] = configurePipelines(promise),
): any {
  const total = pipelineNames.length;
  const version = promise.metadata?.labels?.[KRATIX_LABELS.promiseVersion];
  const common = {
    workflows: total,
    ...(version ? { promiseVersion: version } : {}),
  };
  switch (state.phase) {
    case 'pending':
      return {
        ...common,
        message: 'Pending',
        workflowsSucceeded: 0,
        workflowsFailed: 0,
        conditions: inProgress(at),
        kratix: {
          workflows: {
            pipelines: pipelines(pipelineNames, 0, { phase: 'Pending' }, at),
          },
        },
      };
    case 'running':
      return {
        ...common,
        message: 'Pending',
        workflowsSucceeded: state.pipeline,
        workflowsFailed: 0,
        conditions: inProgress(at),
        kratix: {
          workflows: {
            pipelines: pipelines(
              pipelineNames,
              state.pipeline,
              { phase: 'Running' },
              at,
            ),
          },
        },
      };
    case 'promise-unavailable':
      // All Kratix writes while the Promise cannot fulfil requests (upstream `lib/resourceutil/util.go`).
      return {
        conditions: [
          condition(
            'PromiseAvailable',
            'False',
            'PromiseRequirementsNotInstalled',
            'Promise Requirements are not installed',
            at,
          ),
        ],
      };
    case 'failed': {
      const name = pipelineNames[state.pipeline];
      return {
        ...common,
        message: 'Configure workflow failed',
        workflowsSucceeded: state.pipeline,
        workflowsFailed: 1,
        conditions: [
          condition(
            'PromiseAvailable',
            'True',
            'PromiseAvailable',
            'Promise is available',
            at,
          ),
          condition(
            'ConfigureWorkflowCompleted',
            'False',
            'ConfigureWorkflowFailed',
            `Pipeline ${name} failed: ${state.message}`,
            at,
          ),
          condition(
            'Reconciled',
            'False',
            'ConfigureWorkflowFailed',
            'Configure workflow failed',
            at,
          ),
        ],
        kratix: {
          workflows: {
            pipelines: pipelines(
              pipelineNames,
              state.pipeline,
              { phase: 'Failed', message: state.message },
              at,
            ),
          },
        },
      };
    }
    case 'configured':
    case 'ready': {
      const ready = state.phase === 'ready';
      return {
        ...(state.phase === 'ready' ? state.fields : {}),
        ...common,
        message: state.message ?? 'Resource requested',
        observedGeneration: ready ? generation : undefined,
        workflowsSucceeded: total,
        workflowsFailed: 0,
        lastSuccessfulConfigureWorkflowTime: at,
        conditions: [
          condition(
            'PromiseAvailable',
            'True',
            'PromiseAvailable',
            'Promise is available',
            at,
          ),
          condition(
            'ConfigureWorkflowCompleted',
            'True',
            'PipelinesExecutedSuccessfully',
            'Pipelines completed',
            at,
          ),
          ready
            ? condition(
                'WorksSucceeded',
                'True',
                'WorksSucceeded',
                'All works associated with this resource are ready',
                at,
              )
            : condition(
                'WorksSucceeded',
                'Unknown',
                'WorksPending',
                'Some works associated with this resource are not ready',
                at,
              ),
          ready
            ? condition('Reconciled', 'True', 'Reconciled', 'Reconciled', at)
            : condition(
                'Reconciled',
                'Unknown',
                'WorksPending',
                'Works pending',
                at,
              ),
        ],
        kratix: {
          workflows: {
            pipelines: pipelines(pipelineNames, total, undefined, at),
          },
        },
      };
    }
    default:
      throw new Error(`Unknown request phase ${JSON.stringify(state)}`);
  }
}
