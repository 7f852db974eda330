import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/**
 * A kind of object, named by `apiVersion` plus either its `kind` or its `plural` (resource name).
 *
 * @public
 */
export type KubernetesResourceType =
  | { apiVersion: string; kind: string; plural?: undefined }
  | { apiVersion: string; plural: string; kind?: undefined };

/**
 * A kind of object as the cluster serves it, found through API discovery.
 *
 * @public
 */
export interface ResolvedResource {
  apiVersion: string;
  kind: string;
  /** Resource name used in API paths, e.g. `promises`. */
  plural: string;
  namespaced: boolean;
  /** Verbs the server supports on it, e.g. `get`, `list`, `watch`. */
  verbs: string[];
  /** True when the `/status` subresource is served. */
  hasStatusSubresource: boolean;
}

/**
 * One object, by type, name and (for namespaced kinds) namespace.
 *
 * @public
 */
export type KubernetesObjectRef = KubernetesResourceType & {
  name: string;
  namespace?: string;
};

/**
 * Options of {@link KratixKubernetesClient.list} and {@link KratixKubernetesClient.listPages}.
 *
 * @public
 */
export type KubernetesListOptions = KubernetesResourceType & {
  /** Namespace to list in; all namespaces when absent (or for cluster-scoped kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Objects per request (`limit`); 500 unless given. */
  pageSize?: number;
  signal?: AbortSignal;
};

/**
 * The result of {@link KratixKubernetesClient.list}: every object, and the list's resourceVersion to watch from.
 *
 * @public
 */
export interface KubernetesListResult<
  T extends KubernetesObject = KubernetesObject,
> {
  items: T[];
  resourceVersion: string;
}

/**
 * One page of {@link KratixKubernetesClient.listPages}.
 *
 * @public
 */
export interface KubernetesListPage<
  T extends KubernetesObject = KubernetesObject,
> {
  items: T[];
  /** The resourceVersion of the list (the same on every page of one consistent list). */
  resourceVersion: string;
  /** The server's estimate of how many objects remain after this page. */
  remainingItemCount?: number;
  /**
   * True on the first page after the list had to start again because its continue token expired (HTTP 410 Gone):
   * pages received before are stale and should be dropped.
   */
  restarted: boolean;
}

/**
 * Options shared by calls that write.
 *
 * @public
 */
export interface KubernetesWriteOptions {
  /** Validate and run admission without storing anything (`dryRun=All`). */
  dryRun?: boolean;
  /** Field manager recorded in `managedFields`; `kratix-backstage` unless given. */
  fieldManager?: string;
}

/**
 * Options of {@link KratixKubernetesClient.patch}.
 *
 * @public
 */
export type KubernetesPatchOptions = KubernetesObjectRef &
  KubernetesWriteOptions & {
    /** For `merge` and `apply` an object; for `json` an array of JSON Patch operations. */
    patch: unknown;
    /** `merge` (RFC 7386), `json` (RFC 6902) or `apply` (server-side apply). */
    type: 'merge' | 'json' | 'apply';
    /** Server-side apply only: take over fields other managers own. */
    force?: boolean;
    /** Patch the `/status` subresource instead of the object. */
    subresource?: 'status';
  };

/**
 * Options of {@link KratixKubernetesClient.delete}.
 *
 * @public
 */
export type KubernetesDeleteOptions = KubernetesObjectRef & {
  dryRun?: boolean;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
};

/**
 * Type of a watch event; `ERROR` carries a Kubernetes `Status` (code 410 means the resourceVersion expired).
 *
 * @public
 */
export type KubernetesWatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

/**
 * Options of {@link KratixKubernetesClient.watch}.
 *
 * @public
 */
export type KubernetesWatchOptions = KubernetesResourceType & {
  namespace?: string;
  /** Watch changes after this resourceVersion, typically the one {@link KratixKubernetesClient.list} returned. */
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Ask the server for BOOKMARK events, which keep the resourceVersion fresh. True unless given. */
  allowBookmarks?: boolean;
  /** Ask the server to end the stream after this many seconds. */
  timeoutSeconds?: number;
};

/**
 * Stops a watch; after `abort()` no more events are delivered.
 *
 * @public
 */
export interface KubernetesWatchHandle {
  abort(): void;
}

/**
 * Options of {@link KratixKubernetesClient.getPodLogs}.
 *
 * @public
 */
export interface PodLogsOptions {
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
  limitBytes?: number;
  /** Logs of the previous, terminated instance of the container. */
  previous?: boolean;
}

/**
 * Options of {@link KratixKubernetesClient.listJobs} and {@link KratixKubernetesClient.listPods}.
 *
 * @public
 */
export interface CoreListOptions {
  /** All namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  pageSize?: number;
}
