import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import { screen } from '@testing-library/react';
import { KratixApi, KratixClient, kratixApiRef } from './api';
import {
  EntityKratixPromiseCard,
  EntityKratixResourceCard,
  kratixPlugin,
} from './plugin';

const summary = {
  entityRef: 'resource:default/orders',
  role: 'resource',
  state: { state: 'ready' },
  conditions: [],
  workflows: {},
} as Partial<KratixEntitySummary> as KratixEntitySummary;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
};

describe('kratix plugin for the legacy frontend system', () => {
  it('provides a KratixClient for kratixApiRef', () => {
    const factory = Array.from(kratixPlugin.getApis()).find(
      f => f.api.id === kratixApiRef.id,
    );
    expect(factory).toBeDefined();
    const client = factory!.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(KratixClient);
  });

  it('renders the cards as lazy extensions in a legacy app', async () => {
    const kratixApi: Partial<KratixApi> = {
      getSummary: jest.fn(async () => summary),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [kratixApiRef, kratixApi],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityKratixResourceCard />
          <EntityKratixPromiseCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByText('Kratix request')).toBeInTheDocument();
    expect(await screen.findByText('Kratix Promise')).toBeInTheDocument();
    expect(await screen.findByText('Ready')).toBeInTheDocument();
  });
});
