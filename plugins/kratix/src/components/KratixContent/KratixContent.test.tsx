import type { ReactNode } from 'react';
import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kratixApiRef, type KratixApi } from '../../api/KratixApi';
import {
  fakeKratixApi,
  promiseEntity,
  requestEntity,
  responseError,
  summary,
} from './__testUtils__/fakeKratixApi';
import { KratixContent } from './KratixContent';

// Material tables, the log viewer and the app around them render slowly on a busy machine.
jest.setTimeout(30_000);

jest.mock('react-virtualized-auto-sizer', () => ({
  __esModule: true,
  default: (props: {
    children: (size: { width: number; height: number }) => ReactNode;
  }) => props.children({ width: 800, height: 600 }),
}));

async function renderContent(api: KratixApi, entity: Entity = requestEntity) {
  return renderInTestApp(
    <TestApiProvider apis={[[kratixApiRef, api]]}>
      <EntityProvider entity={entity}>
        <KratixContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

/** The section (an InfoCard) with a title. */
function card(title: string): HTMLElement {
  return screen.getByText(title).closest('.MuiCard-root') as HTMLElement;
}

describe('KratixContent', () => {
  it("shows every section of a resource request, read with the entity's ref", async () => {
    const api = fakeKratixApi();
    await renderContent(api);

    expect(
      await screen.findByRole('listitem', {
        name: 'PostgreSQLInstance default/example',
      }),
    ).toBeInTheDocument();
    expect(
      await within(card('Pipeline runs')).findByText(
        'kratix-redis-example-instance-configure-5d1a2',
      ),
    ).toBeInTheDocument();
    expect(
      await within(card('Works and Destinations')).findByText('old-worker'),
    ).toBeInTheDocument();
    expect(
      await within(card('Pipeline logs')).findByText(
        /log line of database-configure\/.*\/create-database/,
      ),
    ).toBeInTheDocument();

    const ref = {
      kind: 'Component',
      namespace: 'default',
      name: 'redis_default_example',
    };
    expect(api.getSummary).toHaveBeenCalledWith(ref);
    expect(api.getPipelines).toHaveBeenCalledWith(ref);
    expect(api.getCrossplaneTree).toHaveBeenCalledWith(ref);
    expect(api.getPipelineLogs).toHaveBeenCalledWith(
      ref,
      'database-configure',
      {},
    );
  });

  it('says in every section when the user may not see live Kratix state', async () => {
    const forbidden = await responseError(
      403,
      'NotAllowedError',
      "You are not allowed to read live Kratix state (permission 'kratix.read')",
    );
    const reject = () => jest.fn().mockRejectedValue(forbidden);
    await renderContent(
      fakeKratixApi({
        getSummary: reject(),
        getPipelines: reject(),
        getCrossplaneTree: reject(),
      }),
    );

    for (const subject of [
      'the pipeline runs of this entity',
      'where the Works of this entity were placed',
      'the Crossplane objects of this entity',
    ]) {
      expect(
        await screen.findByText(
          new RegExp(`You are not allowed to see ${subject}`),
        ),
      ).toBeInTheDocument();
    }
    expect(screen.queryByText('Pipeline logs')).not.toBeInTheDocument();
  });

  // The backend answers 400 for a Promise's Crossplane tree (readCrossplaneTree in kratix-backend): only requests,
  // claims, XRs and managed resources have one, so a Promise's tab must not ask.
  it('does not ask for a Crossplane tree on a Promise, and leaves the section out', async () => {
    const api = fakeKratixApi({
      getSummary: jest.fn().mockResolvedValue({ ...summary, role: 'promise' }),
      getCrossplaneTree: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            "Entity 'component:default/redis' stands for Promise 'redis', which has no Crossplane objects",
          ),
        ),
    });
    await renderContent(api, promiseEntity);

    expect(
      await within(card('Works and Destinations')).findByText('worker-1'),
    ).toBeInTheDocument();
    expect(
      await within(card('Pipeline runs')).findByText(
        'kratix-redis-example-instance-configure-5d1a2',
      ),
    ).toBeInTheDocument();
    expect(api.getCrossplaneTree).not.toHaveBeenCalled();
    expect(screen.queryByText('Crossplane resources')).not.toBeInTheDocument();
    expect(screen.queryByText(/Could not load/)).not.toBeInTheDocument();
  });

  it('shows the refusal of a Crossplane tree as an error for a resource request', async () => {
    const api = fakeKratixApi({
      getCrossplaneTree: jest
        .fn()
        .mockRejectedValue(
          await responseError(400, 'InputError', 'Not a Kratix entity'),
        ),
    });
    await renderContent(api);

    expect(
      await screen.findByText(/Could not load the Crossplane objects/),
    ).toBeInTheDocument();
  });
});
