import { getResourceState } from '@kratix-backstage/plugin-kratix-common';
import { pipelinesOf } from './readPipelines';

/**
 * A request's status as Kratix wrote it before `status.kratix.workflows.pipelines` existed (added by
 * syntasso/kratix 10b9a792, 2026-03-12, `api/v1alpha1/promise_types.go` WorkflowStatus): the top-level workflow
 * counters and the conditions only.
 */
const olderStatus = (failed: boolean) => ({
  observedGeneration: 1,
  message: failed ? 'Pipeline failed' : 'Resource requested',
  workflows: 1,
  workflowsSucceeded: failed ? 0 : 1,
  workflowsFailed: failed ? 1 : 0,
  conditions: [
    {
      type: 'ConfigureWorkflowCompleted',
      status: failed ? 'False' : 'True',
      reason: failed
        ? 'ConfigureWorkflowFailed'
        : 'PipelinesExecutedSuccessfully',
      message: failed ? 'A pipeline failed' : 'Pipelines completed',
    },
    {
      type: 'Reconciled',
      status: failed ? 'False' : 'True',
      reason: failed ? 'ConfigureWorkflowFailed' : 'Reconciled',
      message: failed ? 'A pipeline failed' : 'Reconciled',
    },
  ],
});

const request = (failed: boolean) => ({
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'redis',
  metadata: { name: 'cache', namespace: 'team-a', generation: 1 },
  status: olderStatus(failed),
});

describe('a request of a Kratix from before status.kratix.workflows.pipelines', () => {
  it('has no pipeline phases, and that is not an error', () => {
    expect(pipelinesOf(request(false) as any)).toEqual([]);
    expect(pipelinesOf({ metadata: {}, status: undefined } as any)).toEqual([]);
  });

  it('still reads ready and failed from the conditions, without naming a pipeline', () => {
    expect(getResourceState(request(false) as any).state).toBe('ready');
    const failed = getResourceState(request(true) as any);
    expect(failed).toMatchObject({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
    });
    expect((failed as { pipeline?: string }).pipeline).toBeUndefined();
  });
});
