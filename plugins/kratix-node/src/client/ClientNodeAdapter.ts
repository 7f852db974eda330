import type * as ClientNode from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import type { KratixClusterConfig } from '../config/readClusterConfig';

/** The `@kubernetes/client-node` module, loaded at runtime. */
type ClientNodeModule = typeof ClientNode;

let clientNode: Promise<ClientNodeModule> | undefined;

/**
 * Loads `@kubernetes/client-node` once. It is ESM-only since 1.0 and this package is compiled to CommonJS, so it is
 * imported dynamically here, and only types are imported anywhere else.
 */
function loadClientNode(): Promise<ClientNodeModule> {
  if (!clientNode) {
    clientNode = import('@kubernetes/client-node').catch(error => {
      clientNode = undefined;
      if (error?.code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') {
        // Jest runs code in vm contexts, where import() of an ES module needs this Node.js flag.
        throw new Error(
          'Loading @kubernetes/client-node (an ES module) under Jest needs NODE_OPTIONS=--experimental-vm-modules',
        );
      }
      throw error;
    });
  }
  return clientNode;
}

/** One HTTP request to the API server. */
export interface KubernetesRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/apis/platform.kratix.io/v1alpha1/promises`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A PATCH's strategy, sent as client-node's `PatchStrategy` content type; a body is otherwise sent as JSON. */
  patch?: 'merge' | 'json' | 'apply';
  /** `text` returns the body as a string (pod logs); `json` (default) parses it. */
  responseType?: 'json' | 'text';
  signal?: AbortSignal;
}

/** One watch stream. */
export interface KubernetesWatchRequest {
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  onEvent(type: string, object: unknown): void;
  /** Called once when the stream ends: with the error that ended it, or nothing. */
  onDone(error?: unknown): void;
}

/**
 * The only place that touches `@kubernetes/client-node` at runtime: builds a `KubeConfig` for one cluster, sends
 * requests through the library's HTTP stack (so TLS, tokens, exec and OIDC auth all behave as in the library), and
 * opens watches with its `Watch`. Non-2xx answers become the library's `ApiException`.
 */
export class ClientNodeAdapter {
  readonly #k8s: ClientNodeModule;
  readonly #kubeConfig: ClientNode.KubeConfig;
  readonly #http: ClientNode.HttpLibrary;
  readonly #server: string;
  #coreV1?: ClientNode.CoreV1Api;
  #batchV1?: ClientNode.BatchV1Api;

  /** Builds the connection for one entry of `kratix.clusters`. */
  static async fromClusterConfig(
    cluster: KratixClusterConfig,
  ): Promise<ClientNodeAdapter> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    const { auth } = cluster;
    if (auth.type === 'kubeconfig') {
      loadKubeconfigFile(kc, auth.path, auth.context);
    } else if (auth.type === 'inCluster') {
      kc.loadFromCluster();
    } else {
      kc.loadFromClusterAndUser(
        { name: cluster.name, server: cluster.url ?? '', skipTLSVerify: false },
        { name: 'kratix-backstage', token: auth.token },
      );
    }
    applyOverrides(kc, cluster);
    return new ClientNodeAdapter(k8s, kc);
  }

  /** Builds the connection from a kubeconfig file, using `context` or its current context. */
  static async fromKubeconfigFile(
    path: string,
    context?: string,
  ): Promise<ClientNodeAdapter> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    loadKubeconfigFile(kc, path, context);
    return new ClientNodeAdapter(k8s, kc);
  }

  private constructor(
    k8s: ClientNodeModule,
    kubeConfig: ClientNode.KubeConfig,
  ) {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) {
      throw new InputError(
        `The Kubernetes configuration has no server URL for context '${kubeConfig.getCurrentContext()}'; set url for the cluster`,
      );
    }
    this.#k8s = k8s;
    this.#kubeConfig = kubeConfig;
    this.#http = new k8s.IsomorphicFetchHttpLibrary();
    this.#server = server.replace(/\/+$/, '');
  }

  /** The API server's URL. */
  get server(): string {
    return this.#server;
  }

  /** client-node's typed API of the core group (`v1`): Pods and their logs. */
  get coreV1(): ClientNode.CoreV1Api {
    this.#coreV1 ??= this.#kubeConfig.makeApiClient(this.#k8s.CoreV1Api);
    return this.#coreV1;
  }

  /** client-node's typed API of `batch/v1`: Jobs. */
  get batchV1(): ClientNode.BatchV1Api {
    this.#batchV1 ??= this.#kubeConfig.makeApiClient(this.#k8s.BatchV1Api);
    return this.#batchV1;
  }

  /**
   * Sends one request; resolves with the parsed body, rejects with client-node's `ApiException` on non-2xx.
   *
   * Objects of any kind go through here rather than client-node's `KubernetesObjectApi`, which (1.4) serializes each
   * object by `<version><kind>` alone, so a custom kind named like a built-in one (`example.com/v1` `Service`) loses
   * the fields the built-in model lacks, drops `metadata.continue` from lists of custom kinds (paging stops after
   * the first page), lower-cases the path (a name in the wrong case reaches another object) and has no subresources.
   */
  async request<T>(request: KubernetesRequest): Promise<T> {
    const k8s = this.#k8s;
    const context = new k8s.RequestContext(
      this.#server + request.path,
      k8s.HttpMethod[request.method],
    );
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    context.setHeaderParam(
      'Accept',
      request.responseType === 'text'
        ? 'text/plain, */*'
        : 'application/json, */*;q=0.8',
    );
    if (request.body !== undefined) {
      context.setHeaderParam(
        'Content-Type',
        request.patch
          ? this.#patchContentType(request.patch)
          : 'application/json',
      );
      context.setBody(JSON.stringify(request.body));
    }
    if (request.signal) {
      // client-node bundles node-fetch, whose AbortSignal type differs from the DOM one only on paper.
      context.setSignal(request.signal as any);
    }
    await this.#kubeConfig.applySecurityAuthentication(context);

    const response = await this.#http.send(context).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new k8s.ApiException(
        response.httpStatusCode,
        'Unsuccessful HTTP Request',
        text,
        response.headers,
      );
    }
    if (request.responseType === 'text') {
      return text as T;
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  #patchContentType(patch: NonNullable<KubernetesRequest['patch']>): string {
    const { PatchStrategy } = this.#k8s;
    return {
      merge: PatchStrategy.MergePatch,
      json: PatchStrategy.JsonPatch,
      apply: PatchStrategy.ServerSideApply,
    }[patch];
  }

  /** Opens a watch; resolves once the stream is open (or has failed, through `onDone`). */
  async watch(request: KubernetesWatchRequest): Promise<AbortController> {
    const watch = new this.#k8s.Watch(this.#kubeConfig);
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query[key] = String(value);
    }
    return watch.watch(
      request.path,
      query,
      (type: string, object: unknown) => request.onEvent(type, object),
      (error: unknown) => request.onDone(error ?? undefined),
    );
  }
}

function loadKubeconfigFile(
  kc: ClientNode.KubeConfig,
  path: string,
  context: string | undefined,
) {
  try {
    kc.loadFromFile(path);
  } catch (error) {
    throw new InputError(
      `Could not read the kubeconfig file '${path}': ${
        (error as Error).message
      }`,
    );
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      throw new InputError(
        `The kubeconfig file '${path}' has no context '${context}'; its contexts are ${
          kc
            .getContexts()
            .map(c => `'${c.name}'`)
            .join(', ') || '(none)'
        }`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new InputError(
      `The kubeconfig file '${path}' has no cluster for context '${kc.getCurrentContext()}'; set kubeconfigContext or the file's current-context`,
    );
  }
}

/** Applies `url`, `caData`, `caFile` and `skipTLSVerify` from our config on top of the loaded cluster. */
function applyOverrides(
  kc: ClientNode.KubeConfig,
  cluster: KratixClusterConfig,
) {
  const current = kc.getCurrentCluster();
  if (!current) return;
  const updated: ClientNode.Cluster = {
    ...current,
    ...(cluster.url && { server: cluster.url }),
    ...(cluster.caData && { caData: cluster.caData, caFile: undefined }),
    ...(cluster.caFile && { caFile: cluster.caFile, caData: undefined }),
    ...(cluster.skipTLSVerify && { skipTLSVerify: true }),
  };
  kc.loadFromOptions({
    clusters: kc
      .getClusters()
      .map(c => (c.name === current.name ? updated : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
}

/**
 * Turns an object a typed API answered back into what the server sent: client-node's models hold times as `Date`,
 * the wire (and every other read of this package) as RFC 3339 strings. Kubernetes times have whole seconds.
 */
export function toWireObject<T>(value: unknown): T {
  if (value instanceof Date) {
    return value.toISOString().replace(/\.000Z$/, 'Z') as T;
  }
  if (Array.isArray(value)) {
    return value.map(v => toWireObject(v)) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) out[key] = toWireObject(v);
    }
    return out as T;
  }
  return value as T;
}
