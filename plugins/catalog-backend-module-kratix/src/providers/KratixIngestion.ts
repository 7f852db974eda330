import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KratixDestination,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import {
  destinationClusterOf,
  KratixClusterService,
  KratixInformerLease,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import {
  buildEntities,
  BuildEntitiesOptions,
  BuildEntitiesResult,
  KratixSnapshot,
} from '../transformers/buildEntities';
import { digestOf, refOfEntity } from '../transformers/entityDigest';
import { PromiseToTemplate } from '../transformers/types';
import { IncrementalChanges } from './incrementalChanges';
import { KratixEntityProviderConfig } from './KratixEntityProviderConfig';
import {
  describeSource,
  OPTIONAL_ROLES,
  planSources,
  platformSources,
  SourcePlanConfig,
  SourcePlanLeads,
  SourceSpec,
  sourceId,
} from './planSources';

interface Source extends SourceSpec {
  id: string;
  informer: KratixInformerLease<KubernetesObject>;
  /** The kind is not served on the cluster (e.g. Crossplane not installed): a good read of nothing. */
  notServed: boolean;
  /** When discovery started answering "no such kind" without interruption. */
  notFoundSince?: number;
  failing: boolean;
}

/** A snapshot of nothing yet, for the sources' objects to go into. */
export const emptySnapshot = (platformCluster: string): KratixSnapshot => ({
  platformCluster,
  promises: [],
  destinations: [],
  works: [],
  workPlacements: [],
  requests: [],
  promiseRevisions: [],
  resourceBindings: [],
  workers: {},
});

/** How long to wait before publishing again after `failures` failed publishes in a row: 1 s, doubling, at most 30 s. */
const retryDelayMs = (failures: number) =>
  Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5));

/**
 * What one run of the provider hands to the next. A run's informers may not have listed yet; while a source cannot be
 * read, the entities and relations derived from it come from its last good read, here.
 */
export class KratixIngestionMemory {
  /** The objects of each source's last good read, by source. */
  readonly lastGood = new Map<string, unknown[]>();
  /** Problems already logged and still present, so a lasting problem is logged once, not on every run. */
  loggedProblems = new Set<string>();
  /**
   * Sources whose kind was found not served (e.g. no Crossplane on a cluster), so the next run counts them as empty
   * from the start instead of learning it again over `notServedAfterMs`. A source leaves once its kind is listed.
   */
  readonly notServed = new Set<string>();
  /**
   * Every source the last run read, by id. The next run starts them all at once, so it lists in one wave instead of
   * discovering kinds wave after wave (Promises → their APIs → claims → composites → …).
   */
  readonly knownSources = new Map<string, SourceSpec>();
}

/** Options of {@link KratixIngestion}. */
export interface KratixIngestionOptions {
  config: KratixEntityProviderConfig;
  clusters: KratixClusterService;
  /** Where the run's informers come from; shared with the other plugins of the backend. */
  informers: KratixInformerService;
  logger: LoggerService;
  connection: EntityProviderConnection;
  promiseToTemplate?: PromiseToTemplate;
  /** Carried from run to run; a run on its own keeps nothing beyond its end. */
  memory?: KratixIngestionMemory;
  /** How long after a change the entities are recomputed, gathering the changes of that time; 100 ms unless given. */
  debounceMs?: number;
  /**
   * How long a kind must keep being absent from a cluster's discovery before it counts as "not installed, nothing to
   * read"; 2 minutes unless given. A restarting API server briefly serves no custom kinds, and that must not read
   * as "everything was deleted".
   */
  notServedAfterMs?: number;
}

/**
 * One run of the Kratix provider: informers per kind per cluster, a recompute from their caches of the entities each
 * change touches (see {@link IncrementalChanges}; every entity when the sources change), and the difference
 * published as a delta mutation. A full mutation is published only once every
 * source has had a good read, so a cluster that cannot be read never makes the catalog drop its entities; an
 * informer keeps its last good list while its cluster fails, and a source that has not been read yet in this run
 * stands in with its last good read of an earlier run (from `memory`), so relations derived from it hold too.
 */
export class KratixIngestion {
  readonly #options: KratixIngestionOptions;
  readonly #logger: LoggerService;
  readonly #platform: string;
  readonly #planConfig: SourcePlanConfig;
  readonly #sources = new Map<string, Source>();
  #emitted = new Map<string, string>();
  #fullDone = false;
  /** Set once the run's first publish is done; changes before that are part of the initial read. */
  #live = false;
  #stopped = false;
  #timer?: NodeJS.Timeout;
  #publishing: Promise<void> = Promise.resolve();
  /** A publish is queued behind the running one and has not read the informers yet. */
  #waiting = false;
  readonly #memory: KratixIngestionMemory;
  /** Problems met in this run; they replace the memory's at the end of the run. */
  #problems?: Set<string>;
  #wake?: () => void;
  /** Publishes that failed in a row; the retry waits longer after each. */
  #publishFailures = 0;
  #retryTimer?: NodeJS.Timeout;
  readonly #changes: IncrementalChanges;
  /**
   * The entities (undefined: removed) of deltas the catalog has not taken yet, by ref: the next publish carries them
   * again. Only these are held between publishes; the rest the provider keeps as digests.
   */
  #unpublished = new Map<string, Entity | undefined>();
  /** Counts the sources added and removed, to tell whether a recompute still reads the current set. */
  #sourceEdits = 0;

  constructor(options: KratixIngestionOptions) {
    this.#options = options;
    this.#memory = options.memory ?? new KratixIngestionMemory();
    this.#logger = options.logger;
    this.#platform =
      options.config.cluster ?? options.clusters.getDefaultClusterName();
    this.#planConfig = {
      platformCluster: this.#platform,
      namespaces: options.config.namespaces,
      crossplaneEnabled: options.config.crossplane.enabled,
    };
    this.#changes = new IncrementalChanges(this.#buildOptions());
  }

  /** Reads everything, publishes it, then keeps it live until `signal` aborts or `holdMs` elapses. */
  async run(signal: AbortSignal, holdMs: number): Promise<void> {
    const started = Date.now();
    try {
      for (const spec of platformSources(this.#planConfig)) this.#ensure(spec);
      for (const spec of this.#memory.knownSources.values()) this.#ensure(spec);
      // Sources depend on what other sources hold (Promise APIs, Destinations' clusters, Works' objects): grow the
      // set until it is stable or the sync timeout is reached.
      const deadline = started + this.#options.config.syncTimeoutMs;
      let computed:
        | { result: BuildEntitiesResult; snapshot: KratixSnapshot }
        | undefined;
      let computedAt = -1;
      for (;;) {
        await this.#waitForSync(deadline, signal);
        computed = this.#compute();
        computedAt = this.#sourceEdits;
        this.#reconcileSources(computed);
        if (Date.now() >= deadline || signal.aborted) break;
        // Sources planned ahead during the wait may still be listing: wait for them too.
        if (computedAt === this.#sourceEdits && this.#unsynced().length === 0)
          break;
      }
      // Nothing ran between the last recompute and here: unless a source came or went since, it is current.
      const settled =
        computedAt === this.#sourceEdits && this.#unsynced().length === 0;
      const missing = this.#unsynced();
      if (missing.length > 0) {
        this.#logger.warn(
          `Kratix provider ${
            this.#options.config.id
          }: not every source could be read within ${
            this.#options.config.syncTimeoutMs / 1000
          } s (${missing
            .map(describeSource)
            .join(
              '; ',
            )}); publishing what was read without removing any entity, and a full update once they are read`,
        );
      }
      await this.#publish(settled ? computed?.result.entities : undefined);
      // Held until the index is built: its recompute then meets the very entities just published (see EntityMemo)
      // instead of making and hashing each one again. The index keeps their digests only, so let them go after.
      this.#changes.prepare();
      computed = undefined;
      this.#live = true;
      // Changes that arrived while the first publish was under way.
      this.#schedule();
      await this.#hold(signal, Math.max(0, started + holdMs - Date.now()));
    } finally {
      await this.stop();
    }
  }

  /** Releases every informer of this run. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#retryTimer);
    this.#wake?.();
    const sources = Array.from(this.#sources.values());
    // Changes since the last full recompute went to the catalog but not into `memory`'s last good reads.
    for (const s of sources)
      if (this.#isGood(s)) this.#memory.lastGood.set(s.id, s.informer.list());
    this.#sources.clear();
    await Promise.all(sources.map(s => s.informer.release()));
    await this.#publishing.catch(() => {});
    // Forget the problems that are gone, so they are logged again if they come back.
    if (this.#problems) this.#memory.loggedProblems = this.#problems;
  }

  #hold(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.#wake = done;
      if (signal.aborted || this.#stopped) done();
    });
  }

  async #waitForSync(deadline: number, signal: AbortSignal) {
    const pending = Array.from(this.#sources.values()).filter(
      s => !this.#isGood(s),
    );
    if (pending.length === 0) return;
    const remaining = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending.map(s => s.informer.waitForSync().catch(() => {}))),
      // A kind that is not served never syncs; the error listener marks it good, so poll for that too.
      new Promise<void>(resolve => {
        const poll = () => {
          if (
            pending.every(s => this.#isGood(s)) ||
            signal.aborted ||
            Date.now() >= deadline
          )
            resolve();
          else timer = setTimeout(poll, Math.min(200, remaining));
        };
        poll();
      }),
    ]);
    clearTimeout(timer);
  }

  #isGood(source: Source): boolean {
    return source.informer.hasSynced() || source.notServed;
  }

  #unsynced(): Source[] {
    return Array.from(this.#sources.values()).filter(s => !this.#isGood(s));
  }

  #ensure(spec: SourceSpec): void {
    const id = sourceId(spec);
    if (this.#sources.has(id) || this.#stopped) return;
    let informer: KratixInformerLease<KubernetesObject>;
    try {
      informer = this.#options.informers.acquire({
        cluster: spec.cluster,
        apiVersion: spec.apiVersion,
        kind: spec.kind,
        namespace: spec.namespace,
        pageSize: this.#options.config.pageSize,
      });
    } catch (error) {
      this.#logOnce(
        `Cannot read ${describeSource(spec)}: ${(error as Error).message}`,
      );
      return;
    }
    const source: Source = {
      ...spec,
      id,
      informer,
      notServed: this.#memory.notServed.has(id),
      failing: false,
    };
    informer
      .waitForSync()
      .then(() => {
        // The kind is served (again): a later disappearance must be learned afresh.
        source.notServed = false;
        this.#memory.notServed.delete(id);
        if (spec.role === 'promises' || spec.role === 'destinations')
          this.#planAhead();
      })
      .catch(() => {});
    const changed = () => {
      if (source.failing) {
        source.failing = false;
        this.#logger.info(
          `Kratix provider ${this.#options.config.id}: reading ${describeSource(
            source,
          )} works again`,
        );
      }
      this.#schedule();
    };
    const record = (deleted: boolean) => (object: KubernetesObject) => {
      this.#changes.record(spec.role, spec.cluster, object, deleted);
      changed();
    };
    informer
      .on('add', record(false))
      .on('update', record(false))
      .on('delete', record(true));
    informer.on('connect', changed);
    informer.on('error', error => {
      if (error instanceof NotFoundError && !informer.hasSynced()) {
        source.notFoundSince ??= Date.now();
        const after = OPTIONAL_ROLES.has(source.role)
          ? 0
          : this.#options.notServedAfterMs ?? 120_000;
        if (!source.notServed && Date.now() - source.notFoundSince >= after) {
          // The kind has stayed unserved there: there is nothing of it to ingest.
          source.notServed = true;
          this.#memory.notServed.add(id);
          this.#logger.info(
            `Kratix provider ${this.#options.config.id}: ${describeSource(
              source,
            )} is not served; treating it as empty`,
          );
          this.#schedule();
        }
        return;
      }
      source.notFoundSince = undefined;
      if (!source.failing) {
        source.failing = true;
        this.#logger.warn(
          `Kratix provider ${this.#options.config.id}: reading ${describeSource(
            source,
          )} failed (${
            error.message
          }); keeping the entities of its last good read until a read succeeds`,
        );
      }
    });
    this.#sources.set(id, source);
    this.#sourceEdits += 1;
    this.#memory.knownSources.set(id, spec);
  }

  /**
   * Before the first publish, starts what the Promises and Destinations read so far lead to (each Promise's API kind,
   * the XRDs of the Destinations' clusters) as soon as those short lists are in, instead of after the longest list
   * of their wave (the Works) and a full recompute. It only adds sources; the wave loop also removes them.
   */
  #planAhead() {
    if (this.#live || this.#stopped) return;
    const snapshot = emptySnapshot(this.#platform);
    for (const source of this.#sources.values()) {
      if (!source.informer.hasSynced()) continue;
      if (source.role === 'promises' || source.role === 'destinations')
        snapshot[source.role].push(...source.informer.list());
    }
    // The same reading of the Destinations as the full recompute's, on a snapshot of them alone.
    const { workerClusters } = buildEntities(
      { ...snapshot, promises: [] },
      this.#buildOptions(),
    );
    for (const spec of planSources(
      snapshot,
      { workerClusters, watch: [] },
      this.#planConfig,
    ))
      this.#ensure(spec);
  }

  #reconcileSources({
    result,
    snapshot,
  }: {
    result: SourcePlanLeads;
    snapshot: Pick<KratixSnapshot, 'promises'>;
  }) {
    const desired = planSources(snapshot, result, this.#planConfig);
    const ids = new Set(desired.map(sourceId));
    for (const spec of desired) this.#ensure(spec);
    for (const [id, source] of this.#sources) {
      if (!ids.has(id)) {
        this.#sources.delete(id);
        this.#sourceEdits += 1;
        this.#memory.lastGood.delete(id);
        this.#memory.notServed.delete(id);
        this.#memory.knownSources.delete(id);
        source.informer.release();
        // Its objects are still among the indexed ones: recompute in full.
        this.#changes.invalidate();
        this.#schedule();
      }
    }
  }

  /** The sources and whether each has been read, as a snapshot would see them. */
  #sourceStates(): string {
    return Array.from(
      this.#sources.values(),
      s => `${s.id}${this.#isGood(s) ? '' : ' (unread)'}`,
    ).join('\n');
  }

  #snapshot(): KratixSnapshot {
    const snapshot = emptySnapshot(this.#platform);
    for (const source of this.#sources.values()) {
      let items: unknown[];
      if (this.#isGood(source)) {
        items = source.informer.list();
        this.#memory.lastGood.set(source.id, items);
      } else {
        items = this.#memory.lastGood.get(source.id) ?? source.informer.list();
      }
      if (source.role === 'xrds' || source.role === 'crossplane') {
        const worker = (snapshot.workers[source.cluster] ??= {
          xrds: [],
          objects: [],
        });
        if (source.role === 'xrds') worker.xrds.push(...items);
        else worker.objects.push(...items);
      } else {
        snapshot[source.role]!.push(...items);
      }
    }
    return snapshot;
  }

  #buildOptions(): BuildEntitiesOptions {
    const { config, clusters, promiseToTemplate } = this.#options;
    const known = () => new Set(clusters.listClusters().map(c => c.name));
    return {
      entityNamespace: config.entityNamespace,
      defaultOwner: config.owner.default,
      ownerByNamespace: config.owner.namespaces,
      requestEntityKind: config.resourceRequests.entityKind,
      requestKubernetesAnnotations:
        config.resourceRequests.kubernetesAnnotations,
      namespaces: config.namespaces,
      templates: { enabled: config.templates.enabled, promiseToTemplate },
      crossplane: config.crossplane,
      destinationCluster: (d: KratixDestination) => {
        const names = known();
        return destinationClusterOf(
          { name: d.metadata.name!, labels: d.metadata.labels },
          config.destinations,
          name => names.has(name),
        );
      },
      isKnownCluster: name => known().has(name),
    };
  }

  #compute() {
    const snapshot = this.#snapshot();
    this.#changes.recomputed(snapshot, this.#sourceStates());
    const result = buildEntities(snapshot, this.#buildOptions());
    for (const problem of result.problems) this.#logOnce(problem);
    return { result, snapshot };
  }

  #logOnce(message: string) {
    this.#problems ??= new Set();
    if (this.#problems.has(message)) return;
    this.#problems.add(message);
    if (this.#memory.loggedProblems.has(message)) return;
    this.#logger.warn(`Kratix provider ${this.#options.config.id}: ${message}`);
  }

  /**
   * Publishes the changes seen so far at most `debounceMs` after the first of them. The timer is not pushed back by
   * later events: a steady stream of changes (a controller updating many objects) is published in batches every
   * `debounceMs` rather than held back until the stream stops. While a publish runs, at most one more waits behind
   * it: it reads the informers when it starts, so it carries every change seen until then, and a stream of changes
   * faster than a recompute cannot pile publishes up.
   */
  #schedule() {
    if (this.#stopped || !this.#live || this.#timer || this.#waiting) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#waiting = true;
      this.#publishing = this.#publishing
        .then(() => {
          this.#waiting = false;
          if (this.#stopped) return undefined;
          const incremental = this.#changes.flush(this.#sourceStates());
          if (incremental) {
            const { delta, entities } = incremental;
            delta.problems.forEach(p => this.#logOnce(p));
            this.#reconcileSources({
              snapshot: { promises: entities.promises() },
              result: {
                workerClusters: entities.workerClusters(),
                watch: entities.watch(),
              },
            });
            return this.#publishDelta(delta.added, delta.removed);
          }
          const computed = this.#compute();
          this.#reconcileSources(computed);
          return this.#publish(computed.result.entities).then(() => {
            this.#changes.prepare();
          });
        })
        .then(
          () => {
            this.#publishFailures = 0;
          },
          error => {
            // #waiting was cleared when this publish started; a publish queued behind it since keeps its flag.
            this.#publishFailures += 1;
            const delayMs = retryDelayMs(this.#publishFailures);
            this.#logger.error(
              `Kratix provider ${
                this.#options.config.id
              }: publishing changes failed: ${error}; trying again in ${Math.round(
                delayMs / 1000,
              )} s`,
            );
            this.#retryAfter(delayMs);
          },
        );
    }, this.#options.debounceMs ?? 100);
  }

  /**
   * Publishes again after a failed publish. What was published is only recorded once the catalog took it, so the
   * next publish carries the failed changes too, even when no further change arrives.
   */
  #retryAfter(delayMs: number) {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#schedule();
    }, delayMs);
  }

  async #publish(entities: Entity[] = this.#compute().result.entities) {
    if (this.#stopped) return;
    const { connection } = this.#options;
    const next = new Map<string, { entity: Entity; hash: string }>();
    for (const entity of entities) {
      next.set(refOfEntity(entity), { entity, hash: digestOf(entity) });
    }
    const { locationKey, deferred } = this.#deferral();

    if (!this.#fullDone && this.#unsynced().length === 0) {
      await connection.applyMutation({
        type: 'full',
        entities: Array.from(next.values(), v => deferred(v.entity)),
      });
      this.#fullDone = true;
      this.#emitted = new Map(Array.from(next, ([ref, v]) => [ref, v.hash]));
      this.#unpublished.clear();
      this.#logger.info(
        `Kratix provider ${this.#options.config.id}: published ${
          next.size
        } entities from cluster '${
          this.#platform
        }' and its Destinations' clusters`,
      );
      return;
    }
    const added = Array.from(next)
      .filter(([ref, v]) => this.#emitted.get(ref) !== v.hash)
      .map(([, v]) => deferred(v.entity));
    const removed = Array.from(this.#emitted.keys())
      .filter(ref => !next.has(ref))
      .map(entityRef => ({ entityRef, locationKey }));
    if (added.length > 0 || removed.length > 0)
      await connection.applyMutation({ type: 'delta', added, removed });
    this.#emitted = new Map(Array.from(next, ([ref, v]) => [ref, v.hash]));
    this.#unpublished.clear();
  }

  #deferral() {
    const locationKey = `kratix-provider:${this.#options.config.id}`;
    const deferred = (entity: Entity): DeferredEntity => ({
      entity,
      locationKey,
    });
    return { locationKey, deferred };
  }

  /** Publishes the entities an incremental recompute changed (and those a failed publish left behind). */
  async #publishDelta(changed: Entity[], gone: string[]) {
    if (this.#stopped) return;
    for (const entity of changed)
      this.#unpublished.set(refOfEntity(entity), entity);
    for (const ref of gone) this.#unpublished.set(ref, undefined);
    const { locationKey, deferred } = this.#deferral();
    const added: DeferredEntity[] = [];
    const hashes = new Map<string, string | undefined>();
    const removed: Array<{ entityRef: string; locationKey: string }> = [];
    for (const [ref, entity] of this.#unpublished) {
      const hash = entity && digestOf(entity);
      if (hash === this.#emitted.get(ref)) continue;
      hashes.set(ref, hash);
      if (entity) added.push(deferred(entity));
      else removed.push({ entityRef: ref, locationKey });
    }
    if (added.length > 0 || removed.length > 0)
      await this.#options.connection.applyMutation({
        type: 'delta',
        added,
        removed,
      });
    for (const [ref, hash] of hashes) {
      if (hash === undefined) this.#emitted.delete(ref);
      else this.#emitted.set(ref, hash);
    }
    this.#unpublished.clear();
  }
}
