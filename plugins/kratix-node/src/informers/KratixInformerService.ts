import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixInformerEvent,
  KratixInformerListener,
} from '../client/KratixInformer';

/**
 * What to watch with {@link KratixInformerService.acquire}: one kind on one cluster, in one namespace or all of them.
 *
 * @public
 */
export interface KratixInformerSelection {
  /** A cluster under `kratix.clusters`; the default one when absent. */
  cluster?: string;
  /** The kind's `apiVersion`, e.g. `platform.kratix.io/v1alpha1`. */
  apiVersion: string;
  /** The kind, e.g. `Promise`. */
  kind: string;
  /** Only this namespace; the whole cluster when absent. */
  namespace?: string;
  /** Objects per list request when this lease starts the informer; 500 unless given. */
  pageSize?: number;
}

/**
 * One user's hold on a shared informer: its cache and events, limited to the namespace it asked for. Call
 * {@link KratixInformerLease.release} when done; the informer stops when its last lease is released.
 *
 * @public
 */
export interface KratixInformerLease<
  T extends KubernetesObject = KubernetesObject,
> {
  /** Adds a listener, removed again on release. `add`/`update`/`delete` get the object; `error` the error; `connect` fires on each (re)connected watch. */
  on<E extends KratixInformerEvent>(
    event: E,
    listener: KratixInformerListener<T, E>,
  ): this;
  /** True once the informer's first complete list is in its cache. */
  hasSynced(): boolean;
  /** Resolves when the first complete list is in the cache; rejects if the lease is released or the informer stopped before that. */
  waitForSync(): Promise<void>;
  /** The cached objects of the lease's namespace (or of `namespace`, within it). */
  list(namespace?: string): T[];
  /** One cached object. */
  get(name: string, namespace?: string): T | undefined;
  /** Gives the lease back: its listeners are removed, and the informer stops if no other lease holds it. */
  release(): Promise<void>;
}

/**
 * Informers shared by every plugin of a backend: one per kind per cluster (or per namespace), started by the first
 * lease and stopped when the last one is released or the backend stops, so each kind is listed and watched once
 * however many plugins read it. A namespace asked for while its kind is already watched cluster-wide is served from
 * that informer, and the leases of a namespace move onto a cluster-wide informer of their kind once it has synced.
 *
 * @public
 */
export interface KratixInformerService {
  /** A lease on the informer of a kind; the informer starts with the first lease. Throws `NotFoundError` for an unknown cluster. */
  acquire<T extends KubernetesObject = KubernetesObject>(
    selection: KratixInformerSelection,
  ): KratixInformerLease<T>;
}
