import knexFactory, { Knex } from 'knex';
import type { JsonObject } from '@backstage/types';
import { percentile } from './stats';

/** Where one change's time went, in ms from the write's answer. */
export interface ChangeTimeline {
  /** The provider's mutation stored the changed entity (`refresh_state.last_discovery_at`). */
  mutatedMs?: number;
  /** The catalog's processing engine picked the entity up. */
  processedMs?: number;
  /** The catalog API showed the change. */
  visibleMs?: number;
}

/** p50 and p95 of each step of the changes' timelines. */
export interface LatencyBreakdown {
  changes: number;
  /** Write answered → provider's mutation stored: watch event, debounce, recompute, publish. */
  provider: { p50Ms: number; p95Ms: number };
  /** Mutation stored → processing engine picked it up: waiting in the processing queue. */
  processingQueue: { p50Ms: number; p95Ms: number };
  /** Picked up → visible: processing, stitching (deferred, polled) and the benchmark's 50 ms polling. */
  processingAndStitching: { p50Ms: number; p95Ms: number };
}

/**
 * Reads when the provider's mutations reached the catalog's PostgreSQL database, for the latency breakdown. The
 * catalog's database is `<prefix>catalog` on the server of `database`.
 */
export class CatalogDatabaseProbe {
  readonly #knex: Knex;

  constructor(database: JsonObject) {
    const connection = database.connection as JsonObject;
    this.#knex = knexFactory({
      client: 'pg',
      connection: {
        ...connection,
        database: `${database.prefix}catalog`,
      } as Knex.PgConnectionConfig,
      pool: { min: 0, max: 1 },
    });
  }

  /** When the entity was last written by its provider (`Date` epoch ms), or undefined. */
  async lastDiscovery(entityRef: string): Promise<number | undefined> {
    const row = await this.#knex('refresh_state')
      .select('last_discovery_at')
      .where({ entity_ref: entityRef.toLowerCase() })
      .first();
    return row ? new Date(row.last_discovery_at).getTime() : undefined;
  }

  async close(): Promise<void> {
    await this.#knex.destroy();
  }
}

/** p50 and p95 of each step over the changes whose every step was observed. */
export function summarizeTimelines(
  timelines: ChangeTimeline[],
): LatencyBreakdown {
  const complete = timelines.filter(
    (t): t is Required<ChangeTimeline> =>
      t.mutatedMs !== undefined &&
      t.processedMs !== undefined &&
      t.visibleMs !== undefined,
  );
  const step = (values: number[]) => ({
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
  });
  return {
    changes: complete.length,
    provider: step(complete.map(t => t.mutatedMs)),
    processingQueue: step(complete.map(t => t.processedMs - t.mutatedMs)),
    processingAndStitching: step(
      complete.map(t => t.visibleMs - t.processedMs),
    ),
  };
}
