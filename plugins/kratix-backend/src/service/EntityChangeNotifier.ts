import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  kratixEntitySignalChannel,
  type KratixEntitySignal,
  type KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  KratixInformerLease,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import type { TtlCache } from './TtlCache';

interface Watched {
  informer: KratixInformerLease;
  /** Object key → entity ref → user ref → when the user last asked. */
  interests: Map<string, Map<string, Map<string, number>>>;
}

function objectKey(namespace: string | undefined, name: string | undefined) {
  return `${namespace ?? ''}/${name ?? ''}`;
}

/**
 * Live updates: watches the objects callers recently asked about (a lease on the shared informer of their cluster,
 * kind and namespace, taken on first interest and released once nobody asked for `idleTimeoutMs`) and, when one changes, drops the cached
 * answers of its entities and signals the users who asked, on `kratix:entity:<entityRef>`. The signal only says that
 * something changed; clients fetch again with their own credentials.
 */
export class EntityChangeNotifier {
  readonly #calls: ClusterCalls;
  readonly #informers: KratixInformerService;
  readonly #signals: SignalsService;
  readonly #cache: TtlCache;
  readonly #logger: LoggerService;
  readonly #idleTimeoutMs: number;
  readonly #watched = new Map<string, Watched>();
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(options: {
    calls: ClusterCalls;
    informers: KratixInformerService;
    signals: SignalsService;
    cache: TtlCache;
    logger: LoggerService;
    idleTimeoutMs: number;
  }) {
    this.#calls = options.calls;
    this.#informers = options.informers;
    this.#signals = options.signals;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    this.#sweeper = setInterval(
      () => this.#sweep(),
      Math.max(1_000, Math.min(this.#idleTimeoutMs, 60_000)),
    );
    this.#sweeper.unref?.();
  }

  /** Records that a caller asked about an entity; users get signals about it until they stop asking. */
  track(target: KratixEntityTarget, credentials: BackstageCredentials): void {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    // Only users can receive signals.
    if (principal.type !== 'user' || !principal.userEntityRef) return;
    let cluster: string;
    try {
      cluster = this.#calls.clusterName(target.cluster);
    } catch {
      return;
    }
    const key = [
      cluster,
      target.apiVersion,
      target.kind,
      target.namespace ?? '',
    ].join('|');
    let watched = this.#watched.get(key);
    if (!watched) {
      try {
        watched = this.#start(key, cluster, target);
      } catch (error) {
        this.#logger.debug(
          `Cannot watch ${target.kind} on cluster '${cluster}': ${error}`,
        );
        return;
      }
      this.#watched.set(key, watched);
    }
    const object = objectKey(target.namespace, target.name);
    const entities = watched.interests.get(object) ?? new Map();
    watched.interests.set(object, entities);
    const users = entities.get(target.entityRef) ?? new Map();
    entities.set(target.entityRef, users);
    users.set(principal.userEntityRef, Date.now());
  }

  /** Releases every informer. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = Array.from(this.#watched.values());
    this.#watched.clear();
    await Promise.all(all.map(w => w.informer.release()));
  }

  #start(key: string, cluster: string, target: KratixEntityTarget): Watched {
    const informer = this.#informers.acquire({
      cluster,
      apiVersion: target.apiVersion,
      kind: target.kind,
      ...(target.namespace && { namespace: target.namespace }),
    });
    const watched: Watched = { informer, interests: new Map() };
    const onChange = (change: string) => (object: KubernetesObject) => {
      // The first list reports every object as added; only later changes count.
      if (change === 'added' && !informer.hasSynced()) return;
      this.#changed(watched, object, change);
    };
    informer.on('add', onChange('added'));
    informer.on('update', onChange('modified'));
    informer.on('delete', onChange('deleted'));
    informer.on('error', error =>
      this.#logger.warn(
        `Live updates of ${target.kind} on cluster '${cluster}' failed, retrying: ${error.message}`,
      ),
    );
    this.#logger.debug(`Watching ${key} for live updates`);
    return watched;
  }

  #changed(watched: Watched, object: KubernetesObject, change: string) {
    const entities = watched.interests.get(
      objectKey(object.metadata.namespace, object.metadata.name),
    );
    if (!entities) return;
    const since = Date.now() - this.#idleTimeoutMs;
    for (const [entityRef, users] of entities) {
      this.#cache.invalidate(`entity:${entityRef}|`);
      const recipients = Array.from(users)
        .filter(([, at]) => at >= since)
        .map(([user]) => user);
      if (recipients.length === 0) continue;
      const message: KratixEntitySignal = {
        entityRef,
        change,
        ...(object.metadata.resourceVersion && {
          resourceVersion: object.metadata.resourceVersion,
        }),
      };
      this.#signals
        .publish({
          recipients: { type: 'user', entityRef: recipients },
          channel: kratixEntitySignalChannel(entityRef),
          message: { ...message },
        })
        .catch(error =>
          this.#logger.warn(
            `Could not publish a signal for ${entityRef}: ${error}`,
          ),
        );
    }
  }

  #sweep() {
    const since = Date.now() - this.#idleTimeoutMs;
    for (const [key, watched] of this.#watched) {
      for (const [object, entities] of watched.interests) {
        for (const [entityRef, users] of entities) {
          for (const [user, at] of users) if (at < since) users.delete(user);
          if (users.size === 0) entities.delete(entityRef);
        }
        if (entities.size === 0) watched.interests.delete(object);
      }
      if (watched.interests.size === 0) {
        this.#watched.delete(key);
        watched.informer.release().catch(() => {});
        this.#logger.debug(`Stopped watching ${key}: nobody asked for a while`);
      }
    }
  }
}
