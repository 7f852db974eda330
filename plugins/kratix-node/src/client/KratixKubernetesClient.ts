import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import type { KratixClusterConfig } from '../config/readClusterConfig';
import { KratixCoreApiUnavailableError } from '../errors/KratixCoreApiUnavailableError';
import {
  isResourceExpired,
  toBackstageError,
} from '../errors/toBackstageError';
import {
  ClientNodeAdapter,
  KubernetesRequest,
  toWireObject,
} from './ClientNodeAdapter';
import { KratixInformer, KratixInformerBackoff } from './KratixInformer';
import type { KratixCacheTransform } from './trimObjectForCache';
import { ResourceDiscovery } from './ResourceDiscovery';
import type {
  CoreListOptions,
  KubernetesDeleteOptions,
  KubernetesListOptions,
  KubernetesListPage,
  KubernetesListResult,
  KubernetesObjectRef,
  KubernetesPatchOptions,
  KubernetesResourceType,
  KubernetesWatchEventType,
  KubernetesWatchHandle,
  KubernetesWatchOptions,
  KubernetesWriteOptions,
  PodLogsOptions,
  ResolvedResource,
} from './types';

/** Objects per list request unless the caller asks otherwise. */
export const DEFAULT_PAGE_SIZE = 500;
/** Field manager recorded on writes unless the caller names another. */
export const DEFAULT_FIELD_MANAGER = 'kratix-backstage';

interface ListResponse<T> {
  items?: T[];
  metadata?: {
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
  };
}

/**
 * Options of the {@link KratixKubernetesClient} factories.
 *
 * @public
 */
export interface KratixKubernetesClientOptions {
  logger?: LoggerService;
  /** How long API discovery answers are cached; 30 s unless given. */
  discoveryTtlMs?: number;
}

/**
 * Options of {@link KratixKubernetesClient.informer}.
 *
 * @public
 */
export type KratixInformerOptions = KubernetesResourceType & {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Objects per list request; 500 unless given. */
  pageSize?: number;
  backoff?: KratixInformerBackoff;
  /**
   * The server ends each watch after this many seconds and the informer reconnects from where it was; by default a
   * random 5 to 10 minutes, as client-go does, so a silently dead connection cannot stall the informer.
   */
  watchTimeoutSeconds?: number;
  /**
   * What of each object to keep in the cache; {@link trimObjectForCache} unless given. Keep only what the reader
   * of the cache reads: at scale the cache is most of a backend's memory.
   */
  transform?: KratixCacheTransform;
};

/**
 * Talks to the Kubernetes API of one cluster: discovery, paged lists, reads and writes (with dry run, field manager,
 * merge / JSON / server-side-apply patches and the `/status` subresource), watches and informers, plus the core
 * Jobs, Pods and pod logs of pipeline runs. All methods take one object parameter and reject with `@backstage/errors`
 * errors (see {@link toBackstageError}).
 *
 * @public
 */
export class KratixKubernetesClient {
  readonly #name: string;
  readonly #url?: string;
  readonly #makeAdapter: () => Promise<ClientNodeAdapter>;
  #adapter?: Promise<ClientNodeAdapter>;
  readonly #logger?: LoggerService;
  readonly #discovery: ResourceDiscovery;
  readonly #open = new Set<{ abort(): void | Promise<void> }>();

  /** A client for one entry of `kratix.clusters` (see `readClusterConfig`); it connects on first use. */
  static fromClusterConfig(
    cluster: KratixClusterConfig,
    options: KratixKubernetesClientOptions = {},
  ): KratixKubernetesClient {
    return new KratixKubernetesClient(
      cluster.name,
      cluster.url,
      () => ClientNodeAdapter.fromClusterConfig(cluster),
      options,
    );
  }

  /**
   * A client from a kubeconfig file, for scripts and tests. Uses `context`, or the file's current context; the
   * client's cluster name is the context's name.
   */
  static async fromKubeconfigFile(
    path: string,
    context?: string,
    options: KratixKubernetesClientOptions = {},
  ): Promise<KratixKubernetesClient> {
    const adapter = await ClientNodeAdapter.fromKubeconfigFile(path, context);
    return new KratixKubernetesClient(
      context ?? 'kubeconfig',
      adapter.server,
      async () => adapter,
      options,
    );
  }

  private constructor(
    name: string,
    url: string | undefined,
    makeAdapter: () => Promise<ClientNodeAdapter>,
    options: KratixKubernetesClientOptions,
  ) {
    this.#name = name;
    this.#url = url;
    this.#makeAdapter = makeAdapter;
    this.#logger = options.logger;
    this.#discovery = new ResourceDiscovery({
      ttlMs: options.discoveryTtlMs,
      fetch: path => this.#request({ method: 'GET', path }),
    });
  }

  /** Name of the cluster this client talks to. */
  get clusterName(): string {
    return this.#name;
  }

  /** Finds the plural, scope and verbs of a kind (or the kind of a plural) through API discovery, briefly cached. */
  async resolveResource(
    type: KubernetesResourceType,
  ): Promise<ResolvedResource> {
    if (!type.apiVersion || (!type.kind && !type.plural)) {
      throw new InputError(
        'resolveResource needs apiVersion and either kind or plural',
      );
    }
    try {
      return await this.#discovery.resolve(type, this.#name);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  /**
   * Lists every object of a kind, page by page (`limit` + `continue`). If a continue token expires mid-list
   * (HTTP 410 Gone) the list starts again from scratch, once.
   */
  async list<T extends KubernetesObject = KubernetesObject>(
    options: KubernetesListOptions,
  ): Promise<KubernetesListResult<T>> {
    let items: T[] = [];
    let resourceVersion = '';
    for await (const page of this.listPages<T>(options)) {
      if (page.restarted) items = [];
      items = items.concat(page.items);
      resourceVersion = page.resourceVersion;
    }
    return { items, resourceVersion };
  }

  /**
   * Lists a kind page by page, for large sets. If a continue token expires mid-list (HTTP 410 Gone) the list starts
   * again from scratch, once; the first page after that has `restarted: true`.
   */
  async *listPages<T extends KubernetesObject = KubernetesObject>(
    options: KubernetesListOptions,
  ): AsyncGenerator<KubernetesListPage<T>, void, undefined> {
    const resource = await this.resolveResource(options);
    const path = this.#collectionPath(resource, options.namespace);
    const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
    let continueToken: string | undefined;
    let hasRestarted = false;
    let restartedNow = false;
    for (;;) {
      let response: ListResponse<T>;
      try {
        response = await this.#request<ListResponse<T>>({
          method: 'GET',
          path,
          query: {
            limit,
            continue: continueToken,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
          },
          signal: options.signal,
        });
      } catch (error) {
        if (continueToken && !hasRestarted && isResourceExpired(error)) {
          this.#logger?.info(
            `Listing ${resource.plural} on cluster '${
              this.#name
            }': the continue token expired, listing again from the start`,
          );
          hasRestarted = true;
          restartedNow = true;
          continueToken = undefined;
          continue;
        }
        throw this.#translate(error);
      }
      yield {
        items: (response.items ?? []).map(item => withType(item, resource)),
        resourceVersion: response.metadata?.resourceVersion ?? '',
        ...(response.metadata?.remainingItemCount !== undefined && {
          remainingItemCount: response.metadata.remainingItemCount,
        }),
        restarted: restartedNow,
      };
      restartedNow = false;
      continueToken = response.metadata?.continue || undefined;
      if (!continueToken) return;
    }
  }

  /** Reads one object. */
  async get<T extends KubernetesObject = KubernetesObject>(
    ref: KubernetesObjectRef,
  ): Promise<T> {
    const resource = await this.resolveResource(ref);
    return this.#call<T>({
      method: 'GET',
      path: this.#objectPath(resource, ref.namespace, ref.name),
    });
  }

  /** Creates an object; its namespace comes from `metadata.namespace`. */
  async create<T extends KubernetesObject = KubernetesObject>(
    object: T,
    options: KubernetesWriteOptions = {},
  ): Promise<T> {
    const resource = await this.#resolveObject(object);
    return this.#call<T>({
      method: 'POST',
      path: this.#collectionPath(
        resource,
        this.#requireNamespace(resource, object.metadata?.namespace, object),
      ),
      query: writeQuery(options),
      body: object,
    });
  }

  /** Replaces an object (PUT); `metadata.resourceVersion`, when set, makes it fail with a ConflictError if stale. */
  async replace<T extends KubernetesObject = KubernetesObject>(
    object: T,
    options: KubernetesWriteOptions = {},
  ): Promise<T> {
    return this.#put(object, options);
  }

  /** Replaces the `/status` subresource of an object, as a controller does. */
  async replaceStatus<T extends KubernetesObject = KubernetesObject>(
    object: T,
    options: KubernetesWriteOptions = {},
  ): Promise<T> {
    return this.#put(object, options, 'status');
  }

  /** Patches an object or its `/status` with a merge patch, a JSON patch or server-side apply. */
  async patch<T extends KubernetesObject = KubernetesObject>(
    options: KubernetesPatchOptions,
  ): Promise<T> {
    const resource = await this.resolveResource(options);
    if (options.type === 'json' && !Array.isArray(options.patch)) {
      throw new InputError(
        'A JSON patch (type: json) must be an array of operations, e.g. [{ "op": "replace", "path": "/spec/size", "value": "large" }]',
      );
    }
    if (options.force && options.type !== 'apply') {
      throw new InputError('force is only valid with type: apply');
    }
    const base = this.#objectPath(resource, options.namespace, options.name);
    return this.#call<T>({
      method: 'PATCH',
      path: options.subresource ? `${base}/${options.subresource}` : base,
      query: {
        ...writeQuery(options),
        ...(options.force !== undefined && { force: options.force }),
      },
      body: options.patch,
      patch: options.type,
    });
  }

  /** Patches the `/status` subresource of an object. */
  async patchStatus<T extends KubernetesObject = KubernetesObject>(
    options: Omit<KubernetesPatchOptions, 'subresource'>,
  ): Promise<T> {
    return this.patch<T>({
      ...options,
      subresource: 'status',
    } as KubernetesPatchOptions);
  }

  /** Deletes an object. */
  async delete(options: KubernetesDeleteOptions): Promise<void> {
    const resource = await this.resolveResource(options);
    await this.#call({
      method: 'DELETE',
      path: this.#objectPath(resource, options.namespace, options.name),
      query: {
        ...(options.dryRun && { dryRun: 'All' }),
        propagationPolicy: options.propagationPolicy,
        gracePeriodSeconds: options.gracePeriodSeconds,
      },
    });
  }

  /**
   * Watches a kind from a resourceVersion. `onEvent` gets each event; an `ERROR` event carries a `Status` (code 410:
   * the resourceVersion expired, list again). `onDone` is called once, when the stream ends, fails (with a Backstage
   * error) or is aborted.
   */
  watch(
    options: KubernetesWatchOptions,
    onEvent: (type: KubernetesWatchEventType, object: any) => void,
    onDone: (error?: Error) => void,
  ): KubernetesWatchHandle {
    return this.#startWatch(options, { onEvent, onDone });
  }

  /**
   * An informer over a kind: a cache kept current by paged lists and a watch, with relist on 410 Gone and
   * reconnection with backoff. Call `start()`, then `waitForSync()`; `stop()` releases everything. {@link
   * KratixKubernetesClient.close} stops it too.
   */
  informer<T extends KubernetesObject = KubernetesObject>(
    options: KratixInformerOptions,
  ): KratixInformer<T> {
    const { backoff, pageSize, watchTimeoutSeconds, transform, ...selection } =
      options;
    const entry = { abort: (): Promise<void> | void => undefined };
    const informer = new KratixInformer<T>({
      logger: this.#logger,
      backoff,
      transform: transform as KratixCacheTransform<T> | undefined,
      source: {
        cluster: this.#name,
        list: signal =>
          this.list<T>({
            ...selection,
            pageSize,
            signal,
          } as KubernetesListOptions),
        watch: (resourceVersion, handlers) =>
          this.#startWatch(
            {
              ...selection,
              resourceVersion,
              timeoutSeconds:
                watchTimeoutSeconds ?? Math.round(300 * (1 + Math.random())),
            } as KubernetesWatchOptions,
            handlers,
          ),
      },
      onStop: () => this.#open.delete(entry),
    });
    entry.abort = () => informer.stop();
    this.#open.add(entry);
    return informer;
  }

  /** Lists Jobs (`batch/v1`, through client-node's `BatchV1Api`), e.g. the pipeline runs of a Promise by label; a cluster without them gives {@link KratixCoreApiUnavailableError}. */
  async listJobs<T extends KubernetesObject = KubernetesObject>(
    options: CoreListOptions,
  ): Promise<KubernetesListResult<T>> {
    const jobs = await this.#resolveCore(
      { apiVersion: 'batch/v1', kind: 'Job' },
      'jobs',
    );
    const api = (await this.#getAdapter()).batchV1;
    const { namespace } = options;
    return this.#listCore<T>(jobs, options, page =>
      namespace
        ? api.listNamespacedJob({ namespace, ...page })
        : api.listJobForAllNamespaces(page),
    );
  }

  /** Lists Pods (`v1`, through client-node's `CoreV1Api`) by label selector; a cluster without them gives {@link KratixCoreApiUnavailableError}. */
  async listPods<T extends KubernetesObject = KubernetesObject>(
    options: CoreListOptions,
  ): Promise<KubernetesListResult<T>> {
    const pods = await this.#resolveCore(
      { apiVersion: 'v1', kind: 'Pod' },
      'pods',
    );
    const api = (await this.#getAdapter()).coreV1;
    const { namespace } = options;
    return this.#listCore<T>(pods, options, page =>
      namespace
        ? api.listNamespacedPod({ namespace, ...page })
        : api.listPodForAllNamespaces(page),
    );
  }

  /** Reads a pod's container logs as text (client-node's `readNamespacedPodLog`); a cluster without Pods gives {@link KratixCoreApiUnavailableError}. */
  async getPodLogs(options: PodLogsOptions): Promise<string> {
    await this.#resolveCore({ apiVersion: 'v1', kind: 'Pod' }, 'pods');
    const api = (await this.#getAdapter()).coreV1;
    try {
      return await api.readNamespacedPodLog({
        name: options.pod,
        namespace: options.namespace,
        container: options.container,
        tailLines: options.tailLines,
        limitBytes: options.limitBytes,
        previous: options.previous,
      });
    } catch (error) {
      throw this.#translate(error);
    }
  }

  /** Every page of a typed API's list, as the server sent them. */
  async #listCore<T extends KubernetesObject>(
    resource: ResolvedResource,
    options: CoreListOptions,
    fetchPage: (page: {
      labelSelector?: string;
      limit: number;
      _continue?: string;
    }) => Promise<{
      items: unknown[];
      metadata?: { resourceVersion?: string; _continue?: string };
    }>,
  ): Promise<KubernetesListResult<T>> {
    const items: T[] = [];
    let resourceVersion = '';
    let continueToken: string | undefined;
    do {
      let page;
      try {
        page = await fetchPage({
          labelSelector: options.labelSelector,
          limit: options.pageSize ?? DEFAULT_PAGE_SIZE,
          _continue: continueToken,
        });
      } catch (error) {
        throw this.#translate(error);
      }
      for (const item of page.items) {
        items.push(withType(toWireObject<T>(item), resource));
      }
      resourceVersion = page.metadata?.resourceVersion ?? '';
      continueToken = page.metadata?._continue || undefined;
    } while (continueToken);
    return { items, resourceVersion };
  }

  /** Forgets cached discovery answers, e.g. right after installing a CRD. */
  invalidateDiscovery(apiVersion?: string): void {
    this.#discovery.invalidate(apiVersion);
  }

  /** Stops every watch and informer this client started. */
  async close(): Promise<void> {
    const open = Array.from(this.#open);
    this.#open.clear();
    await Promise.all(open.map(entry => entry.abort()));
  }

  #startWatch(
    options: KubernetesWatchOptions,
    handlers: {
      onEvent(type: KubernetesWatchEventType, object: unknown): void;
      onDone(error?: Error): void;
      onOpen?(): void;
    },
  ): KubernetesWatchHandle {
    let aborted = false;
    let finished = false;
    let controller: AbortController | undefined;
    const entry = { abort: () => {} };
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      this.#open.delete(entry);
      handlers.onDone(error ? this.#translate(error) : undefined);
    };
    const handle: KubernetesWatchHandle = {
      abort: () => {
        if (aborted) return;
        aborted = true;
        controller?.abort();
        finish();
      },
    };
    entry.abort = () => handle.abort();
    this.#open.add(entry);

    (async () => {
      const resource = await this.resolveResource(options);
      const adapter = await this.#getAdapter();
      if (aborted) return;
      const opened = await adapter.watch({
        path: this.#collectionPath(resource, options.namespace),
        query: {
          resourceVersion: options.resourceVersion,
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          allowWatchBookmarks: options.allowBookmarks ?? true,
          timeoutSeconds: options.timeoutSeconds,
        },
        onEvent: (type, object) => {
          if (aborted || finished) return;
          handlers.onEvent(type as KubernetesWatchEventType, object);
        },
        onDone: error => finish(aborted ? undefined : error),
      });
      controller = opened;
      if (aborted) opened.abort();
      else if (!finished) handlers.onOpen?.();
    })().catch(error => finish(aborted ? undefined : error));

    return handle;
  }

  async #resolveCore(
    type: KubernetesResourceType,
    resource: string,
  ): Promise<ResolvedResource> {
    try {
      return await this.#discovery.resolve(type, this.#name);
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new KratixCoreApiUnavailableError({
          cluster: this.#name,
          apiVersion: type.apiVersion,
          resource,
        });
      }
      throw this.#translate(error);
    }
  }

  async #resolveObject(object: KubernetesObject): Promise<ResolvedResource> {
    if (!object?.apiVersion || !object?.kind) {
      throw new InputError(
        `The object needs apiVersion and kind (got apiVersion '${object?.apiVersion}', kind '${object?.kind}')`,
      );
    }
    return this.resolveResource({
      apiVersion: object.apiVersion,
      kind: object.kind,
    });
  }

  /** PUT of an object, or of one of its subresources. */
  async #put<T extends KubernetesObject>(
    object: T,
    options: KubernetesWriteOptions,
    subresource?: 'status',
  ): Promise<T> {
    const resource = await this.#resolveObject(object);
    const path = this.#objectPath(
      resource,
      object.metadata?.namespace,
      object.metadata?.name,
    );
    return this.#call<T>({
      method: 'PUT',
      path: subresource ? `${path}/${subresource}` : path,
      query: writeQuery(options),
      body: object,
    });
  }

  #requireNamespace(
    resource: ResolvedResource,
    namespace: string | undefined,
    object?: KubernetesObject,
  ): string | undefined {
    if (!resource.namespaced) return undefined;
    if (!namespace) {
      const name =
        object?.metadata?.name ??
        (object?.metadata as { generateName?: string } | undefined)
          ?.generateName;
      throw new InputError(
        `${resource.kind} is a namespaced kind; set the namespace${
          name ? ` of '${name}'` : ''
        } (metadata.namespace)`,
      );
    }
    return namespace;
  }

  #collectionPath(resource: ResolvedResource, namespace?: string): string {
    const base = resource.apiVersion.includes('/')
      ? `/apis/${resource.apiVersion}`
      : `/api/${resource.apiVersion}`;
    const scope =
      resource.namespaced && namespace
        ? `/namespaces/${encodeURIComponent(namespace)}`
        : '';
    return `${base}${scope}/${resource.plural}`;
  }

  #objectPath(
    resource: ResolvedResource,
    namespace: string | undefined,
    name: string | undefined,
  ): string {
    if (!name) {
      throw new InputError(
        `A ${resource.kind} needs a name (metadata.name) for this call`,
      );
    }
    return `${this.#collectionPath(
      resource,
      this.#requireNamespace(resource, namespace),
    )}/${encodeURIComponent(name)}`;
  }

  async #call<T>(request: KubernetesRequest): Promise<T> {
    try {
      return await this.#request<T>(request);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  /** Sends a request; errors stay untranslated so callers can inspect the HTTP status. */
  async #request<T>(request: KubernetesRequest): Promise<T> {
    const adapter = await this.#getAdapter();
    return adapter.request<T>(request);
  }

  #getAdapter(): Promise<ClientNodeAdapter> {
    if (!this.#adapter) {
      this.#adapter = this.#makeAdapter().catch(error => {
        // A missing kubeconfig may appear later; try again on the next call.
        this.#adapter = undefined;
        throw error;
      });
    }
    return this.#adapter;
  }

  #translate(error: unknown): Error {
    return toBackstageError(error, { cluster: this.#name, url: this.#url });
  }
}

function writeQuery(options: KubernetesWriteOptions) {
  return {
    ...(options.dryRun && { dryRun: 'All' }),
    fieldManager: options.fieldManager ?? DEFAULT_FIELD_MANAGER,
  };
}

/** Items of a list of built-in kinds come without apiVersion and kind; put them back. */
function withType<T extends KubernetesObject>(
  item: T,
  resource: ResolvedResource,
): T {
  if (item.apiVersion && item.kind) return item;
  return { ...item, apiVersion: resource.apiVersion, kind: resource.kind };
}
