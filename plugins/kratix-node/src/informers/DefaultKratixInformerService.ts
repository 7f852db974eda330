import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixInformer,
  KratixInformerEvent,
  KratixInformerListener,
} from '../client/KratixInformer';
import type { KratixClusterService } from '../service/KratixClusterService';
import type {
  KratixInformerLease,
  KratixInformerSelection,
  KratixInformerService,
} from './KratixInformerService';

interface Entry {
  key: string;
  informer: KratixInformer;
  leases: Set<Lease>;
}

function entryKey(
  cluster: string,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
) {
  return [cluster, apiVersion, kind, namespace ?? ''].join('|');
}

const inNamespace =
  (namespace: string | undefined) => (object: KubernetesObject) =>
    namespace === undefined || (object.metadata?.namespace ?? '') === namespace;

const objectKey = (object: KubernetesObject) =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

class Lease implements KratixInformerLease {
  #informer: KratixInformer;
  readonly #namespace?: string;
  readonly #onRelease: (lease: Lease) => Promise<void>;
  readonly #listeners: Array<[KratixInformerEvent, Function]> = [];
  readonly #released: Promise<never>;
  #reject!: (error: Error) => void;
  #done = false;

  constructor(
    informer: KratixInformer,
    namespace: string | undefined,
    onRelease: (lease: Lease) => Promise<void>,
  ) {
    this.#informer = informer;
    this.#namespace = namespace;
    this.#onRelease = onRelease;
    this.#released = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.#released.catch(() => {});
  }

  on<E extends KratixInformerEvent>(
    event: E,
    listener: KratixInformerListener<KubernetesObject, E>,
  ): this {
    if (this.#done) return this;
    const matches = inNamespace(this.#namespace);
    // A cluster-wide informer may serve a namespaced lease: its objects of other namespaces are not this lease's.
    const wrapped =
      event === 'add' || event === 'update' || event === 'delete'
        ? (object: KubernetesObject) => {
            if (matches(object))
              (listener as (o: KubernetesObject) => void)(object);
          }
        : listener;
    this.#listeners.push([event, wrapped]);
    this.#informer.on(
      event,
      wrapped as KratixInformerListener<KubernetesObject, E>,
    );
    return this;
  }

  hasSynced(): boolean {
    return this.#informer.hasSynced();
  }

  waitForSync(): Promise<void> {
    const synced = Promise.race([this.#informer.waitForSync(), this.#released]);
    // As the informer's own: a caller that stops waiting must not leave an unhandled rejection behind.
    synced.catch(() => {});
    return synced;
  }

  list(namespace?: string): KubernetesObject[] {
    if (this.#namespace === undefined) return this.#informer.list(namespace);
    if (namespace !== undefined && namespace !== this.#namespace) return [];
    return this.#informer.list(this.#namespace);
  }

  get(name: string, namespace?: string): KubernetesObject | undefined {
    const object = this.#informer.get(name, namespace);
    return object && inNamespace(this.#namespace)(object) ? object : undefined;
  }

  /**
   * Moves the lease onto `next`, an informer whose cache covers the lease's namespace and has synced. Whatever the two
   * caches disagree on reaches the lease's listeners, as if one informer had seen it all.
   */
  moveTo(next: KratixInformer): void {
    if (this.#done) return;
    const before = new Map(this.list().map(o => [objectKey(o), o]));
    for (const [event, listener] of this.#listeners) {
      this.#informer.off(event, listener as never);
      next.on(event, listener as never);
    }
    this.#informer = next;
    const after = new Map(this.list().map(o => [objectKey(o), o]));
    const emit = (event: 'add' | 'update' | 'delete', o: KubernetesObject) => {
      for (const [e, listener] of this.#listeners) {
        if (e === event) (listener as (object: KubernetesObject) => void)(o);
      }
    };
    for (const [key, object] of after) {
      const old = before.get(key);
      if (!old) emit('add', object);
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion)
        emit('update', object);
    }
    for (const [key, object] of before) {
      if (!after.has(key)) emit('delete', object);
    }
  }

  async release(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    for (const [event, listener] of this.#listeners) {
      this.#informer.off(event, listener as never);
    }
    this.#listeners.length = 0;
    this.#reject(
      new Error('The informer lease was released before its first list'),
    );
    await this.#onRelease(this);
  }
}

/**
 * The {@link KratixInformerService} of a backend, over the clients of a {@link KratixClusterService}. Each cache
 * keeps objects as `trimObjectForCache` leaves them (spec, status and metadata without `managedFields` and kubectl's
 * last-applied copy): the union of what the provider, the backend plugin and the relations processor read, so one
 * cache serves them all.
 *
 * @public
 */
export class DefaultKratixInformerService implements KratixInformerService {
  readonly #clusters: KratixClusterService;
  readonly #entries = new Map<string, Entry>();
  /** The entry each lease is on now: a namespaced lease moves when its kind comes to be watched cluster-wide. */
  readonly #leases = new Map<Lease, Entry>();
  #closed = false;

  /** Informers over the clients of `clusters`. */
  static create(options: {
    clusters: KratixClusterService;
  }): DefaultKratixInformerService {
    return new DefaultKratixInformerService(options.clusters);
  }

  private constructor(clusters: KratixClusterService) {
    this.#clusters = clusters;
  }

  /** A lease on the informer of a kind, started with its first lease; see {@link KratixInformerService.acquire}. */
  acquire<T extends KubernetesObject = KubernetesObject>(
    selection: KratixInformerSelection,
  ): KratixInformerLease<T> {
    if (this.#closed) {
      throw new Error(
        'The Kratix informer service has stopped; no informer can start',
      );
    }
    const { apiVersion, kind, namespace, pageSize } = selection;
    const cluster = selection.cluster ?? this.#clusters.getDefaultClusterName();
    const key = entryKey(cluster, apiVersion, kind, namespace);
    const entry =
      this.#entries.get(entryKey(cluster, apiVersion, kind, undefined)) ??
      this.#entries.get(key) ??
      this.#start(key, cluster, { apiVersion, kind, namespace, pageSize });
    const lease = new Lease(entry.informer, namespace, l => this.#release(l));
    entry.leases.add(lease);
    this.#leases.set(lease, entry);
    // The cache holds what the server sent for this kind; the caller names its type.
    return lease as unknown as KratixInformerLease<T>;
  }

  /** Stops every informer; called on backend shutdown. */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = Array.from(this.#entries.values());
    this.#entries.clear();
    await Promise.all(entries.map(e => e.informer.stop().catch(() => {})));
  }

  #start(
    key: string,
    cluster: string,
    selection: Omit<KratixInformerSelection, 'cluster'>,
  ): Entry {
    const informer = this.#clusters.getClient(cluster).informer({
      apiVersion: selection.apiVersion,
      kind: selection.kind,
      ...(selection.namespace !== undefined && {
        namespace: selection.namespace,
      }),
      pageSize: selection.pageSize,
    });
    const entry: Entry = { key, informer, leases: new Set() };
    this.#entries.set(key, entry);
    informer.start();
    if (selection.namespace === undefined) {
      const prefix = entryKey(
        cluster,
        selection.apiVersion,
        selection.kind,
        '',
      );
      for (const other of this.#entries.values()) {
        if (other !== entry && other.key.startsWith(prefix))
          void this.#adopt(entry, other);
      }
    }
    return entry;
  }

  /**
   * Once the cluster-wide informer `wide` and the namespaced `narrow` of the same kind have both synced, moves
   * `narrow`'s leases onto `wide` and stops `narrow`, so the kind is listed and watched once. A backend plugin that
   * read one namespace before the catalog provider watched the whole cluster would otherwise keep a second watch for
   * as long as it holds its lease.
   */
  async #adopt(wide: Entry, narrow: Entry): Promise<void> {
    try {
      await Promise.all([
        wide.informer.waitForSync(),
        narrow.informer.waitForSync(),
      ]);
    } catch {
      return; // one of them stopped before its first list: nothing to move
    }
    if (
      this.#entries.get(wide.key) !== wide ||
      this.#entries.get(narrow.key) !== narrow
    )
      return;
    this.#entries.delete(narrow.key);
    for (const lease of narrow.leases) {
      lease.moveTo(wide.informer);
      wide.leases.add(lease);
      this.#leases.set(lease, wide);
    }
    narrow.leases.clear();
    await narrow.informer.stop().catch(() => {});
  }

  async #release(lease: Lease): Promise<void> {
    const entry = this.#leases.get(lease);
    this.#leases.delete(lease);
    if (!entry) return;
    entry.leases.delete(lease);
    if (entry.leases.size > 0 || this.#entries.get(entry.key) !== entry) return;
    this.#entries.delete(entry.key);
    await entry.informer.stop().catch(() => {});
  }
}
