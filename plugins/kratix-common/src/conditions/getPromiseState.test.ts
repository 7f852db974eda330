import { Condition } from '../types';
import { getPromiseState } from './getPromiseState';

function promise(
  status: 'Available' | 'Unavailable' | undefined,
  conditions: Condition[],
  extra: Record<string, unknown> = {},
) {
  return { status: { status, conditions, ...extra } };
}

const unavailable = (reason: string, message: string): Condition => ({
  type: 'Available',
  status: 'False',
  reason,
  message,
});

// syntasso/kratix internal/controller/promise_controller.go: every reconcile starts by writing Unavailable
// (PromiseUnavailable), and paused, suspended and waiting Promises stay Unavailable with their own reasons.
describe('getPromiseState (syntasso/kratix internal/controller/promise_controller.go)', () => {
  it('is ready when Available', () => {
    expect(
      getPromiseState(
        promise(
          'Available',
          [
            {
              type: 'Available',
              status: 'True',
              reason: 'PromiseAvailable',
            },
          ],
          { message: 'Promise is available' },
        ),
      ),
    ).toEqual({
      state: 'ready',
      reason: 'Available',
      message: 'Promise is available',
    });
  });

  it('is in progress while the first configure workflow runs', () => {
    expect(
      getPromiseState(
        promise('Unavailable', [
          unavailable('PromiseUnavailable', 'Cannot fulfil resource requests'),
          {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'PipelinesInProgress',
            message: 'Pipelines are still in progress',
          },
        ]),
      ),
    ).toEqual({
      state: 'in-progress',
      reason: 'PipelinesInProgress',
      message: 'Pipelines are still in progress',
    });
  });

  it.each([
    ['PausedReconciliation', 'Paused'],
    ['WorkflowSuspended', 'Suspended'],
  ])('is in progress, not failed, when %s', (reason, message) => {
    expect(
      getPromiseState(
        promise('Unavailable', [
          unavailable(reason, message),
          { type: 'Reconciled', status: 'Unknown', reason, message },
        ]),
      ),
    ).toEqual({ state: 'in-progress', reason, message });
  });

  it('is in progress while required Promises are missing, naming them', () => {
    expect(
      getPromiseState(
        promise(
          'Unavailable',
          [
            unavailable(
              'PromiseUnavailable',
              'Cannot fulfil resource requests',
            ),
            {
              type: 'RequirementsFulfilled',
              status: 'False',
              reason: 'RequirementsNotInstalled',
              message: 'Requirements not fulfilled',
            },
          ],
          {
            requiredPromises: [
              {
                name: 'postgres',
                version: 'v1',
                state: 'Requirement installed',
              },
              { name: 'redis', state: 'Requirement not installed' },
            ],
          },
        ),
      ),
    ).toEqual({
      state: 'in-progress',
      reason: 'RequirementsNotInstalled',
      message:
        'Waiting for required Promises: redis (Requirement not installed)',
    });
  });

  it('is failed when its configure workflow failed', () => {
    expect(
      getPromiseState(
        promise('Unavailable', [
          unavailable('PromiseUnavailable', 'Cannot fulfil resource requests'),
          {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'ConfigureWorkflowFailed',
            message: 'A pipeline failed',
          },
        ]),
      ),
    ).toMatchObject({ state: 'failed', reason: 'ConfigureWorkflowFailed' });
  });

  it('is failed when its Works fail', () => {
    expect(
      getPromiseState(
        promise('Unavailable', [
          {
            type: 'WorksSucceeded',
            status: 'False',
            reason: 'WorksFailing',
            message: 'Some works associated with this promise are not ready',
          },
        ]),
      ),
    ).toMatchObject({ state: 'failed', reason: 'WorksFailing' });
  });

  it('is in progress before Kratix has written a status', () => {
    expect(getPromiseState({})).toEqual({ state: 'in-progress' });
    expect(getPromiseState(undefined)).toEqual({ state: 'in-progress' });
  });
});
