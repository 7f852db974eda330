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

/** Names the Promise a request belongs to: its label, the entity's annotation, else the Promise whose API matches. */
export async function owningPromiseName(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  object: KubernetesObject,
): Promise<string | undefined> {
  const fromLabel = object.metadata.labels?.[KRATIX_LABELS.promiseName];
  if (fromLabel) return fromLabel;
  if (target.promise) return target.promise;
  const promises = await calls.listCached<KratixPromise>(
    target.cluster,
    { apiVersion: KRATIX_API_VERSION, kind: KRATIX_KINDS.promise },
    'listing Promises',
  );
  return getOwningPromiseName(object, promises);
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

/** Objects in the order the API server lists them: by namespace, then name. */
function byName<T extends KubernetesObject>(a: T, b: T): number {
  return `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`.localeCompare(
    `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`,
  );
}

/**
 * Reads the Works of a Promise (Promise-level) or of a resource request (by the `kratix.io/promise-name` and
 * `kratix.io/resource-name` labels), and their WorkPlacements, in the pipeline namespace Kratix writes them to
 * (`pipelineNamespaceOf`), from the backend's shared informers of both kinds. Where a Promise's `pipelineNamespace`
 * gathers requests of many namespaces, a request's Works are told apart by `kratix.io/resource-namespace` (upstream
 * `lib/resourceutil/work.go`).
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
  const requestName = object.metadata.name;
  const requestNamespace = object.metadata.namespace;
  // One pipeline namespace holds the Works of requests of many namespaces: only that label tells them apart.
  const byRequestNamespace =
    !isPromise && !!configuredPipelineNamespace(promise) && !!requestNamespace;
  const works = (
    await calls.listCached<KratixWork>(
      target.cluster,
      { apiVersion: KRATIX_API_VERSION, kind: KRATIX_KINDS.work, namespace },
      `listing the Works of '${target.name}'`,
    )
  )
    .filter(work => {
      const labels = work.metadata.labels ?? {};
      if (labels[L.promiseName] !== promiseName) return false;
      // A Promise's own Works name no request.
      if (isPromise) return labels[L.resourceName] === undefined;
      if (labels[L.resourceName] !== requestName) return false;
      const ns = labels[L.resourceNamespace];
      if (byRequestNamespace) return ns === requestNamespace;
      // Works of a same-named request of another namespace must never mix in.
      return !ns || !requestNamespace || ns === requestNamespace;
    })
    .sort(byName);
  if (works.length === 0) {
    return { works, workPlacements: [] };
  }

  const names = works.map(w => w.metadata.name!);
  const workPlacements = (
    await calls.listCached<KratixWorkPlacement>(
      target.cluster,
      {
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.workPlacement,
        namespace,
      },
      `listing the WorkPlacements of '${target.name}'`,
    )
  )
    .filter(wp => {
      const work = wp.metadata.labels?.[L.work];
      return work
        ? names.includes(work)
        : names.some(n => wp.metadata.name?.startsWith(`${n}.`));
    })
    .sort(byName);
  return { works, workPlacements };
}
