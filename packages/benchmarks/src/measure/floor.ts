import type { ClusterKind } from '../generator/BenchDataset';

/** How to reach a cluster as a reader. */
export interface ReaderConnection {
  name: string;
  url: string;
  /** Base64 of the CA's PEM. */
  caData: string;
  token: string;
}

/** A raw read of every object. */
export interface FloorResult {
  ms: number;
  objects: number;
  /** LIST requests sent (one per page). */
  pages: number;
  /** Size of the objects read, as JSON (when asked for; the time is then not a floor). */
  bytes?: number;
  /** The same without `metadata.managedFields`, which no ingestion needs. */
  bytesWithoutManagedFields?: number;
}

/**
 * The floor: a raw paged LIST (`limit`, `continue`) of every kind the provider reads, with
 * `@kubernetes/client-node`'s CustomObjectsApi and nothing else, every kind in parallel (as the provider's informers
 * run) and each kind page after page.
 */
export async function measureFloor(
  clusters: ReaderConnection[],
  kinds: ClusterKind[],
  options: { pageSize?: number; sizes?: boolean } = {},
): Promise<FloorResult> {
  const pageSize = options.pageSize ?? 500;
  const k8s = await import('@kubernetes/client-node');
  const apis = new Map(
    clusters.map(c => {
      const kc = new k8s.KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: c.name,
            server: c.url,
            caData: c.caData,
            skipTLSVerify: false,
          },
        ],
        users: [{ name: 'reader', token: c.token }],
        contexts: [{ name: c.name, cluster: c.name, user: 'reader' }],
        currentContext: c.name,
      });
      return [c.name, kc.makeApiClient(k8s.CustomObjectsApi)];
    }),
  );
  const started = performance.now();
  let objects = 0;
  let pages = 0;
  let bytes = 0;
  let bytesWithoutManagedFields = 0;
  await Promise.all(
    kinds.map(async ({ cluster, kind }) => {
      const api = apis.get(cluster);
      if (!api) throw new Error(`No connection for cluster '${cluster}'`);
      const [group, version] = kind.apiVersion.split('/');
      let token: string | undefined;
      do {
        const page: any = await api.listClusterCustomObject({
          group,
          version,
          plural: kind.plural,
          limit: pageSize,
          _continue: token,
        });
        pages++;
        objects += page.items?.length ?? 0;
        if (options.sizes) {
          const items: any[] = page.items ?? [];
          bytes += Buffer.byteLength(JSON.stringify(items));
          bytesWithoutManagedFields += Buffer.byteLength(
            JSON.stringify(items, (key, value) =>
              key === 'managedFields' ? undefined : value,
            ),
          );
        }
        token = page.metadata?.continue || undefined;
      } while (token);
    }),
  );
  return {
    ms: performance.now() - started,
    objects,
    pages,
    ...(options.sizes && { bytes, bytesWithoutManagedFields }),
  };
}
