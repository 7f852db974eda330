import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ForwardedError, ResponseError } from '@backstage/errors';
import type {
  KratixCrossplaneTree,
  KratixEntityPipelines,
  KratixEntitySummary,
  KratixMarketplace,
  KratixPipelineLogs,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixApi, KratixLogsRequest } from './KratixApi';

/**
 * Calls the Kratix backend plugin (`/api/kratix`) with the signed-in user's credentials. A failed call throws a
 * `ResponseError` that carries the backend's own error (name, message, status code).
 *
 * @public
 */
export class KratixClient implements KratixApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getSummary(entity: CompoundEntityRef): Promise<KratixEntitySummary> {
    return this.get(`${entityPath(entity)}/summary`);
  }

  getPipelines(entity: CompoundEntityRef): Promise<KratixEntityPipelines> {
    return this.get(`${entityPath(entity)}/pipelines`);
  }

  getPipelineLogs(
    entity: CompoundEntityRef,
    pipeline: string,
    request: KratixLogsRequest = {},
  ): Promise<KratixPipelineLogs> {
    const query = new URLSearchParams();
    if (request.pod) query.set('pod', request.pod);
    if (request.container) query.set('container', request.container);
    if (request.tailLines !== undefined) {
      query.set('tailLines', String(request.tailLines));
    }
    if (request.previous) query.set('previous', 'true');
    const search = query.toString();
    return this.get(
      `${entityPath(entity)}/pipelines/${encodeURIComponent(pipeline)}/logs${
        search ? `?${search}` : ''
      }`,
    );
  }

  getCrossplaneTree(entity: CompoundEntityRef): Promise<KratixCrossplaneTree> {
    return this.get(`${entityPath(entity)}/crossplane`);
  }

  getMarketplace(): Promise<KratixMarketplace> {
    return this.get('/promises');
  }

  private async get<T>(path: string): Promise<T> {
    const url = `${await this.discoveryApi.getBaseUrl('kratix')}${path}`;
    let response: Response;
    try {
      response = await this.fetchApi.fetch(url);
    } catch (error) {
      throw new ForwardedError(
        `Could not reach the Kratix backend at ${url}; check that the kratix backend plugin is installed and running`,
        error,
      );
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}
