import { Condition, KratixPipelineStatus } from '../types';
import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { getResourceState, PLATFORM_BEHIND_REASON } from './getResourceState';

function rr(
  conditions: Condition[],
  extra: {
    message?: string;
    pipelines?: KratixPipelineStatus[];
    generation?: number;
    observedGeneration?: number;
  } = {},
) {
  return {
    metadata: { generation: extra.generation ?? 1 },
    status: {
      conditions,
      message: extra.message,
      observedGeneration: extra.observedGeneration ?? 1,
      kratix: extra.pipelines
        ? { workflows: { pipelines: extra.pipelines } }
        : undefined,
    },
  };
}

const reconciled = (
  status: Condition['status'],
  reason: string,
  message = '',
): Condition => ({ type: 'Reconciled', status, reason, message });

describe('getResourceState', () => {
  it('is ready when Reconciled is True', () => {
    expect(
      getResourceState(
        rr(
          [
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'True',
              reason: 'PipelinesExecutedSuccessfully',
            },
            {
              type: 'WorksSucceeded',
              status: 'True',
              reason: 'WorksSucceeded',
            },
            reconciled('True', 'Reconciled'),
          ],
          { message: 'Resource requested' },
        ),
      ),
    ).toEqual({
      state: 'ready',
      reason: 'Reconciled',
      message: 'Resource requested',
    });
  });

  it('names the failing pipeline when the configure workflow failed', () => {
    expect(
      getResourceState(
        rr(
          [
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'False',
              reason: 'ConfigureWorkflowFailed',
              message: 'A pipeline failed',
            },
            reconciled('False', 'ConfigureWorkflowFailed'),
          ],
          {
            pipelines: [
              { name: 'instance-configure', phase: 'Succeeded' },
              {
                name: 'database-configure',
                phase: 'Failed',
                message: 'exit 1',
              },
            ],
          },
        ),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
      message: 'A pipeline failed',
      pipeline: 'database-configure',
    });
  });

  it.each(['WorksFailing', 'WorksMisplaced'])(
    'fails when WorksSucceeded is False with %s',
    reason => {
      expect(
        getResourceState(
          rr([
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'True',
              reason: 'PipelinesExecutedSuccessfully',
            },
            {
              type: 'WorksSucceeded',
              status: 'False',
              reason,
              message: 'Some works failed',
            },
            reconciled('True', 'Reconciled'),
          ]),
        ),
      ).toEqual({ state: 'failed', reason, message: 'Some works failed' });
    },
  );

  it('fails when only Reconciled is False', () => {
    expect(
      getResourceState(
        rr([reconciled('False', 'WorksFailing', 'Works are failing')]),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'WorksFailing',
      message: 'Works are failing',
      pipeline: undefined,
    });
  });

  it.each([
    'WorkflowPending',
    'WorksPending',
    'PausedReconciliation',
    'WorkflowSuspended',
  ])('is in progress when Reconciled is Unknown with %s', reason => {
    expect(
      getResourceState(rr([reconciled('Unknown', reason, 'waiting')])),
    ).toEqual({ state: 'in-progress', reason, message: 'waiting' });
  });

  it('is in progress while pipelines run, even though ConfigureWorkflowCompleted is False', () => {
    expect(
      getResourceState(
        rr([
          {
            type: 'ConfigureWorkflowCompleted',
            status: 'False',
            reason: 'PipelinesInProgress',
            message: 'Pipelines are still in progress',
          },
          reconciled('Unknown', 'WorkflowPending'),
        ]),
      ),
    ).toEqual({
      state: 'in-progress',
      reason: 'WorkflowPending',
      message: 'Pipelines are still in progress',
    });
  });

  it('is in progress when the request has no conditions yet', () => {
    expect(
      getResourceState({ metadata: {}, status: { message: 'Pending' } }),
    ).toEqual({
      state: 'in-progress',
      message: 'Pending',
    });
    expect(getResourceState({ metadata: {} })).toEqual({
      state: 'in-progress',
    });
    expect(getResourceState(undefined)).toEqual({ state: 'in-progress' });
  });

  it('is in progress, not ready, while Kratix has not observed the latest spec', () => {
    expect(
      getResourceState(
        rr([reconciled('True', 'Reconciled')], {
          generation: 2,
          observedGeneration: 1,
        }),
      ),
    ).toMatchObject({ state: 'in-progress', reason: PLATFORM_BEHIND_REASON });
  });

  // syntasso/kratix internal/controller/dynamic_resource_request_controller.go: observedGeneration advances only
  // after the configure workflow succeeds, so a failed update leaves the request behind with the failure.
  it('fails after an update whose pipeline failed, though Kratix never observed the new generation (dynamic_resource_request_controller.go)', () => {
    expect(
      getResourceState(
        rr(
          [
            {
              type: 'ConfigureWorkflowCompleted',
              status: 'False',
              reason: 'ConfigureWorkflowFailed',
              message: 'A pipeline failed',
            },
            reconciled('False', 'ConfigureWorkflowFailed', 'Failing'),
          ],
          {
            generation: 2,
            observedGeneration: 1,
            pipelines: [{ name: 'instance-configure', phase: 'Failed' }],
          },
        ),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'ConfigureWorkflowFailed',
      message: 'A pipeline failed',
      pipeline: 'instance-configure',
    });
  });

  // syntasso/kratix lib/resourceutil/util.go (MarkPromiseConditionAsNotAvailable): a request of a Promise that
  // cannot fulfil requests carries PromiseAvailable=False and nothing else.
  it('fails with PromiseRequirementsNotInstalled when its Promise is not available (lib/resourceutil/util.go)', () => {
    expect(
      getResourceState(
        rr([
          {
            type: 'PromiseAvailable',
            status: 'False',
            reason: 'PromiseRequirementsNotInstalled',
            message: 'Promise Requirements are not installed',
          },
        ]),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'PromiseRequirementsNotInstalled',
      message: 'Promise Requirements are not installed',
    });
  });

  // syntasso/kratix lib/resourceutil/util.go: MarkDeleteWorkflowAsFailed and MarkDeleteWorkflowSuspended.
  it('fails when the delete workflow failed, naming the pipeline (lib/resourceutil/util.go)', () => {
    expect(
      getResourceState(
        rr(
          [
            reconciled('True', 'Reconciled'),
            {
              type: 'DeleteWorkflowCompleted',
              status: 'False',
              reason: 'DeleteWorkflowFailed',
              message: 'The Delete Pipeline has failed',
            },
          ],
          { pipelines: [{ name: 'instance-delete', phase: 'Failed' }] },
        ),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'DeleteWorkflowFailed',
      message: 'The Delete Pipeline has failed',
      pipeline: 'instance-delete',
    });
  });

  it('is in progress, with the reason, while the delete workflow is suspended (lib/resourceutil/util.go)', () => {
    expect(
      getResourceState(
        rr([
          reconciled('True', 'Reconciled'),
          {
            type: 'DeleteWorkflowCompleted',
            status: 'False',
            reason: 'DeleteWorkflowSuspended',
            message: 'The delete workflow is suspended',
          },
        ]),
      ),
    ).toEqual({
      state: 'in-progress',
      reason: 'DeleteWorkflowSuspended',
      message: 'The delete workflow is suspended',
    });
  });

  it('reports a failed pipeline even without a Reconciled condition', () => {
    expect(
      getResourceState(
        rr(
          [
            {
              type: 'PromiseAvailable',
              status: 'True',
              reason: 'PromiseAvailable',
            },
          ],
          {
            pipelines: [{ name: 'provision-infra', phase: 'Failed' }],
          },
        ),
      ),
    ).toMatchObject({ state: 'failed', pipeline: 'provision-infra' });
  });

  it('is unknown when no condition tells', () => {
    expect(
      getResourceState(
        rr(
          [
            {
              type: 'PromiseAvailable',
              status: 'True',
              reason: 'PromiseAvailable',
            },
          ],
          {
            message: 'Resource requested',
          },
        ),
      ),
    ).toEqual({ state: 'unknown', message: 'Resource requested' });
  });
});

describeWithFixtures('getResourceState on real resource requests', () => {
  it('treats a request as written by a user (no status) as in progress', () => {
    const [request] = loadFixture(
      'kratix/kratix-marketplace__kafka-resource-request.yaml',
    );
    expect(getResourceState(request)).toEqual({ state: 'in-progress' });
  });

  it('keeps the message a pipeline wrote to its status file', () => {
    const [status] = loadFixture(
      'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-metadata-status.yaml',
    );
    expect(getResourceState({ metadata: {}, status })).toEqual({
      state: 'in-progress',
      message:
        "Infrastructure requested with Crossplane using LogicalDatabaseClaim object 'default/my-go-project-1'",
    });
  });
});
