import { getDeletionState } from './getDeletionState';

const withDeletion = (status: 'True' | 'False', reason: string) => ({
  status: {
    conditions: [
      {
        type: 'DeleteWorkflowCompleted',
        status,
        reason,
        message: 'from Kratix',
      },
    ],
  },
});

// syntasso/kratix lib/resourceutil/util.go writes DeleteWorkflowCompleted=False with these two reasons.
describe('getDeletionState (syntasso/kratix lib/resourceutil/util.go)', () => {
  it('is failed when the delete workflow failed', () => {
    expect(
      getDeletionState(withDeletion('False', 'DeleteWorkflowFailed')),
    ).toEqual({
      state: 'failed',
      reason: 'DeleteWorkflowFailed',
      message: 'from Kratix',
    });
  });

  it('is suspended when a pipeline suspended the delete workflow', () => {
    expect(
      getDeletionState(withDeletion('False', 'DeleteWorkflowSuspended')),
    ).toMatchObject({ state: 'suspended', reason: 'DeleteWorkflowSuspended' });
  });

  it('is undefined when nothing is stuck', () => {
    expect(getDeletionState(withDeletion('True', 'Completed'))).toBeUndefined();
    expect(
      getDeletionState(withDeletion('False', 'PipelinesInProgress')),
    ).toBeUndefined();
    expect(getDeletionState({})).toBeUndefined();
    expect(getDeletionState(undefined)).toBeUndefined();
  });
});
