import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KRATIX_LABELS,
  KRATIX_PLATFORM_NAMESPACE,
  KratixPromise,
  KratixWork,
  KratixWorkPlacement,
  KubernetesObject,
  getOwningPromiseName,
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

/**
 * Reads the Works of a Promise (Promise-level, in `kratix-platform-system`) or of a resource request (in its
 * namespace, by the `kratix.io/promise-name` and `kratix.io/resource-name` labels), and their WorkPlacements.
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
  const namespace = isPromise
    ? KRATIX_PLATFORM_NAMESPACE
    : object.metadata.namespace ?? KRATIX_PLATFORM_NAMESPACE;
  const selector = isPromise
    ? `${KRATIX_LABELS.promiseName}=${promiseName},!${KRATIX_LABELS.resourceName}`
    : `${KRATIX_LABELS.promiseName}=${promiseName},${KRATIX_LABELS.resourceName}=${object.metadata.name}`;

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
    // Works of a same-named request in another namespace of a cluster-scoped API must not mix in.
    const ns = work.metadata.labels?.[KRATIX_LABELS.resourceNamespace];
    return (
      isPromise ||
      !ns ||
      !object.metadata.namespace ||
      ns === object.metadata.namespace
    );
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

/** The Work a WorkPlacement places. */
export function workOf(
  placement: KratixWorkPlacement,
  works: KratixWork[],
): KratixWork | undefined {
  const label = placement.metadata.labels?.[KRATIX_LABELS.work];
  return works.find(w =>
    label
      ? w.metadata.name === label
      : placement.metadata.name?.startsWith(`${w.metadata.name}.`),
  );
}
