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

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[m[1]] = m[2];
  }
  return labels;
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
  for (const line of text.split('\n')) {
    const m =
      /^(apiserver_request_total|apiserver_longrunning_requests)\{(.*)\} (\S+)$/.exec(
        line,
      );
    if (!m) continue;
    const labels = labelsOf(m[2]);
    if (
      labels.resource !== resource.plural ||
      (labels.group ?? '') !== resource.group ||
      labels.subresource
    )
      continue;
    const value = Number(m[3]);
    if (m[1] === 'apiserver_longrunning_requests') {
      if (labels.verb === 'WATCH') counts.openWatches += value;
    } else if (labels.verb === 'LIST') counts.lists += value;
    else if (labels.verb === 'WATCH') counts.watches += value;
  }
  counts.watches += counts.openWatches;
  return counts;
}
