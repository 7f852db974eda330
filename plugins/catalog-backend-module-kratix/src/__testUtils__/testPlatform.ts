import { ConfigReader } from '@backstage/config';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  applyCrd,
  kratixClusterConfig,
  kubeRequest,
  KubeRequestError,
  loadFixture,
  promiseApiCrd,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';

/** A connection stub that records every mutation and tracks what the catalog would hold. */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  readonly entities = new Map<string, any>();

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push(mutation);
    const refOf = (e: any) =>
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase();
    if (mutation.type === 'full') {
      this.entities.clear();
      for (const d of mutation.entities)
        this.entities.set(refOf(d.entity), d.entity);
    } else {
      for (const d of mutation.added)
        this.entities.set(refOf(d.entity), d.entity);
      for (const r of mutation.removed) {
        this.entities.delete(
          'entityRef' in r ? r.entityRef.toLowerCase() : refOf(r.entity),
        );
      }
    }
  }

  async refresh(): Promise<void> {}

  get(ref: string) {
    return this.entities.get(ref.toLowerCase());
  }
}

/** Polls until `check` returns a truthy value. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Polls until the promise `check` returns resolves to a truthy value. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/** `kratix.clusters` for a platform and its workers, read-only identity. */
export function clustersConfig(clusters: TestCluster[]) {
  return clusters.map(c => kratixClusterConfig(c, { identity: 'reader' }));
}

export function providerConfig(clusters: TestCluster[], extra: object = {}) {
  return new ConfigReader({
    kratix: { clusters: clustersConfig(clusters) },
    catalog: {
      providers: {
        kratix: {
          main: {
            cluster: 'platform',
            owner: { default: 'group:default/platform' },
            syncTimeoutSeconds: 20,
            ...extra,
          },
        },
      },
    },
  });
}

export const kafkaPromise = () =>
  loadFixture('kratix/kratix-marketplace__kafka-promise.yaml').find(
    d => d.kind === 'Promise',
  );

/** Creates an object, or replaces it when it exists. */
export async function upsert(cluster: TestCluster, path: string, body: any) {
  try {
    return await kubeRequest(cluster.admin, 'POST', path, body);
  } catch (e) {
    if (!(e instanceof KubeRequestError && e.statusCode === 409)) throw e;
    const existing = await kubeRequest(
      cluster.admin,
      'GET',
      `${path}/${body.metadata.name}`,
    );
    return kubeRequest(cluster.admin, 'PUT', `${path}/${body.metadata.name}`, {
      ...body,
      metadata: {
        ...body.metadata,
        resourceVersion: existing.metadata.resourceVersion,
      },
    });
  }
}

/** Installs a Promise as Kratix would: its API's CRD, then the Promise. */
export async function installPromise(platform: TestCluster, promise: any) {
  const crd = promiseApiCrd(promise);
  if (crd) {
    await applyCrd(platform.admin, crd);
  }
  await upsert(platform, '/apis/platform.kratix.io/v1alpha1/promises', promise);
}
