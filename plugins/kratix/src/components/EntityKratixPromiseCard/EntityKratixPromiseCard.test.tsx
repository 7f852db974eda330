import type { Entity } from '@backstage/catalog-model';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { screen, within } from '@testing-library/react';
import {
  renderKratixCard,
  responseError,
} from '../../__testUtils__/renderKratixCard';
import { requestTemplateRouteRef } from '../../routes';
import { EntityKratixPromiseCard } from './EntityKratixPromiseCard';

// Role queries over a whole card take seconds on a busy machine.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'database_platform', namespace: 'default' },
  spec: {
    type: 'kratix-promise',
    owner: 'group:default/platform',
    lifecycle: 'production',
  },
};

// The catalog module names a Promise's Template after the Promise's Component.
const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'database_platform', namespace: 'default' },
  spec: { type: 'kratix-resource', owner: 'group:default/platform' },
};

const available: KratixEntitySummary = {
  entityRef: 'component:default/database_platform',
  role: 'promise',
  object: {
    cluster: 'platform',
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    name: 'database',
    generation: 1,
    observedGeneration: 1,
    behind: false,
    paused: false,
  },
  state: { state: 'ready', reason: 'Available' },
  message: 'Promise is available',
  conditions: [],
  workflows: { total: 2, succeeded: 2, failed: 0 },
  destinations: { available: true, items: [] },
  promise: {
    status: 'Available',
    version: 'v1.2.0',
    requiredPromises: [
      { name: 'aws-provider', version: 'v1', state: 'Requirement installed' },
    ],
    requiredBy: [
      { name: 'app-as-a-service', version: 'v2', requiredVersion: 'v1.2.0' },
    ],
    api: {
      group: 'marketplace.kratix.io',
      version: 'v1alpha1',
      kind: 'Database',
      plural: 'databases',
      scope: 'Namespaced',
    },
    lastAvailableTime: '2025-01-01T00:00:00Z',
  },
  fetchedAt: '2025-01-01T00:00:00Z',
};

async function field(label: string) {
  return within(await screen.findByRole('group', { name: label }));
}

describe('EntityKratixPromiseCard', () => {
  it('shows an available Promise: version, API, requirements, dependents and workflows', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: available,
      catalogEntities: [template],
    });

    expect(
      (await field('Availability')).getByText('Available'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Promise database on cluster platform'),
    ).toBeInTheDocument();
    expect(
      (await field('Message')).getByText('Promise is available'),
    ).toBeInTheDocument();
    expect((await field('Version')).getByText('v1.2.0')).toBeInTheDocument();
    expect(
      (await field('API')).getByText(
        'Database (marketplace.kratix.io/v1alpha1) Namespaced',
      ),
    ).toBeInTheDocument();
    expect(
      (await field('Workflows')).getByText('2 in all: 2 succeeded, 0 failed'),
    ).toBeInTheDocument();
    expect(
      (await field('Last available')).getByText(/ago$/),
    ).toBeInTheDocument();

    const requires = await field('Requires');
    expect(requires.getByText('aws-provider (v1)')).toBeInTheDocument();
    expect(requires.getByText('Requirement installed')).toBeInTheDocument();
    expect(requires.getByTestId('status-ok')).toBeInTheDocument();

    const requiredBy = await field('Required by');
    expect(requiredBy.getByText('app-as-a-service (v2)')).toBeInTheDocument();
    expect(requiredBy.getByText('requires version v1.2.0')).toBeInTheDocument();
  });

  it('lists the versions of the Promise, newest first, the latest marked, with how many requests run each', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        promise: {
          ...available.promise!,
          revisions: {
            available: true,
            items: [
              {
                name: 'database-1a2b3',
                version: 'v1.2.0',
                latest: true,
                requests: 3,
              },
              {
                name: 'database-4c5d6',
                version: 'v1.1.0',
                latest: false,
                requests: 1,
              },
              {
                name: 'database-7e8f9',
                version: 'v1.0.0',
                latest: false,
                requests: 0,
              },
            ],
          },
          requestsWithoutVersion: 2,
        },
      },
    });

    const versions = await field('Versions');
    const items = versions.getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      'v1.2.0 latest3 requests run it',
      'v1.1.01 request runs it',
      'v1.0.0no request runs it',
    ]);
    expect(within(items[0]).getByText('latest')).toBeInTheDocument();
    expect(
      versions.getByText('2 requests have not run any version yet'),
    ).toBeInTheDocument();
  });

  it('says why the versions could not be read', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        promise: {
          ...available.promise!,
          revisions: {
            available: false,
            reason: "Cluster 'platform' did not answer within 10 s",
          },
        },
      },
    });
    expect(
      (await field('Versions')).getByText(
        "Could not read the versions: Cluster 'platform' did not answer within 10 s",
      ),
    ).toBeInTheDocument();
  });

  it("opens the Promise's Template from the Request button, at /create by default", async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: available,
      catalogEntities: [template],
    });

    expect(
      await screen.findByRole('button', { name: 'Request' }),
    ).toHaveAttribute('href', '/create/templates/default/database_platform');
  });

  it('opens the Template where the app binds the scaffolder', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: available,
      catalogEntities: [template],
      mountedRoutes: {
        '/self-service/templates/:namespace/:templateName':
          requestTemplateRouteRef,
      },
    });

    expect(
      await screen.findByRole('button', { name: 'Request' }),
    ).toHaveAttribute(
      'href',
      '/self-service/templates/default/database_platform',
    );
  });

  it('offers no Request button when the catalog shows no Template for the Promise', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: available,
      catalogEntities: [],
    });

    expect(
      (await field('Availability')).getByText('Available'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request' }),
    ).not.toBeInTheDocument();
  });

  it('shows a Promise that is not available yet', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        state: { state: 'in-progress', reason: 'Unavailable' },
        message: 'Pending',
        promise: { ...available.promise!, status: 'Unavailable' },
      },
    });

    const availability = await field('Availability');
    expect(availability.getByText('Not available yet')).toBeInTheDocument();
    expect(availability.getByText('Unavailable')).toBeInTheDocument();
  });

  it('shows an unavailable Promise and the requirement that is missing', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        state: {
          state: 'failed',
          reason: 'RequirementsNotInstalled',
          message: 'Requirements not fulfilled',
        },
        message: undefined,
        promise: {
          ...available.promise!,
          status: 'Unavailable',
          requiredPromises: [
            {
              name: 'aws-provider',
              version: 'v2',
              state: 'Requirement not installed at the specified version',
            },
            { name: 'vpc' },
          ],
        },
      },
    });

    const availability = await field('Availability');
    expect(availability.getByText('Unavailable')).toBeInTheDocument();
    expect(
      availability.getByText('RequirementsNotInstalled'),
    ).toBeInTheDocument();
    expect(
      (await field('Message')).getByText('Requirements not fulfilled'),
    ).toBeInTheDocument();

    const requires = await field('Requires');
    expect(
      requires.getByText('Requirement not installed at the specified version'),
    ).toBeInTheDocument();
    expect(requires.getByTestId('status-error')).toBeInTheDocument();
    expect(requires.getByText('vpc')).toBeInTheDocument();
    expect(requires.getByText('Not checked yet')).toBeInTheDocument();
  });

  it('says when the platform has not caught up with a change to the Promise', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        object: {
          ...available.object,
          generation: 5,
          observedGeneration: 4,
          behind: true,
        },
      },
    });

    expect(
      await screen.findByText(
        /The platform has not caught up with your last change \(Kratix has seen generation 4 of 5\)/,
      ),
    ).toBeInTheDocument();
  });

  it('says when a Promise has no API', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        ...available,
        promise: { ...available.promise!, api: undefined },
      },
    });

    expect(
      (await field('API')).getByText(
        'None (spec.api is empty): this Promise takes no resource requests',
      ),
    ).toBeInTheDocument();
  });

  it('survives a partial answer', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: {
        entityRef: available.entityRef,
        role: 'promise',
        promise: { requiredPromises: [null], api: {} } as any,
      },
    });

    expect(
      (await field('Availability')).getByText('Unknown'),
    ).toBeInTheDocument();
    expect(
      (await field('Version')).getByText('Not versioned'),
    ).toBeInTheDocument();
    expect(
      (await field('API')).getByText(/^None \(spec.api is empty\)/),
    ).toBeInTheDocument();
    expect(
      (await field('Workflows')).getByText('None run yet'),
    ).toBeInTheDocument();
    expect(
      (await field('Requires')).getByText('No other Promise'),
    ).toBeInTheDocument();
    expect(
      (await field('Required by')).getByText('No other Promise'),
    ).toBeInTheDocument();
    expect(
      (await field('Last available')).getByText('Never'),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, { entity, summary: 'never' });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
      entity,
      summary: await responseError(
        400,
        'InputError',
        "Entity 'component:default/database_platform' is not a Kratix entity: it lacks the annotation 'kratix.backstage.io/kind'",
      ),
    });

    expect(
      await screen.findByText(/Could not load the live state from Kratix/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/it lacks the annotation 'kratix.backstage.io\/kind'/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('says which permission is missing on 403', async () => {
    renderKratixCard(<EntityKratixPromiseCard />, {
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
  });
});
