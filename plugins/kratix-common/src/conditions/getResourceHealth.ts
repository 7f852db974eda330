import type { KratixResourceRequest } from '../types';
import type { KratixResourceState } from './getResourceState';

/**
 * One HealthRecord of a request, as Kratix copies it into `status.healthStatus.healthRecords[]`.
 *
 * @public
 */
export interface KratixHealthRecordSummary {
  state: string;
  /** When the health check last ran, as an ISO date (Kratix writes Unix seconds). */
  lastRun?: string;
  /** The HealthRecord object the entry comes from. */
  source?: { name?: string; namespace?: string };
  details?: unknown;
}

/**
 * A request's health: the worst state of its HealthRecords and each record.
 *
 * @public
 */
export interface KratixResourceHealth {
  state?: string;
  records: KratixHealthRecordSummary[];
}

// Worst first, as Kratix ranks them when it rolls records up (upstream `internal/controller/healthrecord_controller.go`).
const HEALTH_RANK: Record<string, number> = {
  unhealthy: 1,
  degraded: 2,
  unknown: 3,
  healthy: 4,
  ready: 5,
};

function rank(state: string | undefined): number {
  return HEALTH_RANK[state ?? ''] ?? HEALTH_RANK.unknown;
}

function recordOf(raw: unknown): KratixHealthRecordSummary | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const source =
    r.source && typeof r.source === 'object'
      ? (r.source as Record<string, unknown>)
      : undefined;
  const lastRun = typeof r.lastRun === 'number' ? r.lastRun : undefined;
  return {
    state: typeof r.state === 'string' && r.state ? r.state : 'unknown',
    ...(lastRun !== undefined &&
      Number.isFinite(lastRun) && {
        lastRun: new Date(lastRun * 1000).toISOString(),
      }),
    ...(source && {
      source: {
        ...(typeof source.name === 'string' && { name: source.name }),
        ...(typeof source.namespace === 'string' && {
          namespace: source.namespace,
        }),
      },
    }),
    ...(r.details !== undefined && { details: r.details }),
  };
}

/**
 * A request's health from `status.healthStatus`: each HealthRecord, worst first, and the worst state (Kratix's own
 * roll-up when there are no records). Undefined when Kratix reported no health.
 *
 * @public
 */
export function getResourceHealth(
  rr: Pick<KratixResourceRequest, 'status'> | undefined,
): KratixResourceHealth | undefined {
  const health = rr?.status?.healthStatus;
  if (!health || typeof health !== 'object') return undefined;
  const records = (
    Array.isArray(health.healthRecords) ? health.healthRecords : []
  )
    .map(recordOf)
    .filter((r): r is KratixHealthRecordSummary => Boolean(r))
    .sort((a, b) => rank(a.state) - rank(b.state));
  const state =
    records[0]?.state ??
    (typeof health.state === 'string' ? health.state : undefined);
  return { ...(state && { state }), records };
}

/**
 * Reason `withHealth` gives a ready request whose worst HealthRecord is unhealthy or degraded.
 *
 * @public
 */
export const HEALTH_REASONS = {
  unhealthy: 'Unhealthy',
  degraded: 'Degraded',
} as const;

/**
 * Lets a request's health drive its state: a ready request with an unhealthy record is failed, with a degraded one
 * ready with the reason `Degraded`. Anything Kratix itself reports as not ready stays as it is.
 *
 * @public
 */
export function withHealth(
  state: KratixResourceState,
  health: KratixResourceHealth | undefined,
): KratixResourceState {
  if (state.state !== 'ready' || !health?.state) return state;
  const worst = health.records[0];
  const where = worst?.source?.name
    ? ` (HealthRecord ${worst.source.name})`
    : '';
  if (health.state === 'unhealthy') {
    return {
      state: 'failed',
      reason: HEALTH_REASONS.unhealthy,
      message: `A health check reports the request unhealthy${where}`,
    };
  }
  if (health.state === 'degraded') {
    return {
      state: 'ready',
      reason: HEALTH_REASONS.degraded,
      message: `A health check reports the request degraded${where}`,
    };
  }
  return state;
}
