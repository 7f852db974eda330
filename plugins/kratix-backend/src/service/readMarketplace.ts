import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KRATIX_LABELS,
  KratixPromise,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import { getKratixEntityTarget } from './getKratixEntityTarget';
import { reasonOf } from './readSummary';
import type {
  KratixMarketplace,
  KratixMarketplacePromise,
} from '@kratix-backstage/plugin-kratix-common';

/** Lists the Promises of one cluster; callers cache it briefly. */
export type PromiseLister = (cluster: string) => Promise<KratixPromise[]>;

/** A {@link PromiseLister} that reads the cluster within the time limit. */
export function listPromisesOn(calls: ClusterCalls): PromiseLister {
  return async cluster =>
    (
      await calls.run(cluster, 'listing Promises', (client, signal) =>
        client.list<KratixPromise>({
          apiVersion: KRATIX_API_VERSION,
          kind: KRATIX_KINDS.promise,
          signal,
        }),
      )
    ).items;
}

/**
 * The marketplace: each Promise entity the caller can see (Components of type `kratix-promise`), with the live
 * availability and version of its Promise on its cluster and the Software Template that requests it. A cluster that
 * cannot be read leaves its Promises `unknown` and is named with the reason.
 */
export async function readMarketplace(options: {
  calls: ClusterCalls;
  promiseEntities: Entity[];
  /** Entity refs of the Templates the caller can see, among those named after Promise entities. */
  templateRefs: Set<string>;
  listPromises: PromiseLister;
}): Promise<KratixMarketplace> {
  const { calls, promiseEntities, templateRefs, listPromises } = options;
  const targets = promiseEntities.flatMap(entity => {
    try {
      const target = getKratixEntityTarget(entity);
      return target.role === 'promise'
        ? [{ entity, target, cluster: calls.clusterName(target.cluster) }]
        : [];
    } catch {
      // An entity typed kratix-promise without coordinates cannot be shown live.
      return [];
    }
  });

  const clusterNames = Array.from(new Set(targets.map(t => t.cluster))).sort();
  const clusters = await Promise.all(
    clusterNames.map(async name => {
      try {
        return { name, available: true, promises: await listPromises(name) };
      } catch (error) {
        return {
          name,
          available: false,
          reason: reasonOf(error),
          promises: [] as KratixPromise[],
        };
      }
    }),
  );

  const promises: KratixMarketplacePromise[] = targets.map(
    ({ entity, target, cluster }) => {
      const entityRef = stringifyEntityRef(entity);
      const templateRef = stringifyEntityRef({
        kind: 'Template',
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
      const source = clusters.find(c => c.name === cluster)!;
      const live = source.promises.find(p => p.metadata.name === target.name);
      const api = live && getPromiseApi(live);
      let availability: KratixMarketplacePromise['availability'] = 'unknown';
      if (live) {
        availability =
          live.status?.status === 'Available' ? 'available' : 'unavailable';
      } else if (source.available) {
        availability = 'unavailable';
      }
      const version =
        live?.status?.version ??
        live?.metadata.labels?.[KRATIX_LABELS.promiseVersion];
      let message: string | undefined;
      if (!source.available) message = source.reason;
      else if (!live) {
        message = `Promise '${target.name}' is no longer on cluster '${cluster}'`;
      } else message = live.status?.message;
      return {
        entityRef,
        name: target.name,
        ...(entity.metadata.title && { title: entity.metadata.title }),
        ...(entity.metadata.description && {
          description: entity.metadata.description,
        }),
        cluster,
        availability,
        ...(version && { version }),
        ...(api && {
          api: { group: api.group, version: api.version, kind: api.kind },
        }),
        ...(templateRefs.has(templateRef) && { templateRef }),
        ...(message && { message }),
      };
    },
  );
  promises.sort(
    (a, b) =>
      (a.title ?? a.name).localeCompare(b.title ?? b.name) ||
      a.cluster.localeCompare(b.cluster),
  );
  return {
    promises,
    clusters: clusters.map(c => ({
      name: c.name,
      available: c.available,
      ...(c.reason && { reason: c.reason }),
    })),
    fetchedAt: new Date().toISOString(),
  };
}
