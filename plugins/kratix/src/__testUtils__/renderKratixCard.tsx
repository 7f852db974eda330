import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { ExternalRouteRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type { KratixEntitySummary } from '@kratix-backstage/plugin-kratix-common';
import type { ReactElement } from 'react';
import { KratixApi, kratixApiRef } from '../api';

/** A `ResponseError` as the client throws it for a Backstage error body. */
export function responseError(
  statusCode: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'GET', url: '/api/kratix/entities/x' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    status: statusCode,
    statusText: name,
    url: 'http://localhost/api/kratix/entities/x',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as unknown as Response);
}

/** Renders an entity card in a test app, with a Kratix API that answers `summary` (or fails with it). */
export function renderKratixCard(
  card: ReactElement,
  options: {
    entity: Entity;
    summary: Partial<KratixEntitySummary> | Error | 'never';
    /** Entities the catalog shows, e.g. the Template of a Promise. */
    catalogEntities?: Entity[];
    mountedRoutes?: { [path: string]: ExternalRouteRef };
  },
) {
  const { summary } = options;
  const getSummary = jest.fn(() => {
    if (summary === 'never') return new Promise<never>(() => {});
    if (summary instanceof Error) return Promise.reject(summary);
    return Promise.resolve(summary as KratixEntitySummary);
  });
  const kratixApi: KratixApi = {
    getSummary,
    getPipelines: jest.fn(),
    getPipelineLogs: jest.fn(),
    getCrossplaneTree: jest.fn(),
    getMarketplace: jest.fn(),
  };
  const rendered = renderInTestApp(
    <EntityProvider entity={options.entity}>{card}</EntityProvider>,
    {
      apis: [
        [kratixApiRef, kratixApi],
        [
          catalogApiRef,
          catalogApiMock({ entities: options.catalogEntities ?? [] }),
        ],
      ],
      mountedRoutes: options.mountedRoutes,
    },
  );
  return { ...rendered, getSummary };
}
