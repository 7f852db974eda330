import { kubeRequest, KubeConnection } from './kubeRequest';

/** Requests an API server counted for one resource, from its own `/metrics`. */
export interface ResourceRequests {
  /** LIST requests (one per page), finished so far. */
  lists: number;
  /** Watches opened so far: the finished ones plus those open now. */
  watches: number;
  /** Watches open now. */
  openWatches: number;
}

/** One sample of the API server's request counters. */
export interface ApiServerRequestSample {
  metric: 'apiserver_request_total' | 'apiserver_longrunning_requests';
  labels: Record<string, string>;
  value: number;
}

/**
 * The request counters in an API server's Prometheus text: `apiserver_request_total` (requests finished, by verb,
 * resource, code...) and `apiserver_longrunning_requests` (watches and other long requests open now).
 */
export function apiServerRequestSamples(
  text: string,
): ApiServerRequestSample[] {
  const samples: ApiServerRequestSample[] = [];
  for (const line of text.split('\n')) {
    const m =
      /^(apiserver_request_total|apiserver_longrunning_requests)\{(.*)\} (\S+)$/.exec(
        line,
      );
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2];
    }
    samples.push({
      metric: m[1] as ApiServerRequestSample['metric'],
      labels,
      value: Number(m[3]),
    });
  }
  return samples;
}

/**
 * The LIST and WATCH requests an API server has served for a resource (`apiserver_request_total` and
 * `apiserver_longrunning_requests`), by plural and group (`''` for the core group). The server counts every client,
 * so compare two readings, or read a server only the code under test talks to.
 */
export async function readResourceRequests(
  conn: KubeConnection,
  resource: { group: string; plural: string },
): Promise<ResourceRequests> {
  const text = String(
    await kubeRequest(conn, 'GET', '/metrics', undefined, {
      timeoutMs: 10_000,
    }),
  );
  const counts: ResourceRequests = { lists: 0, watches: 0, openWatches: 0 };
  for (const { metric, labels, value } of apiServerRequestSamples(text)) {
    if (
      labels.resource !== resource.plural ||
      (labels.group ?? '') !== resource.group ||
      labels.subresource
    )
      continue;
    if (metric === 'apiserver_longrunning_requests') {
      if (labels.verb === 'WATCH') counts.openWatches += value;
    } else if (labels.verb === 'LIST') counts.lists += value;
    else if (labels.verb === 'WATCH') counts.watches += value;
  }
  counts.watches += counts.openWatches;
  return counts;
}
