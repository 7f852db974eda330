import {
  getPlacementWriteProblem,
  getWorkScheduleProblem,
} from './getDeliveryProblem';

describe('getWorkScheduleProblem (syntasso/kratix internal/controller/scheduler.go)', () => {
  it('reports a Work no Destination matches', () => {
    expect(
      getWorkScheduleProblem({
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'UnscheduledWorkloads' },
            {
              type: 'ScheduleSucceeded',
              status: 'False',
              reason: 'UnscheduledWorkloads',
              message:
                'No matching destination found for workloadGroups: [5058f]',
            },
          ],
        },
      }),
    ).toEqual({
      condition: 'ScheduleSucceeded',
      reason: 'UnscheduledWorkloads',
      message: 'No matching destination found for workloadGroups: [5058f]',
    });
  });

  it('is undefined for a scheduled Work or one without conditions', () => {
    expect(
      getWorkScheduleProblem({
        status: {
          conditions: [
            {
              type: 'ScheduleSucceeded',
              status: 'True',
              reason: 'AllWorkloadsScheduled',
            },
          ],
        },
      }),
    ).toBeUndefined();
    expect(getWorkScheduleProblem({})).toBeUndefined();
  });
});

describe('getPlacementWriteProblem (syntasso/kratix api/v1alpha1/workplacement_types.go)', () => {
  it('reports a write the state store refused', () => {
    expect(
      getPlacementWriteProblem({
        status: {
          conditions: [
            {
              type: 'WriteSucceeded',
              status: 'False',
              reason: 'WorkloadsFailedWrite',
              message: 'authentication required',
            },
          ],
        },
      }),
    ).toEqual({
      condition: 'WriteSucceeded',
      reason: 'WorkloadsFailedWrite',
      message: 'authentication required',
    });
  });

  it('is undefined once written', () => {
    expect(
      getPlacementWriteProblem({
        status: {
          conditions: [
            {
              type: 'WriteSucceeded',
              status: 'True',
              reason: 'WorkloadsWrittenToStateStore',
            },
          ],
          versionID: 'abc123',
        },
      }),
    ).toBeUndefined();
  });
});
