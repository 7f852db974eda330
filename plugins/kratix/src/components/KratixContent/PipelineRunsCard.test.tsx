import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { KratixEntityPipelines } from '@kratix-backstage/plugin-kratix-common';
import { pipelines, responseError } from './__testUtils__/fakeKratixApi';
import { PipelineRunsCard } from './PipelineRunsCard';

// Material tables and the app around them render slowly on a busy machine.
jest.setTimeout(30_000);

/** The row of a table (the pipelines first, then the Jobs) that holds a text. */
function rowOf(text: string, table = 0): HTMLElement {
  const tables = screen.getAllByRole('table');
  return within(tables[table]).getByText(text).closest('tr')!;
}

describe('PipelineRunsCard', () => {
  it('lists each pipeline with its phase, attempts and the duration of its newest Job', async () => {
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, value: pipelines }} />,
    );

    const configure = rowOf('instance-configure');
    expect(within(configure).getByText('Succeeded')).toBeInTheDocument();
    expect(within(configure).getByText('1')).toBeInTheDocument();
    expect(within(configure).getByText('1m 30s')).toBeInTheDocument();

    const database = rowOf('database-configure');
    expect(within(database).getByText('Failed')).toBeInTheDocument();
    expect(within(database).getByText('3')).toBeInTheDocument();
    expect(
      within(database).getByText('Job has reached the specified backoff limit'),
    ).toBeInTheDocument();
  });

  it('shows the Jobs with the state of each stage of their Pods', async () => {
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, value: pipelines }} />,
    );

    const job = rowOf('kratix-redis-example-database-configure-77f0c', 1);
    expect(within(job).getByText('resource / configure')).toBeInTheDocument();
    const pod = within(job).getByRole('list', {
      name: 'Containers of kratix-redis-example-database-configure-77f0c-x1',
    });
    const stages = within(pod).getAllByRole('listitem');
    expect(stages.map(s => s.textContent)).toEqual([
      'stage reader: Completed',
      'stage create-database: Error (exit code 2)',
      'stage work-writer: Not started',
      'status-writer: PodInitializing',
    ]);
    // The older, retried Pod of the same Job is listed too.
    expect(
      within(job).getByRole('list', {
        name: 'Containers of kratix-redis-example-database-configure-77f0c-x0',
      }),
    ).toBeInTheDocument();
  });

  it('still shows the phases, with the reason, when the Jobs cannot be read', async () => {
    const value: KratixEntityPipelines = {
      ...pipelines,
      jobs: {
        available: false,
        reason: "Cluster 'platform' serves no batch/v1 Jobs",
      },
    };
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, value }} />,
    );

    expect(
      screen.getByText("Cluster 'platform' serves no batch/v1 Jobs"),
    ).toBeInTheDocument();
    expect(
      within(rowOf('database-configure')).getByText('Failed'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Jobs')).not.toBeInTheDocument();
    expect(screen.queryByText('1m 30s')).not.toBeInTheDocument();
  });

  it('says when there are no runs yet', async () => {
    const value: KratixEntityPipelines = {
      ...pipelines,
      pipelines: [],
      jobs: { available: true, items: [] },
    };
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, value }} />,
    );

    expect(screen.getByText('No pipeline runs yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a spinner while loading', async () => {
    await renderInTestApp(<PipelineRunsCard state={{ loading: true }} />);

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says the user may not see the runs on HTTP 403', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      "You are not allowed to read live Kratix state (permission 'kratix.read')",
    );
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, error }} />,
    );

    expect(
      screen.getByText(
        /You are not allowed to see the pipeline runs of this entity/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/permission 'kratix.read'/)).toBeInTheDocument();
  });

  it('shows any other failure with its details', async () => {
    const error = await responseError(
      500,
      'Error',
      "Cluster 'platform' did not answer within 10000 ms",
    );
    await renderInTestApp(
      <PipelineRunsCard state={{ loading: false, error }} />,
    );

    expect(
      screen.getByText(/Could not load the pipeline runs of this entity/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/not allowed/)).not.toBeInTheDocument();
  });
});
