import { useState, type ReactNode } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { KratixEntityPipelines } from '@kratix-backstage/plugin-kratix-common';
import { kratixApiRef, type KratixApi } from '../../api/KratixApi';
import {
  fakeKratixApi,
  logsOf,
  pipelines,
  REQUEST_REF,
  responseError,
} from './__testUtils__/fakeKratixApi';
import { PipelineLogsCard } from './PipelineLogsCard';

// The log viewer and the app around it render slowly on a busy machine.
jest.setTimeout(30_000);

// jsdom lays nothing out; give the LogViewer a size so it renders its lines.
jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => ReactNode;
  }) => props.children({ width: 800, height: 600 }),
}));

const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'redis_default_example',
};

async function renderCard(
  api: KratixApi,
  value: KratixEntityPipelines = pipelines,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <PipelineLogsCard entity={entity} pipelines={value} />
    </TestApiProvider>,
  );
}

/** Picks an option of one of the card's selects. */
async function choose(select: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(select) }),
  );
  await userEvent.click(
    within(await screen.findByRole('listbox')).getByRole('option', {
      name: option,
    }),
  );
}

const FAILED_STAGE_LOG =
  'log line of database-configure/kratix-redis-example-database-configure-77f0c-x1/create-database';

describe('PipelineLogsCard', () => {
  it('starts with the failed pipeline and shows the logs of its newest Pod', async () => {
    const api = fakeKratixApi();
    await renderCard(api);

    expect(
      await screen.findByText(
        /log line of database-configure\/kratix-redis-example-database-configure-77f0c-x1\/create-database/,
      ),
    ).toBeInTheDocument();
    expect(api.getPipelineLogs).toHaveBeenCalledWith(
      entity,
      'database-configure',
      {},
    );
    expect(
      screen.getByText(
        /Last lines of Pod kratix-redis-example-database-configure-77f0c-x1 in namespace default/,
      ),
    ).toBeInTheDocument();
    // With all containers shown, each log comes under its own heading.
    expect(
      screen.getByText("=== stage 'create-database' ==="),
    ).toBeInTheDocument();
  });

  it('says which containers have no log yet', async () => {
    await renderCard(fakeKratixApi());

    expect(
      await screen.findByText(
        'No log for stage \'work-writer\': container "work-writer" is waiting to start: PodInitializing',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No log for container 'status-writer'/),
    ).toBeInTheDocument();
  });

  it('switches to another pipeline and notes a log cut to the size limit', async () => {
    const api = fakeKratixApi();
    await renderCard(api);
    await screen.findByText(FAILED_STAGE_LOG);

    await choose('Pipeline', 'instance-configure');

    expect(
      await screen.findByText(
        /log line of instance-configure\/kratix-redis-example-instance-configure-5d1a2-abcde\/redis-configure/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/log line of database-configure/)).toBeNull();
    expect(api.getPipelineLogs).toHaveBeenLastCalledWith(
      entity,
      'instance-configure',
      {},
    );
    expect(
      screen.getByText(
        "The log of stage 'redis-configure' was cut to the size limit; only part of it is shown.",
      ),
    ).toBeInTheDocument();
  });

  it('reads an older Pod and a single container when chosen', async () => {
    const api = fakeKratixApi();
    await renderCard(api);
    await screen.findByText(FAILED_STAGE_LOG);

    await choose('Container', 'create-database (stage)');
    await waitFor(() =>
      expect(api.getPipelineLogs).toHaveBeenLastCalledWith(
        entity,
        'database-configure',
        { container: 'create-database' },
      ),
    );
    expect(
      await screen.findByText(
        'log line of database-configure/kratix-redis-example-database-configure-77f0c-x1/create-database',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\/reader/)).toBeNull();

    await choose('Pod', 'kratix-redis-example-database-configure-77f0c-x0');
    await waitFor(() =>
      expect(api.getPipelineLogs).toHaveBeenLastCalledWith(
        entity,
        'database-configure',
        { pod: 'kratix-redis-example-database-configure-77f0c-x0' },
      ),
    );
    expect(
      await screen.findByText(
        'log line of database-configure/kratix-redis-example-database-configure-77f0c-x0/reader',
      ),
    ).toBeInTheDocument();
  });

  it('loads the logs again on refresh', async () => {
    const api = fakeKratixApi();
    await renderCard(api);
    await screen.findByText(FAILED_STAGE_LOG);
    expect(api.getPipelineLogs).toHaveBeenCalledTimes(1);

    api.getPipelineLogs.mockResolvedValueOnce({
      ...logsOf('database-configure'),
      containers: [
        {
          container: 'create-database',
          init: true,
          log: 'a newer line',
          truncated: false,
        },
      ],
    });
    await userEvent.click(screen.getByRole('button', { name: 'Refresh logs' }));

    expect(await screen.findByText('a newer line')).toBeInTheDocument();
    expect(api.getPipelineLogs).toHaveBeenCalledTimes(2);
  });

  it('reads the logs again when the shown Pod moves on, not on every refresh', async () => {
    const api = fakeKratixApi();
    const [failedJob, ...olderJobs] = pipelines.jobs.available
      ? pipelines.jobs.items
      : [];
    const [newestPod, ...olderPods] = failedJob.pods;
    const moved: KratixEntityPipelines = {
      ...pipelines,
      jobs: {
        available: true,
        items: [
          {
            ...failedJob,
            pods: [
              {
                ...newestPod,
                containers: newestPod.containers.map(c =>
                  c.name === 'work-writer'
                    ? { ...c, state: 'running' as const }
                    : c,
                ),
              },
              ...olderPods,
            ],
          },
          ...olderJobs,
        ],
      },
    };
    function Refreshing() {
      const [value, setValue] = useState(pipelines);
      return (
        <>
          <button onClick={() => setValue({ ...pipelines })}>same</button>
          <button onClick={() => setValue(moved)}>moved</button>
          <PipelineLogsCard entity={entity} pipelines={value} />
        </>
      );
    }
    await renderInTestApp(
      <TestApiProvider apis={[[kratixApiRef, api]]}>
        <Refreshing />
      </TestApiProvider>,
    );
    await screen.findByText(FAILED_STAGE_LOG);

    await userEvent.click(screen.getByRole('button', { name: 'same' }));
    expect(api.getPipelineLogs).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'moved' }));
    await waitFor(() => expect(api.getPipelineLogs).toHaveBeenCalledTimes(2));
    // The logs stay on screen while they reload.
    expect(screen.getByText(FAILED_STAGE_LOG)).toBeInTheDocument();
  });

  it('says why the logs could not be read', async () => {
    const api = fakeKratixApi({
      getPipelineLogs: jest.fn(async (_entity, pipeline) => ({
        entityRef: REQUEST_REF,
        pipeline,
        available: false as const,
        reason: "listing pipeline Pods in 'default': pods is forbidden",
        fetchedAt: pipelines.fetchedAt,
      })),
    });
    await renderCard(api);

    expect(
      await screen.findByText(/The logs could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(/pods is forbidden/)).toBeInTheDocument();
  });

  it('says when a pipeline has no Pods left to read', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      "Pipeline 'database-configure' has no Pods on the cluster (yet, or any more)",
    );
    await renderCard(
      fakeKratixApi({ getPipelineLogs: jest.fn().mockRejectedValue(error) }),
    );

    expect(await screen.findByText(/No logs to show/)).toBeInTheDocument();
    expect(
      screen.getByText(/has no Pods on the cluster \(yet, or any more\)/),
    ).toBeInTheDocument();
  });

  it('says the user may not see the logs on HTTP 403', async () => {
    const error = await responseError(403, 'NotAllowedError', 'Forbidden');
    await renderCard(
      fakeKratixApi({ getPipelineLogs: jest.fn().mockRejectedValue(error) }),
    );

    expect(
      await screen.findByText(
        /You are not allowed to see the logs of this pipeline/,
      ),
    ).toBeInTheDocument();
  });

  it('offers the pipelines Kratix reports even when the Jobs cannot be read', async () => {
    const api = fakeKratixApi();
    await renderCard(api, {
      ...pipelines,
      jobs: { available: false, reason: 'no Jobs' },
    });

    await waitFor(() =>
      expect(api.getPipelineLogs).toHaveBeenCalledWith(
        entity,
        'database-configure',
        {},
      ),
    );
    expect(screen.queryByRole('button', { name: /Pod/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Container/ })).toBeNull();
  });

  it('says there are no logs before any pipeline ran', async () => {
    const api = fakeKratixApi();
    await renderCard(api, {
      ...pipelines,
      pipelines: [],
      jobs: { available: true, items: [] },
    });

    expect(screen.getByText('No pipeline logs yet')).toBeInTheDocument();
    expect(api.getPipelineLogs).not.toHaveBeenCalled();
  });
});
