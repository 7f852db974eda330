import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestBackendOptions,
} from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import type { JsonObject } from '@backstage/types';
import { kratixCatalogConfig } from '@kratix-backstage/kube-test-cluster';
import { catalogModuleKratix } from '../module';

/** Options of {@link startCatalogTestBackend}. */
export interface CatalogTestBackendOptions {
  /** `kratix.clusters`, e.g. from `clustersConfig` or `kratixClusterConfig`. */
  clusters: JsonObject[];
  /** Overrides of the provider block `catalog.providers.kratix.test`. */
  provider?: JsonObject;
  /** More config at the top level, over the catalog's own; `kratix` is merged key by key (e.g. `kratix.scaffolder`). */
  config?: JsonObject & { kratix?: JsonObject };
  /** More plugins, modules and service factories. */
  features?: TestBackendOptions<[]>['features'];
  /** The user {@link CatalogTestBackend.getEntity} calls the catalog API as; the mock user by default. */
  user?: string;
}

/** A running backend with the catalog and the Kratix module. */
export interface CatalogTestBackend {
  backend: TestBackend;
  /** The base URL of its plugins' APIs, `http://localhost:<port>/api`. */
  baseUrl: string;
  /** An entity from the catalog API; undefined while the catalog has none of that ref. */
  getEntity(entityRef: string): Promise<Entity | undefined>;
}

/**
 * Starts a backend with the catalog, the scaffolder entity model (for the Templates the module generates) and the
 * Kratix module, reading `clusters` with one provider, `test`, on the `platform` cluster, plus whatever the test adds.
 */
export async function startCatalogTestBackend(
  options: CatalogTestBackendOptions,
): Promise<CatalogTestBackend> {
  const { kratix, ...config } = options.config ?? {};
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleKratix,
      // The real scheduler: the provider's task holds its watches for minutes, which the mock would wait out.
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          kratix: { clusters: options.clusters, ...kratix },
          catalog: kratixCatalogConfig({
            provider: {
              schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
              ...options.provider,
            },
          }),
          ...config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}/api`;
  const getEntity = async (entityRef: string) => {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const response = await fetch(
      `${baseUrl}/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { Authorization: mockCredentials.user.header(options.user) } },
    );
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `GET ${entityRef} from the catalog: ${
          response.status
        } ${await response.text()}`,
      );
    }
    return (await response.json()) as Entity;
  };
  return { backend, baseUrl, getEntity };
}
