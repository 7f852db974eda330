import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KRATIX_LABELS,
  KratixPromise,
  KratixWork,
  KratixWorkPlacement,
  KubernetesObject,
  configuredPipelineNamespace,
  getOwningPromiseName,
  pipelineNamespaceOf,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';

/** The Works a Promise or request produced, and their WorkPlacements. */
export interface KratixPlacements {
  works: KratixWork[];
  workPlacements: KratixWorkPlacement[];
}

// Longest value Kubernetes accepts in a label selector.
const MAX_LABEL_VALUE = 63;

/** Names the Promise a request belongs to: its label, the entity's annotation, else the Promise whose API matches. */
export async function owningPromiseName(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  object: KubernetesObject,
): Promise<string | undefined> {
  const fromLabel = object.metadata.labels?.[KRATIX_LABELS.promiseName];
  if (fromLabel) return fromLabel;
  if (target.promise) return target.promise;
  const promises = await calls.run(
    target.cluster,
    'listing Promises',
    (client, signal) =>
      client.list<KratixPromise>({
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.promise,
        signal,
      }),
  );
  return getOwningPromiseName(object, promises.items);
}

/** The Promise of that name, or undefined when it cannot be read (its request's own namespace is then assumed). */
async function readPromise(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  name: string,
): Promise<KratixPromise | undefined> {
  try {
    return await calls.run(
      target.cluster,
      `reading Promise '${name}'`,
      client =>
        client.get<KratixPromise>({
          apiVersion: KRATIX_API_VERSION,
          kind: KRATIX_KINDS.promise,
          name,
        }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Reads the Works of a Promise (Promise-level) or of a resource request (by the `kratix.io/promise-name` and
 * `kratix.io/resource-name` labels), and their WorkPlacements, in the pipeline namespace Kratix writes them to
 * (`pipelineNamespaceOf`). Where a Promise's `pipelineNamespace` gathers requests of many namespaces, a request's
 * Works are told apart by `kratix.io/resource-namespace` (upstream `lib/resourceutil/work.go`).
 */
export async function readPlacements(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  object: KubernetesObject,
): Promise<KratixPlacements> {
  const isPromise = target.role === 'promise';
  const promiseName = isPromise
    ? object.metadata.name
    : await owningPromiseName(calls, target, object);
  if (!promiseName) {
    return { works: [], workPlacements: [] };
  }
  const promise = isPromise
    ? (object as KratixPromise)
    : await readPromise(calls, target, promiseName);
  const namespace = pipelineNamespaceOf(
    promise,
    isPromise ? undefined : object,
  );
  const L = KRATIX_LABELS;
  const requestNamespace = object.metadata.namespace;
  let selector = `${L.promiseName}=${promiseName},!${L.resourceName}`;
  if (!isPromise) {
    selector = `${L.promiseName}=${promiseName},${L.resourceName}=${object.metadata.name}`;
    if (configuredPipelineNamespace(promise) && requestNamespace) {
      selector += `,${L.resourceNamespace}=${requestNamespace}`;
    }
  }

  const works = (
    await calls.run(
      target.cluster,
      `listing the Works of '${target.name}'`,
      (client, signal) =>
        client.list<KratixWork>({
          apiVersion: KRATIX_API_VERSION,
          kind: KRATIX_KINDS.work,
          namespace,
          labelSelector: selector,
          signal,
        }),
    )
  ).items.filter(work => {
    // Works of a same-named request of another namespace must never mix in.
    const ns = work.metadata.labels?.[L.resourceNamespace];
    return isPromise || !ns || !requestNamespace || ns === requestNamespace;
  });
  if (works.length === 0) {
    return { works, workPlacements: [] };
  }

  const names = works.map(w => w.metadata.name!).sort();
  const bySelector = names.every(n => n.length <= MAX_LABEL_VALUE);
  const placements = await calls.run(
    target.cluster,
    `listing the WorkPlacements of '${target.name}'`,
    (client, signal) =>
      client.list<KratixWorkPlacement>({
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.workPlacement,
        namespace,
        ...(bySelector && {
          labelSelector: `${KRATIX_LABELS.work} in (${names.join(',')})`,
        }),
        signal,
      }),
  );
  const workPlacements = placements.items.filter(wp => {
    const work = wp.metadata.labels?.[KRATIX_LABELS.work];
    return work
      ? names.includes(work)
      : names.some(n => wp.metadata.name?.startsWith(`${n}.`));
  });
  return { works, workPlacements };
}
