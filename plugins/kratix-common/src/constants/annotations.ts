/**
 * Prefix of every annotation this project writes on catalog entities.
 *
 * @public
 */
export const KRATIX_ANNOTATION_PREFIX = 'kratix.backstage.io/';

/**
 * Name of the Kubernetes cluster (as configured for the plugin) an entity's object lives on.
 *
 * @public
 */
export const ANNOTATION_KRATIX_CLUSTER = 'kratix.backstage.io/cluster';

/**
 * `apiVersion` of the Kubernetes object an entity stands for.
 *
 * @public
 */
export const ANNOTATION_KRATIX_API_VERSION = 'kratix.backstage.io/api-version';

/**
 * `kind` of the Kubernetes object an entity stands for.
 *
 * @public
 */
export const ANNOTATION_KRATIX_KIND = 'kratix.backstage.io/kind';

/**
 * `metadata.name` of the Kubernetes object an entity stands for.
 *
 * @public
 */
export const ANNOTATION_KRATIX_NAME = 'kratix.backstage.io/name';

/**
 * `metadata.namespace` of the Kubernetes object an entity stands for; absent for cluster-scoped objects.
 *
 * @public
 */
export const ANNOTATION_KRATIX_NAMESPACE = 'kratix.backstage.io/namespace';

/**
 * Name of the Promise an entity is, or that its resource request belongs to.
 *
 * @public
 */
export const ANNOTATION_KRATIX_PROMISE = 'kratix.backstage.io/promise';

/**
 * State of the object when the entity was last ingested: `ready`, `in-progress`, `failed` or `unknown`, and for
 * Crossplane objects also `paused`.
 *
 * @public
 */
export const ANNOTATION_KRATIX_STATUS = 'kratix.backstage.io/status';

/**
 * Status of the Crossplane `Ready` condition (`True`, `False`, `Unknown`) when the entity was last ingested.
 *
 * @public
 */
export const ANNOTATION_KRATIX_READY = 'kratix.backstage.io/ready';

/**
 * Status of the Crossplane `Synced` condition (`True`, `False`, `Unknown`) when the entity was last ingested.
 *
 * @public
 */
export const ANNOTATION_KRATIX_SYNCED = 'kratix.backstage.io/synced';

/**
 * Name of the Kratix Destination an entity's object was placed on.
 *
 * @public
 */
export const ANNOTATION_KRATIX_DESTINATION = 'kratix.backstage.io/destination';

/**
 * Entity ref of the owner the scaffolder stamped on a resource request (e.g. `group:default/team-a`).
 *
 * @public
 */
export const ANNOTATION_KRATIX_OWNER = 'kratix.backstage.io/owner';

/**
 * Entity ref of the template a resource request was created from.
 *
 * @public
 */
export const ANNOTATION_KRATIX_TEMPLATE = 'kratix.backstage.io/template';

/**
 * Entity ref of the user who created a resource request through the scaffolder.
 *
 * @public
 */
export const ANNOTATION_KRATIX_REQUESTED_BY =
  'kratix.backstage.io/requested-by';

/**
 * Set by hand on any entity to link it to a resource request: `[cluster/]namespace/kind/name`,
 * with `kind` optionally qualified by group as `kind.group` (see `parseResourceRequestRef`).
 *
 * @public
 */
export const ANNOTATION_KRATIX_RESOURCE_REQUEST =
  'kratix.backstage.io/resource-request';

/**
 * Set by hand on any entity to link it to a Promise: `[cluster/]name`.
 *
 * @public
 */
export const ANNOTATION_KRATIX_PROMISE_REF = 'kratix.backstage.io/promise-ref';

/**
 * Every annotation this project writes or reads under `kratix.backstage.io/`, by short name.
 *
 * @public
 */
export const KRATIX_ANNOTATIONS = {
  cluster: ANNOTATION_KRATIX_CLUSTER,
  apiVersion: ANNOTATION_KRATIX_API_VERSION,
  kind: ANNOTATION_KRATIX_KIND,
  name: ANNOTATION_KRATIX_NAME,
  namespace: ANNOTATION_KRATIX_NAMESPACE,
  promise: ANNOTATION_KRATIX_PROMISE,
  status: ANNOTATION_KRATIX_STATUS,
  ready: ANNOTATION_KRATIX_READY,
  synced: ANNOTATION_KRATIX_SYNCED,
  destination: ANNOTATION_KRATIX_DESTINATION,
  owner: ANNOTATION_KRATIX_OWNER,
  template: ANNOTATION_KRATIX_TEMPLATE,
  requestedBy: ANNOTATION_KRATIX_REQUESTED_BY,
  resourceRequest: ANNOTATION_KRATIX_RESOURCE_REQUEST,
  promiseRef: ANNOTATION_KRATIX_PROMISE_REF,
} as const;

/**
 * Annotations on entities written in Syntasso Kratix Enterprise's shape, which this project also recognises.
 *
 * @public
 */
export const SYNTASSO_ANNOTATIONS = {
  /** `promise` or `resource`. */
  type: 'kratix.io/type',
  promiseName: 'kratix.io/promise-name',
  group: 'kratix.io/group',
  version: 'kratix.io/version',
  kind: 'kratix.io/kind',
  name: 'kratix.io/name',
  namespace: 'kratix.io/namespace',
  /** The object's status, as a JSON string. */
  status: 'kratix.io/status',
} as const;
