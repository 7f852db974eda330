import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import {
  kratixCatalogConfig,
  kratixClusterConfig,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
import catalogModuleKratix from '@kratix-backstage/plugin-catalog-backend-module-kratix';
import type { JsonObject, JsonValue } from '@backstage/types';
import { CatalogClient } from './CatalogClient';
import { PLATFORM, WORKER } from './DrillPlatform';
import { LogRecorder } from './LogRecorder';
import { stopBackend } from './stopBackend';
import type { TestPostgres } from '@kratix-backstage/kube-test-cluster';

type Features = NonNullable<Parameters<typeof startTestBackend>[0]['features']>;

/** Options of {@link startDrillBackend}. */
export interface DrillBackendOptions {
  platform: TestCluster;
  worker?: TestCluster;
  /** Reach the platform through this URL (a fault proxy) instead of its own. */
  platformUrl?: string;
  /** `admin` when the backend writes (scaffolder actions); `reader` (read-only) by default. */
  identity?: 'admin' | 'reader';
  /** Overrides of the provider block `catalog.providers.kratix.drill`. */
  provider?: JsonObject;
  /** More config (e.g. `kratix.scaffolder`), deep-merged over the drill's own. */
  config?: JsonObject;
  /** More plugins and modules. */
  features?: Features;
  /** A real database (`backend.database`) another backend can take over from; in memory unless given. */
  database?: TestPostgres['databaseConfig'];
  log: LogRecorder;
}

/** A running backend with the catalog and the Kratix provider, and a client of its catalog API. */
export interface DrillBackend {
  baseUrl: string;
  catalog: CatalogClient;
  stop(): Promise<void>;
}

/**
 * Starts a real Backstage backend: the catalog with the Kratix module (the real scheduler, so the provider's task
 * holds its watches), the clusters of the drill under `kratix.clusters` (`platform` and `worker-1`), every log line
 * recorded, and whatever else the drill adds.
 */
export async function startDrillBackend(
  options: DrillBackendOptions,
): Promise<DrillBackend> {
  const identity = options.identity ?? 'reader';
  const clusters = [
    {
      ...kratixClusterConfig(options.platform, { identity, name: PLATFORM }),
      ...(options.platformUrl && { url: options.platformUrl }),
    },
    ...(options.worker
      ? [kratixClusterConfig(options.worker, { identity, name: WORKER })]
      : []),
  ];
  const data = deepMerge(
    {
      ...(options.database && { backend: { database: options.database } }),
      kratix: { clusters },
      catalog: kratixCatalogConfig({
        id: 'drill',
        provider: {
          schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
          ...options.provider,
        },
      }),
    },
    options.config ?? {},
  );
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleKratix,
      // The real scheduler: the provider's task holds its watches for minutes, which the mock would wait out.
      schedulerServiceFactory,
      ...(options.database ? [databaseServiceFactory] : []),
      options.log.factory(),
      mockServices.rootConfig.factory({ data }),
      ...(options.features ?? []),
    ],
  });
  const baseUrl = `http://localhost:${backend.server.port()}`;
  return {
    baseUrl,
    catalog: new CatalogClient(baseUrl),
    stop: () => stopBackend(backend),
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** `extra` merged into `base`: objects key by key, anything else replaced. */
function deepMerge(base: JsonObject, extra: JsonObject): JsonObject {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] =
      isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/** Waits until the catalog holds every one of `refs`; returns how long that took. */
export async function waitForEntities(
  catalog: CatalogClient,
  refs: Iterable<string>,
  what: string,
  timeoutMs = 90_000,
): Promise<number> {
  const wanted = Array.from(refs);
  const startedAt = Date.now();
  const deadline = startedAt + timeoutMs;
  let missing: string[] = wanted;
  // Bounded by the deadline; each look is one paged list of the catalog.
  while (Date.now() < deadline) {
    try {
      const have = await catalog.refs();
      missing = wanted.filter(r => !have.has(r));
      if (missing.length === 0) return Date.now() - startedAt;
    } catch {
      // the backend may still be starting
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(
    `Timed out after ${timeoutMs / 1000}s waiting for ${what}: ${
      missing.length
    } of ${wanted.length} entities missing, e.g. ${missing
      .slice(0, 5)
      .join(', ')}`,
  );
}
