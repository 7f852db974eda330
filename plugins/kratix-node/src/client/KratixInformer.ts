import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  isResourceExpired,
  toBackstageError,
} from '../errors/toBackstageError';
import { KratixCacheTransform, trimObjectForCache } from './trimObjectForCache';
import type {
  KubernetesListResult,
  KubernetesWatchEventType,
  KubernetesWatchHandle,
} from './types';

/**
 * Event names of a {@link KratixInformer}.
 *
 * @public
 */
export type KratixInformerEvent =
  | 'add'
  | 'update'
  | 'delete'
  | 'error'
  | 'connect';

/**
 * Listener types of a {@link KratixInformer}, by event.
 *
 * @public
 */
export type KratixInformerListener<
  T,
  E extends KratixInformerEvent,
> = E extends 'add' | 'update' | 'delete'
  ? (object: T) => void
  : E extends 'error'
  ? (error: Error) => void
  : () => void;

/**
 * Backoff between reconnection attempts after a failure.
 *
 * @public
 */
export interface KratixInformerBackoff {
  /** First delay; 500 ms unless given. */
  initialDelayMs?: number;
  /** Longest delay; 30 s unless given. */
  maxDelayMs?: number;
}

/** What an informer needs from its client: paged lists and watches of one kind. */
export interface KratixInformerSource<T extends KubernetesObject> {
  /** Name of the cluster, for error messages. */
  cluster: string;
  list(signal: AbortSignal): Promise<KubernetesListResult<T>>;
  watch(
    resourceVersion: string,
    handlers: {
      onEvent(type: KubernetesWatchEventType, object: unknown): void;
      onDone(error?: Error): void;
      onOpen(): void;
    },
  ): KubernetesWatchHandle;
}

interface WatchOutcome {
  gone: boolean;
  receivedEvents: boolean;
  durationMs: number;
}

// A watch that ends sooner than this without any event counts as a failure for the backoff.
const HEALTHY_WATCH_MS = 1_000;

/**
 * Keeps an up-to-date cache of the objects of one kind on one cluster: lists them (in pages), then watches from the
 * list's resourceVersion. It lists again when the resourceVersion expires (HTTP 410 Gone, e.g. after etcd
 * compaction) and reconnects with exponential backoff when the stream ends or fails. Create it with
 * {@link KratixKubernetesClient.informer}.
 *
 * @public
 */
export class KratixInformer<T extends KubernetesObject = KubernetesObject> {
  readonly #source: KratixInformerSource<T>;
  readonly #logger?: LoggerService;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #onStop?: () => void;
  readonly #transform: KratixCacheTransform<T>;
  readonly #listeners: { [E in KratixInformerEvent]: Set<Function> } = {
    add: new Set(),
    update: new Set(),
    delete: new Set(),
    error: new Set(),
    connect: new Set(),
  };
  #objects = new Map<string, T>();
  #resourceVersion = '';
  #synced = false;
  #started = false;
  #stopped = false;
  #loop?: Promise<void>;
  #listAbort?: AbortController;
  #watch?: KubernetesWatchHandle;
  #cancelSleep?: () => void;
  #sleepTimer?: ReturnType<typeof setTimeout>;
  readonly #syncPromise: Promise<void>;
  #resolveSync!: () => void;
  #rejectSync!: (error: Error) => void;

  /** @internal */
  constructor(options: {
    source: KratixInformerSource<T>;
    logger?: LoggerService;
    backoff?: KratixInformerBackoff;
    onStop?: () => void;
    transform?: KratixCacheTransform<T>;
  }) {
    this.#transform = options.transform ?? trimObjectForCache;
    this.#source = options.source;
    this.#logger = options.logger;
    this.#initialDelayMs = options.backoff?.initialDelayMs ?? 500;
    this.#maxDelayMs = options.backoff?.maxDelayMs ?? 30_000;
    this.#onStop = options.onStop;
    this.#syncPromise = new Promise<void>((resolve, reject) => {
      this.#resolveSync = resolve;
      this.#rejectSync = reject;
    });
    // Nobody has to wait for the sync; a rejection on stop must not become an unhandled rejection.
    this.#syncPromise.catch(() => {});
  }

  /** Adds a listener. `add`/`update`/`delete` get the object; `error` gets the error; `connect` fires on each (re)connected watch. */
  on<E extends KratixInformerEvent>(
    event: E,
    listener: KratixInformerListener<T, E>,
  ): this {
    this.#listeners[event].add(listener);
    return this;
  }

  /** Removes a listener added with {@link KratixInformer.on}. */
  off<E extends KratixInformerEvent>(
    event: E,
    listener: KratixInformerListener<T, E>,
  ): this {
    this.#listeners[event].delete(listener);
    return this;
  }

  /** Starts listing and watching in the background. Await {@link KratixInformer.waitForSync} for the first full list. */
  start(): void {
    if (this.#stopped) {
      throw new Error(
        'This informer was stopped and cannot start again; create a new one',
      );
    }
    if (this.#started) return;
    this.#started = true;
    this.#loop = this.#run();
  }

  /** Stops the informer: aborts the running list or watch and any backoff timer, and resolves once it has stopped. */
  async stop(): Promise<void> {
    if (this.#stopped) {
      await this.#loop;
      return;
    }
    this.#stopped = true;
    this.#listAbort?.abort();
    this.#watch?.abort();
    this.#cancelSleep?.();
    if (!this.#synced) {
      this.#rejectSync(
        new Error('The informer was stopped before it finished its first list'),
      );
    }
    await this.#loop;
    this.#onStop?.();
  }

  /** True once the first complete list has been loaded into the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves when the first complete list is in the cache; rejects if the informer is stopped before that. */
  waitForSync(): Promise<void> {
    return this.#syncPromise;
  }

  /** The cached objects, optionally of one namespace. */
  list(namespace?: string): T[] {
    const all = Array.from(this.#objects.values());
    return namespace === undefined
      ? all
      : all.filter(o => (o.metadata.namespace ?? '') === namespace);
  }

  /** One cached object. */
  get(name: string, namespace?: string): T | undefined {
    return this.#objects.get(keyOf(namespace, name));
  }

  /** The resourceVersion the cache is at; empty before the first list. */
  latestResourceVersion(): string {
    return this.#resourceVersion;
  }

  async #run(): Promise<void> {
    let failures = 0;
    let consecutiveGone = 0;
    while (!this.#stopped) {
      let watchStartedAt: number | undefined;
      try {
        if (!this.#resourceVersion) {
          await this.#relist();
        }
        if (this.#stopped) break;
        watchStartedAt = Date.now();
        const outcome = await this.#watchOnce();
        if (outcome.gone) {
          this.#forgetExpiredVersion();
          consecutiveGone += 1;
          // One expiry is normal (compaction); a loop of them is not and gets the backoff.
          failures = consecutiveGone > 1 ? failures + 1 : 0;
        } else {
          consecutiveGone = 0;
          const healthy =
            outcome.receivedEvents || outcome.durationMs >= HEALTHY_WATCH_MS;
          failures = healthy ? 0 : failures + 1;
        }
      } catch (error) {
        if (this.#stopped) break;
        // A watch that fails with 410 lists again, as an expired watch event does. A list that fails with it has
        // already restarted once (see `listPages`), so it is a failure like any other and waits for the backoff.
        if (watchStartedAt !== undefined && isResourceExpired(error)) {
          this.#forgetExpiredVersion();
          consecutiveGone += 1;
          failures = consecutiveGone > 1 ? failures + 1 : 0;
          if (failures > 0) await this.#sleep(this.#delay(failures));
          continue;
        }
        // A watch that had been running fine before it broke starts the backoff afresh: the outage it
        // recovered from earlier must not make this reconnect wait.
        const wasHealthy =
          watchStartedAt !== undefined &&
          Date.now() - watchStartedAt >= HEALTHY_WATCH_MS;
        failures = wasHealthy ? 1 : failures + 1;
        this.#emit('error', error as Error);
      }
      if (failures > 0 && !this.#stopped) {
        await this.#sleep(this.#delay(failures));
      }
    }
  }

  /** The watch's resourceVersion expired (410 Gone): the next turn lists again. */
  #forgetExpiredVersion(): void {
    this.#logger?.debug(
      `Kratix informer on cluster '${this.#source.cluster}': resourceVersion ${
        this.#resourceVersion
      } expired (410 Gone), listing again`,
    );
    this.#resourceVersion = '';
  }

  async #relist(): Promise<void> {
    const abort = new AbortController();
    this.#listAbort = abort;
    let result: KubernetesListResult<T>;
    try {
      result = await this.#source.list(abort.signal);
    } finally {
      this.#listAbort = undefined;
    }
    if (this.#stopped) return;

    const previous = this.#objects;
    const next = new Map<string, T>();
    for (const item of result.items) {
      const object = this.#transform(item);
      next.set(keyOf(object.metadata.namespace, object.metadata.name), object);
    }
    this.#objects = next;
    this.#resourceVersion = result.resourceVersion;

    for (const [key, object] of next) {
      const old = previous.get(key);
      if (!old) this.#emit('add', object);
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion)
        this.#emit('update', object);
    }
    for (const [key, object] of previous) {
      if (!next.has(key)) this.#emit('delete', object);
    }
    if (!this.#synced) {
      this.#synced = true;
      this.#resolveSync();
    }
  }

  #watchOnce(): Promise<WatchOutcome> {
    return new Promise((resolve, reject) => {
      const startedAt = Date.now();
      let gone = false;
      let receivedEvents = false;
      let eventError: Error | undefined;
      const handle = this.#source.watch(this.#resourceVersion, {
        onOpen: () => this.#emit('connect'),
        onEvent: (type, object) => {
          if (this.#stopped) return;
          if (type === 'ERROR') {
            if (isResourceExpired(object)) gone = true;
            else
              eventError = toBackstageError(object, {
                cluster: this.#source.cluster,
              });
            handle.abort();
            return;
          }
          receivedEvents = true;
          this.#apply(
            type,
            type === 'BOOKMARK' ? (object as T) : this.#transform(object as T),
          );
        },
        onDone: error => {
          if (this.#watch === handle) this.#watch = undefined;
          const failure = error ?? eventError;
          if (failure && !gone) reject(failure);
          else
            resolve({
              gone,
              receivedEvents,
              durationMs: Date.now() - startedAt,
            });
        },
      });
      this.#watch = handle;
      if (this.#stopped) handle.abort();
    });
  }

  #apply(type: KubernetesWatchEventType, object: T) {
    const version = object?.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (version) this.#resourceVersion = version;
      return;
    }
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    if (type === 'DELETED') {
      const old = this.#objects.get(key);
      this.#objects.delete(key);
      if (old) this.#emit('delete', object);
    } else {
      const old = this.#objects.get(key);
      this.#objects.set(key, object);
      if (!old) this.#emit('add', object);
      else if (old.metadata.resourceVersion !== version)
        this.#emit('update', object);
    }
    if (version) this.#resourceVersion = version;
  }

  #emit(event: KratixInformerEvent, argument?: unknown) {
    for (const listener of this.#listeners[event]) {
      try {
        listener(argument);
      } catch (error) {
        this.#logger?.warn(
          `A listener of the Kratix informer's '${event}' event threw: ${error}`,
        );
      }
    }
    if (event === 'error' && this.#listeners.error.size === 0) {
      this.#logger?.warn(`Kratix informer: ${(argument as Error).message}`);
    }
  }

  #delay(failures: number): number {
    const base = Math.min(
      this.#maxDelayMs,
      this.#initialDelayMs * 2 ** Math.min(failures - 1, 20),
    );
    // Jitter keeps many informers from reconnecting in lockstep after an outage.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const done = () => {
        clearTimeout(this.#sleepTimer);
        this.#sleepTimer = undefined;
        this.#cancelSleep = undefined;
        resolve();
      };
      this.#sleepTimer = setTimeout(done, ms);
      this.#cancelSleep = done;
    });
  }
}

function keyOf(namespace: string | undefined, name: string | undefined) {
  return `${namespace ?? ''}/${name ?? ''}`;
}
