import type { Entity } from '@backstage/catalog-model';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { screen, within } from '@testing-library/react';
import {
  renderKratixCard,
  responseError,
} from '../../__testUtils__/renderKratixCard';
import { EntityKratixResourceCard } from './EntityKratixResourceCard';

// Role queries over a whole card take seconds on a busy machine.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders_team-a_database.marketplace.kratix.io_platform',
    namespace: 'default',
  },
  spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
};

const object: KratixEntitySummary['object'] = {
  cluster: 'platform',
  apiVersion: 'marketplace.kratix.io/v1alpha1',
  kind: 'Database',
  namespace: 'team-a',
  name: 'orders',
  generation: 2,
  observedGeneration: 2,
  behind: false,
  paused: false,
};

function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message?: string,
) {
  return {
    type,
    status,
    reason,
    ...(message && { message }),
    lastTransitionTime: '2025-01-01T00:00:00Z',
  };
}

const ready: KratixEntitySummary = {
  entityRef:
    'resource:default/orders_team-a_database.marketplace.kratix.io_platform',
  role: 'resource',
  object,
  state: { state: 'ready', reason: 'Reconciled' },
  message: 'Database provisioned',
  conditions: [
    condition(
      'ConfigureWorkflowCompleted',
      'True',
      'PipelinesExecutedSuccessfully',
      'Pipelines completed',
    ),
    condition('Reconciled', 'True', 'Reconciled'),
  ],
  health: { state: 'healthy', records: 1 },
  workflows: { total: 1, succeeded: 1, failed: 0 },
  destinations: {
    available: true,
    items: [
      {
        destination: 'aws',
        workPlacement: 'database-orders-1a2b3.aws-g1',
        ready: 'True',
        reason: 'WorkloadsWrittenToTargetDestination',
        misplaced: false,
      },
      {
        destination: 'old-cluster',
        workPlacement: 'database-orders-1a2b3.old-cluster-g1',
        ready: 'True',
        misplaced: true,
      },
    ],
  },
  fetchedAt: '2025-01-01T00:00:00Z',
};

const NOT_CAUGHT_UP = /The platform has not caught up with your last change/;

/** The value of one labelled field of the card. */
async function field(label: string) {
  return within(await screen.findByRole('group', { name: label }));
}

describe('EntityKratixResourceCard', () => {
  it('shows a ready request: state, message, health, workflows, Destinations and conditions', async () => {
    renderKratixCard(<EntityKratixResourceCard />, { entity, summary: ready });

    expect((await field('State')).getByText('Ready')).toBeInTheDocument();
    expect(
      screen.getByText('Database team-a/orders on cluster platform'),
    ).toBeInTheDocument();
    expect(
      (await field('Message')).getByText('Database provisioned'),
    ).toBeInTheDocument();
    expect(
      (await field('Health')).getByText('healthy (1 health record)'),
    ).toBeInTheDocument();
    expect(
      (await field('Workflows')).getByText('1 of 1 succeeded'),
    ).toBeInTheDocument();

    const destinations = screen.getAllByRole('listitem');
    expect(destinations).toHaveLength(2);
    expect(within(destinations[0]).getByText('aws')).toBeInTheDocument();
    expect(within(destinations[0]).getByText('Ready')).toBeInTheDocument();
    expect(
      within(destinations[0]).getByText('WorkloadsWrittenToTargetDestination'),
    ).toBeInTheDocument();
    expect(
      within(destinations[1]).getByText('old-cluster'),
    ).toBeInTheDocument();
    expect(within(destinations[1]).getByText('Misplaced')).toBeInTheDocument();

    const rows = screen.getAllByRole('row');
    // The header, then one row per condition.
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('Since')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('ConfigureWorkflowCompleted'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('PipelinesExecutedSuccessfully'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('Pipelines completed'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('True')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/ago$/)).toBeInTheDocument();

    expect(screen.queryByText(NOT_CAUGHT_UP)).not.toBeInTheDocument();
  });

  it('shows the Promise version a pinned request runs, an upgrade available and the failed last upgrade', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        version: {
          available: true,
          running: 'v1.0.0',
          desired: 'v1.0.0',
          pinned: true,
          latestVersion: 'v1.1.0',
          upgradeAvailable: true,
          upgrade: {
            state: 'failed',
            failedVersion: 'v1.1.0',
            reason: 'UpgradeFailed',
            message: "A Pipeline has failed: 'instance-configure'",
          },
        },
      },
    });

    const version = await field('Promise version');
    expect(version.getByText(/^v1\.0\.0/)).toBeInTheDocument();
    expect(version.getByText('pinned to v1.0.0')).toBeInTheDocument();
    expect(version.getByText('v1.1.0 is available')).toBeInTheDocument();
    const upgrade = await field('Last upgrade');
    expect(
      upgrade.getByText(
        "Upgrade to v1.1.0 failed (UpgradeFailed): A Pipeline has failed: 'instance-configure'",
      ),
    ).toBeInTheDocument();
    expect(upgrade.getByTestId('status-error')).toBeInTheDocument();
  });

  it('shows a floating request mid-upgrade, and no version at all on a platform without them', async () => {
    const { unmount } = renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        version: {
          available: true,
          running: 'v1.0.0',
          desired: 'latest',
          pinned: false,
          latestVersion: 'v1.1.0',
          upgradeAvailable: false,
          upgrade: {
            state: 'inProgress',
            version: 'v1.1.0',
            message: 'Upgrade to version v1.1.0 is in progress',
          },
        },
      },
    });
    const version = await field('Promise version');
    expect(version.getByText('follows latest')).toBeInTheDocument();
    expect(version.queryByText(/is available/)).not.toBeInTheDocument();
    expect(
      (await field('Last upgrade')).getByText('Upgrading to v1.1.0'),
    ).toBeInTheDocument();
    unmount();

    renderKratixCard(<EntityKratixResourceCard />, { entity, summary: ready });
    expect((await field('State')).getByText('Ready')).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Promise version' }),
    ).not.toBeInTheDocument();
  });

  it('shows a request in progress with the reason', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        state: {
          state: 'in-progress',
          reason: 'PipelinesInProgress',
          message: 'Pipelines are still in progress',
        },
        message: undefined,
        conditions: [
          condition(
            'ConfigureWorkflowCompleted',
            'False',
            'PipelinesInProgress',
          ),
        ],
      },
    });

    const state = await field('State');
    expect(state.getByText('In progress')).toBeInTheDocument();
    expect(state.getByText('PipelinesInProgress')).toBeInTheDocument();
    expect(state.queryByText('Ready')).not.toBeInTheDocument();
    expect(
      (await field('Message')).getByText('Pipelines are still in progress'),
    ).toBeInTheDocument();
  });

  it('shows a failed request, naming the failed pipeline', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        state: {
          state: 'failed',
          reason: 'ConfigureWorkflowFailed',
          message: 'A pipeline failed',
          pipeline: 'instance-configure',
        },
        message: 'Pipeline failed',
        workflows: { total: 1, succeeded: 0, failed: 1 },
      },
    });

    const state = await field('State');
    expect(state.getByText('Failed')).toBeInTheDocument();
    expect(
      state.getByText(
        "Pipeline 'instance-configure' failed (ConfigureWorkflowFailed)",
      ),
    ).toBeInTheDocument();
    expect(
      (await field('Message')).getByText('Pipeline failed'),
    ).toBeInTheDocument();
    expect(
      (await field('Workflows')).getByText('0 of 1 succeeded, 1 failed'),
    ).toBeInTheDocument();
  });

  it('says when the platform has not caught up with the last change', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        object: {
          ...object,
          generation: 3,
          observedGeneration: 2,
          behind: true,
        },
      },
    });

    expect(await screen.findByText(NOT_CAUGHT_UP)).toHaveTextContent(
      'The platform has not caught up with your last change (Kratix has seen generation 2 of 3).',
    );
  });

  it('says when reconciliation is paused', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: { ...ready, object: { ...object, paused: true } },
    });

    expect(
      await screen.findByText(/Reconciliation is paused/),
    ).toBeInTheDocument();
  });

  // syntasso/kratix internal/controller/healthrecord_controller.go: each record's state, lastRun, source, details.
  it('lists each HealthRecord with its source, last run and details, worst first', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        state: {
          state: 'failed',
          reason: 'Unhealthy',
          message:
            'A health check reports the request unhealthy (HealthRecord orders-backup)',
        },
        health: {
          state: 'unhealthy',
          records: 2,
          items: [
            {
              state: 'unhealthy',
              lastRun: '2025-12-01T13:00:00.000Z',
              source: { name: 'orders-backup', namespace: 'team-a' },
              details: { error: 'disk full' },
            },
            { state: 'healthy', source: { name: 'orders-ping' } },
          ],
        },
      },
    });

    const health = await field('Health');
    expect(health.getAllByText('unhealthy')).toHaveLength(2);
    expect(health.getByText('healthy')).toBeInTheDocument();
    expect(
      health.getByText(
        /^from team-a\/orders-backup; last run .*; \{"error":"disk full"\}$/,
      ),
    ).toBeInTheDocument();
    expect(health.getByText('from orders-ping')).toBeInTheDocument();
    const state = await field('State');
    expect(state.getByText('Failed')).toBeInTheDocument();
    expect(state.getByText('Unhealthy')).toBeInTheDocument();
  });

  // syntasso/kratix lib/resourceutil/util.go: DeleteWorkflowCompleted=False, DeleteWorkflowFailed.
  it('says when a deletion is stuck because the delete workflow failed', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        state: {
          state: 'failed',
          reason: 'DeleteWorkflowFailed',
          message: 'The Delete Pipeline has failed',
          pipeline: 'instance-delete',
        },
        deletion: {
          state: 'failed',
          reason: 'DeleteWorkflowFailed',
          message: 'The Delete Pipeline has failed',
        },
      },
    });

    expect(
      await screen.findByText(
        'Deletion is stuck: the delete workflow failed (DeleteWorkflowFailed): The Delete Pipeline has failed. Kratix keeps the request until its delete pipeline succeeds.',
      ),
    ).toBeInTheDocument();
    expect(
      (await field('State')).getByText(
        "Pipeline 'instance-delete' failed (DeleteWorkflowFailed)",
      ),
    ).toBeInTheDocument();
  });

  it('says when a deletion or a workflow is suspended', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        object: { ...object, workflowSuspended: true },
        deletion: {
          state: 'suspended',
          reason: 'DeleteWorkflowSuspended',
          message: 'The delete workflow is suspended',
        },
      },
    });

    expect(
      await screen.findByText(
        /^Deletion is on hold: the delete workflow is suspended \(DeleteWorkflowSuspended\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^A workflow is suspended \(label kratix.io\/workflow-suspended\)/,
      ),
    ).toBeInTheDocument();
  });

  // syntasso/kratix internal/controller/scheduler.go (ScheduleSucceeded) and
  // api/v1alpha1/workplacement_types.go (WriteSucceeded, status.versionID).
  it('shows a Work no Destination matches, a write the state store refused and the revision written', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        destinations: {
          available: true,
          items: [
            {
              destination: 'aws',
              workPlacement: 'database-orders-1a2b3.aws-g1',
              ready: 'False',
              reason: 'WorkloadsFailedWrite',
              message: 'Failing',
              misplaced: false,
              writeProblem: {
                condition: 'WriteSucceeded',
                reason: 'WorkloadsFailedWrite',
                message: 'authentication required',
              },
              versionID: 'a1b2c3d',
            },
            {
              destination: 'gcp',
              workPlacement: 'database-orders-1a2b3.gcp-g1',
              ready: 'True',
              reason: 'WorkloadsWrittenToTargetDestination',
              misplaced: false,
              versionID: 'e4f5a6b',
            },
          ],
        },
        unscheduledWorks: [
          {
            work: 'database-orders-unmatched',
            namespace: 'team-a',
            problem: {
              condition: 'ScheduleSucceeded',
              reason: 'UnscheduledWorkloads',
              message: 'No matching destination found for workloadGroups: [g1]',
            },
          },
        ],
      },
    });

    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByText('Not written')).toBeInTheDocument();
    expect(
      within(items[0]).getByText(
        'The state store refused the write (WorkloadsFailedWrite): authentication required; last written revision a1b2c3d',
      ),
    ).toBeInTheDocument();
    expect(
      within(items[1]).getByText(
        'WorkloadsWrittenToTargetDestination; written revision e4f5a6b',
      ),
    ).toBeInTheDocument();
    expect(
      within(items[2]).getByText('Work database-orders-unmatched'),
    ).toBeInTheDocument();
    expect(within(items[2]).getByText('Not scheduled')).toBeInTheDocument();
    expect(
      within(items[2]).getByText(
        'UnscheduledWorkloads: No matching destination found for workloadGroups: [g1]',
      ),
    ).toBeInTheDocument();
  });

  // crossplane/crossplane apis/core/v2/condition.go: Synced=False ReconcilePaused is a pause, not a failure.
  it('shows a paused Crossplane object as paused', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity: {
        ...entity,
        metadata: { name: 'orders_claim', namespace: 'default' },
        spec: { type: 'crossplane-claim', owner: 'group:default/team-a' },
      },
      summary: {
        ...ready,
        role: 'crossplane',
        state: { state: 'unknown' },
        crossplane: {
          state: 'paused',
          reason: 'ReconcilePaused',
          ready: 'True',
          synced: 'False',
        },
        conditions: [condition('Synced', 'False', 'ReconcilePaused')],
      },
    });

    const state = await field('State');
    expect(state.getByText('Paused')).toBeInTheDocument();
    expect(state.getByText('ReconcilePaused')).toBeInTheDocument();
  });

  it('shows Crossplane Ready and Synced, and their state, for a Crossplane object', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity: {
        ...entity,
        metadata: { name: 'orders_claim', namespace: 'default' },
        spec: { type: 'crossplane-claim', owner: 'group:default/team-a' },
      },
      summary: {
        ...ready,
        role: 'crossplane',
        object: { ...object, kind: 'PostgreSQLInstance', namespace: 'default' },
        // Kratix's own view of a Crossplane object knows nothing.
        state: { state: 'unknown' },
        crossplane: {
          state: 'failed',
          reason: 'ReconcileError',
          message: 'cannot create DB instance: InvalidParameterValue',
          ready: 'False',
          synced: 'False',
        },
        message: undefined,
        conditions: [
          condition('Synced', 'False', 'ReconcileError'),
          condition('Ready', 'False', 'Creating'),
        ],
      },
    });

    expect(await screen.findByText('Crossplane resource')).toBeInTheDocument();
    const state = await field('State');
    expect(state.getByText('Failed')).toBeInTheDocument();
    expect(state.getByText('ReconcileError')).toBeInTheDocument();
    expect(
      (await field('Message')).getByText(
        'cannot create DB instance: InvalidParameterValue',
      ),
    ).toBeInTheDocument();
    expect(
      (await field('Crossplane Ready')).getByText('False'),
    ).toBeInTheDocument();
    expect(
      (await field('Crossplane Synced')).getByText('False'),
    ).toBeInTheDocument();
    // Destinations and health belong to Kratix requests, not to the objects they produced.
    expect(
      screen.queryByRole('group', { name: 'Destinations' }),
    ).not.toBeInTheDocument();
  });

  it('survives a partial answer', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        entityRef: ready.entityRef,
        role: 'resource',
        conditions: [null, { status: 'True' }] as any,
      },
    });

    expect((await field('State')).getByText('Unknown')).toBeInTheDocument();
    expect(
      (await field('Message')).getByText('No message'),
    ).toBeInTheDocument();
    expect(
      (await field('Health')).getByText('Not reported'),
    ).toBeInTheDocument();
    expect(
      (await field('Workflows')).getByText('None run yet'),
    ).toBeInTheDocument();
    expect(
      (await field('Destinations')).getByText(
        'Kratix did not say where this was placed.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Kratix has not reported any conditions yet.'),
    ).toBeInTheDocument();
  });

  it('says why the Destinations could not be read, and when there are none', async () => {
    const { unmount } = renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: {
        ...ready,
        destinations: {
          available: false,
          reason: "Cluster 'platform' did not answer in time",
        },
      },
    });
    expect(
      await screen.findByText(
        "The Destinations could not be read: Cluster 'platform' did not answer in time",
      ),
    ).toBeInTheDocument();
    unmount();

    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: { ...ready, destinations: { available: true, items: [] } },
    });
    expect(
      await screen.findByText('Not placed on any Destination yet.'),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: 'never',
    });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: await responseError(
        404,
        'NotFoundError',
        "Database 'orders' was not found on cluster 'platform'",
      ),
    });

    expect(
      await screen.findByText(/Could not load the live state from Kratix/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /Database 'orders' was not found on cluster 'platform'/,
      ).length,
    ).toBeGreaterThan(0);
  });

  it('says which permission is missing on 403', async () => {
    renderKratixCard(<EntityKratixResourceCard />, {
      entity,
      summary: await responseError(
        403,
        'NotAllowedError',
        "You are not allowed to read live Kratix state (permission 'kratix.entity.read')",
      ),
    });

    expect(
      await screen.findByText(/You are not allowed to see live Kratix state/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the 'kratix.entity.read' permission/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Could not load the live state/),
    ).not.toBeInTheDocument();
  });
});
