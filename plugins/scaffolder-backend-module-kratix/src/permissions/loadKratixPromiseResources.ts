import { NotFoundError } from '@backstage/errors';
import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixPromise,
  parseKratixPromiseResourceRef,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixClusterService } from '@kratix-backstage/plugin-kratix-node';
import type { KratixPromiseResource } from './kratixPromisePermissionResourceRef';

/**
 * Reads the Promises that resourceRefs (`<cluster>/<promise>`) name, for applying conditional decisions. A ref that
 * is malformed, names a cluster that is not configured or a Promise that does not exist gives undefined, which the
 * permission framework turns into a denial; any other failure is thrown, so nothing is allowed on a guess.
 */
export async function loadKratixPromiseResources(
  clusters: KratixClusterService,
  resourceRefs: string[],
): Promise<Array<KratixPromiseResource | undefined>> {
  const configured = new Set(clusters.listClusters().map(c => c.name));
  return Promise.all(
    resourceRefs.map(async resourceRef => {
      const ref = parseKratixPromiseResourceRef(resourceRef);
      if (!ref || !configured.has(ref.cluster)) return undefined;
      try {
        const promise = await clusters
          .getClient(ref.cluster)
          .get<KratixPromise>({
            apiVersion: KRATIX_API_VERSION,
            kind: KRATIX_KINDS.promise,
            name: ref.promise,
          });
        return { cluster: ref.cluster, promise };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    }),
  );
}
