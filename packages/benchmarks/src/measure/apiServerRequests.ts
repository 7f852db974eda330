import {
  apiServerRequestSamples,
  kubeRequest,
  KubeConnection,
} from '@kratix-backstage/kube-test-cluster';

/** Requests by verb (LIST, WATCH, GET, POST, PATCH, PUT, DELETE, …). */
export type RequestsByVerb = Record<string, number>;

/** A reading of the API servers' own request counters. */
export interface RequestCounters {
  /** `apiserver_request_total`, summed by verb over every cluster. */
  total: RequestsByVerb;
  /** Watches open right now (`apiserver_longrunning_requests{verb="WATCH"}`). */
  openWatches: number;
}

// Requests that are not API traffic: health checks and the scrape itself.
const IGNORED_PATHS = new Set(['/metrics', '/healthz', '/livez', '/readyz']);

/** Parses the Prometheus text of one API server. */
export function parseRequestMetrics(text: string): RequestCounters {
  const total: RequestsByVerb = {};
  let openWatches = 0;
  for (const { metric, labels, value } of apiServerRequestSamples(text)) {
    if (metric === 'apiserver_longrunning_requests') {
      if (labels.verb === 'WATCH') openWatches += value;
      continue;
    }
    if (IGNORED_PATHS.has(labels.subresource)) continue;
    total[labels.verb] = (total[labels.verb] ?? 0) + value;
  }
  return { total, openWatches };
}

/**
 * Reads the request counters every API server keeps (`/metrics`), summed over the given clusters. The difference of
 * two readings is what all clients sent in between; a watch counts when it ends, so watches opened in between are
 * the counted ones plus the change in open watches.
 */
export async function readRequestCounters(
  clusters: KubeConnection[],
): Promise<RequestCounters> {
  const readings = await Promise.all(
    clusters.map(async c =>
      parseRequestMetrics(
        String(
          await kubeRequest(c, 'GET', '/metrics', undefined, {
            timeoutMs: 10_000,
          }),
        ),
      ),
    ),
  );
  const total: RequestsByVerb = {};
  let openWatches = 0;
  for (const r of readings) {
    openWatches += r.openWatches;
    for (const [verb, n] of Object.entries(r.total)) {
      total[verb] = (total[verb] ?? 0) + n;
    }
  }
  return { total, openWatches };
}

/** Requests sent between two readings, by verb, with `WATCH` meaning watches opened. */
export function requestsBetween(
  before: RequestCounters,
  after: RequestCounters,
): RequestsByVerb {
  const out: RequestsByVerb = {};
  const verbs = new Set([
    ...Object.keys(before.total),
    ...Object.keys(after.total),
  ]);
  for (const verb of verbs) {
    const n = (after.total[verb] ?? 0) - (before.total[verb] ?? 0);
    if (n) out[verb] = n;
  }
  const watches = (out.WATCH ?? 0) + (after.openWatches - before.openWatches);
  if (watches) out.WATCH = watches;
  else delete out.WATCH;
  return out;
}

/** Sum of all verbs. */
export function totalRequests(requests: RequestsByVerb): number {
  return Object.values(requests).reduce((a, b) => a + b, 0);
}
