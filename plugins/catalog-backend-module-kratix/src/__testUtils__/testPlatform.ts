import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  kratixCatalogConfig,
  kratixClusterConfig,
  kubeRequest,
  loadFixture,
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

/** `kratix.clusters` for a platform and its workers, read-only identity. */
export function clustersConfig(clusters: TestCluster[]) {
  return clusters.map(c => kratixClusterConfig(c, { identity: 'reader' }));
}

/** Config with the clusters under `kratix.clusters` and one provider, `main`. */
export function providerConfig(
  clusters: TestCluster[],
  extra: JsonObject = {},
) {
  return new ConfigReader({
    kratix: { clusters: clustersConfig(clusters) },
    catalog: kratixCatalogConfig({ id: 'main', provider: extra }),
  });
}

/** The Promise document of a fixture file (path relative to the fixtures folder). */
export const fixturePromise = (file: string) =>
  loadFixture(file).find(d => d.kind === 'Promise');

export const kafkaPromise = () =>
  fixturePromise('kratix/kratix-marketplace__kafka-promise.yaml');

/**
 * Writes a resource request's status as Kratix does once its configure pipeline has run: Reconciled ("Resource
 * requested"), or failed (ConfigureWorkflowFailed).
 */
export async function setReconciled(
  cluster: TestCluster,
  requestPath: string,
  reconciled = true,
) {
  const current = await kubeRequest(cluster.admin, 'GET', requestPath);
  await kubeRequest(cluster.admin, 'PUT', `${requestPath}/status`, {
    ...current,
    status: {
      ...(reconciled && { message: 'Resource requested' }),
      observedGeneration: current.metadata.generation,
      conditions: [
        {
          type: 'Reconciled',
          status: reconciled ? 'True' : 'False',
          reason: reconciled ? 'Reconciled' : 'ConfigureWorkflowFailed',
          lastTransitionTime: new Date().toISOString(),
          message: reconciled ? 'ok' : 'pipeline failed',
        },
      ],
    },
  });
}
