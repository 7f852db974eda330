import { NotFoundError } from '@backstage/errors';
import {
  getLatestRevision,
  getResourceVersionView,
  KratixPromiseRevision,
  KratixPromiseRevisionSummary,
  KratixRequestVersionSummary,
  KratixResourceRequest,
  KubernetesObject,
  KratixMaybeList,
} from '@kratix-backstage/plugin-kratix-common';
import {
  readPromiseRevisions,
  readResourceBinding,
  readResourceBindings,
} from '@kratix-backstage/plugin-kratix-node';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { owningPromiseName } from './readPlacements';
import { reasonOf } from './readSummary';

/** A cluster that does not serve PromiseRevisions or ResourceBindings has no Promise versions: nothing to show. */
async function unlessUnversioned<T>(read: () => Promise<T>) {
  try {
    return { value: await read() };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    return { reason: reasonOf(error) };
  }
}

/**
 * The versions of a Promise (its PromiseRevisions, newest first) with how many of its requests run each; undefined on
 * a cluster without Promise versions, or when Kratix has made neither a revision nor a binding for this Promise.
 */
export async function readPromiseVersions(
  calls: ClusterCalls,
  target: KratixEntityTarget,
): Promise<
  | {
      revisions: KratixMaybeList<KratixPromiseRevisionSummary>;
      requestsWithoutVersion?: number;
    }
  | undefined
> {
  const read = await unlessUnversioned(() =>
    calls.run(
      target.cluster,
      `reading the versions of Promise '${target.name}'`,
      async client => {
        const [revisions, bindings] = await Promise.all([
          readPromiseRevisions(client, target.name),
          readResourceBindings(client, { promiseName: target.name }),
        ]);
        return { revisions, bindings };
      },
    ),
  );
  if (!read) return undefined;
  if (!read.value) {
    return { revisions: { available: false, reason: read.reason! } };
  }
  const { revisions, bindings } = read.value;
  if (revisions.length === 0 && bindings.length === 0) return undefined;
  const running = new Map<string, number>();
  let withoutVersion = 0;
  for (const binding of bindings) {
    // Counts only: which requests run a version is each request's own entity to say.
    const version = binding.status?.lastAppliedVersion;
    if (version) running.set(version, (running.get(version) ?? 0) + 1);
    else withoutVersion += 1;
  }
  const latest = getLatestRevision(revisions);
  return {
    revisions: {
      available: true,
      items: revisions.map((r: KratixPromiseRevision) => ({
        name: r.metadata.name ?? '',
        version: r.spec?.version ?? '',
        latest: r === latest,
        requests: running.get(r.spec?.version ?? '') ?? 0,
        ...(r.metadata.creationTimestamp && {
          createdAt: r.metadata.creationTimestamp,
        }),
      })),
    },
    ...(withoutVersion > 0 && { requestsWithoutVersion: withoutVersion }),
  };
}

/**
 * The Promise version a request runs, what its binding asks for, its last upgrade and whether a newer version is
 * there; undefined on a cluster without Promise versions or for a request of no known Promise.
 */
export async function readRequestVersion(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  request: KubernetesObject,
): Promise<KratixRequestVersionSummary | undefined> {
  const namespace = request.metadata.namespace;
  const promiseName = await owningPromiseName(calls, target, request).catch(
    () => undefined,
  );
  if (!promiseName || !namespace) return undefined;
  const read = await unlessUnversioned(() =>
    calls.run(
      target.cluster,
      `reading the Promise version of ${target.kind} '${target.name}'`,
      client =>
        Promise.all([
          readPromiseRevisions(client, promiseName),
          readResourceBinding(client, {
            promiseName,
            namespace,
            name: request.metadata.name ?? target.name,
          }),
        ]),
    ),
  );
  if (!read) return undefined;
  if (!read.value) return { available: false, reason: read.reason! };
  const [revisions, binding] = read.value;
  if (!binding && revisions.length === 0) return undefined;
  return {
    available: true,
    ...getResourceVersionView(
      request as KratixResourceRequest,
      binding,
      getLatestRevision(revisions),
    ),
  };
}
