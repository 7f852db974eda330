import type { CrossplaneState } from '../conditions/getCrossplaneState';
import type { KratixStuckDeletion } from '../conditions/getDeletionState';
import type { KratixDeliveryProblem } from '../conditions/getDeliveryProblem';
import type { KratixHealthRecordSummary } from '../conditions/getResourceHealth';
import type { KratixResourceState } from '../conditions/getResourceState';
import type { ConditionStatus } from './kubernetes';
import type { KratixPipelinePhase } from './workflows';
import type { ResourceVersionView } from '../resources/promiseVersions';

// The answers of the Kratix backend plugin's routes, shared by the backend and the frontend plugin.

/**
 * Something that could not be read, and why; the rest of the answer still stands.
 *
 * @public
 */
export interface KratixUnavailable {
  available: false;
  reason: string;
}

/**
 * A list that could be read, or why it could not.
 *
 * @public
 */
export type KratixMaybeList<T> =
  | { available: true; items: T[] }
  | KratixUnavailable;

/**
 * Coordinates of a Kubernetes object.
 *
 * @public
 */
export interface KratixObjectRef {
  cluster: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * A condition from `status.conditions[]`.
 *
 * @public
 */
export interface KratixConditionSummary {
  type: string;
  status: ConditionStatus | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * A Destination a request's (or Promise's) Work was placed on, with its WorkPlacement's `Ready` condition.
 *
 * @public
 */
export interface KratixPlacementSummary {
  destination: string;
  workPlacement: string;
  work?: string;
  ready?: ConditionStatus | string;
  reason?: string;
  message?: string;
  /** True when no Destination matches any more (`kratix.io/misplaced`). */
  misplaced: boolean;
  /** Set when the state store refused the write (`WriteSucceeded=False`). */
  writeProblem?: KratixDeliveryProblem;
  /** The revision the state store holds (`status.versionID`), once written. */
  versionID?: string;
}

/**
 * A Work that was not scheduled to any Destination (`ScheduleSucceeded=False`).
 *
 * @public
 */
export interface KratixUnscheduledWork {
  work: string;
  namespace?: string;
  problem: KratixDeliveryProblem;
}

/**
 * One version of a Promise (a PromiseRevision), with how many of its requests run it.
 *
 * @public
 */
export interface KratixPromiseRevisionSummary {
  /** The PromiseRevision's name. */
  name: string;
  /** The version (`spec.version`), from the Promise's label `kratix.io/promise-version`. */
  version: string;
  /** True on the revision `latest` stands for. */
  latest: boolean;
  /** How many of the Promise's requests run this version (their ResourceBinding's `status.lastAppliedVersion`). */
  requests: number;
  /** When Kratix made the revision. */
  createdAt?: string;
}

/**
 * Which Promise version a request runs, as the summary gives it, or why it could not be read.
 *
 * @public
 */
export type KratixRequestVersionSummary =
  | ({ available: true } & ResourceVersionView)
  | KratixUnavailable;

/**
 * Answer of `GET /entities/:kind/:namespace/:name/summary`.
 *
 * @public
 */
export interface KratixEntitySummary {
  entityRef: string;
  role: 'promise' | 'resource' | 'crossplane' | 'other';
  object: KratixObjectRef & {
    uid?: string;
    creationTimestamp?: string;
    generation?: number;
    observedGeneration?: number;
    /** True when `metadata.generation` is ahead of `status.observedGeneration`: Kratix has not caught up yet. */
    behind: boolean;
    paused: boolean;
    /** True while a workflow is suspended (label `kratix.io/workflow-suspended`). */
    workflowSuspended?: boolean;
  };
  state: KratixResourceState;
  message?: string;
  conditions: KratixConditionSummary[];
  /** `status.healthStatus` of a request: the worst state, the number of HealthRecords and each one, worst first. */
  health?: {
    state?: string;
    records: number;
    items?: KratixHealthRecordSummary[];
  };
  /** A delete workflow that failed or was suspended (`DeleteWorkflowCompleted=False`). */
  deletion?: KratixStuckDeletion;
  /** The request's Works that no Destination matches. */
  unscheduledWorks?: KratixUnscheduledWork[];
  workflows: { total?: number; succeeded?: number; failed?: number };
  destinations: KratixMaybeList<KratixPlacementSummary>;
  /** Crossplane `Ready` and `Synced` of a Crossplane entity. */
  crossplane?: CrossplaneState;
  /** The Promise version a request runs, pinned or following the latest, and its last upgrade; absent on a platform without Promise versions. */
  version?: KratixRequestVersionSummary;
  promise?: {
    name?: string;
    status?: string;
    version?: string;
    requiredPromises: Array<{ name: string; version?: string; state?: string }>;
    requiredBy: Array<{
      name?: string;
      version?: string;
      requiredVersion?: string;
    }>;
    api?: {
      group: string;
      version: string;
      kind: string;
      plural: string;
      scope: string;
    };
    lastAvailableTime?: string;
    /** The Promise's versions, newest first, with how many requests run each; absent on a platform without Promise versions. */
    revisions?: KratixMaybeList<KratixPromiseRevisionSummary>;
    /** Requests whose binding has not recorded the version they run yet. */
    requestsWithoutVersion?: number;
  };
  fetchedAt: string;
}

/**
 * One Pod of a pipeline Job.
 *
 * @public
 */
export interface KratixPipelinePod {
  name: string;
  namespace: string;
  phase?: string;
  startTime?: string;
  /** Init containers first (Kratix runs the pipeline's stages as init containers), then containers. */
  containers: Array<{
    name: string;
    init: boolean;
    state: 'waiting' | 'running' | 'terminated' | 'unknown';
    exitCode?: number;
    reason?: string;
  }>;
}

/**
 * One pipeline run (a Job).
 *
 * @public
 */
export interface KratixPipelineJob {
  name: string;
  namespace: string;
  pipeline?: string;
  workflowType?: string;
  workflowAction?: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  createdAt?: string;
  startTime?: string;
  completionTime?: string;
  pods: KratixPipelinePod[];
}

/**
 * A pipeline as Kratix reports it in `status.kratix.workflows.pipelines[]`.
 *
 * @public
 */
export interface KratixPipelineSummary {
  name: string;
  phase?: KratixPipelinePhase | string;
  attempts?: number;
  lastTransitionTime?: string;
  nextRetryAt?: string;
  message?: string;
}

/**
 * Answer of `GET /entities/:kind/:namespace/:name/pipelines`.
 *
 * @public
 */
export interface KratixEntityPipelines {
  entityRef: string;
  pipelines: KratixPipelineSummary[];
  /** The Jobs of the pipelines, newest first, or why they could not be read (e.g. the cluster serves no Jobs). */
  jobs: KratixMaybeList<KratixPipelineJob>;
  fetchedAt: string;
}

/**
 * Logs of one container.
 *
 * @public
 */
export interface KratixContainerLog {
  container: string;
  init: boolean;
  log: string;
  /** True when the log was cut to fit the size limit. */
  truncated: boolean;
  /** Why the log could not be read, e.g. the container has not started. */
  error?: string;
}

/**
 * Answer of `GET /entities/:kind/:namespace/:name/pipelines/:pipeline/logs`.
 *
 * @public
 */
export type KratixPipelineLogs =
  | {
      entityRef: string;
      pipeline: string;
      available: true;
      pod: string;
      namespace: string;
      containers: KratixContainerLog[];
      fetchedAt: string;
    }
  | (KratixUnavailable & {
      entityRef: string;
      pipeline: string;
      fetchedAt: string;
    });

/**
 * One object of the Crossplane tree.
 *
 * @public
 */
export interface KratixCrossplaneNode extends KratixObjectRef {
  role: 'claim' | 'composite' | 'managed' | 'unknown';
  /** False when the object could not be read; `error` says why. */
  found: boolean;
  error?: string;
  state?: CrossplaneState['state'];
  ready?: ConditionStatus;
  synced?: ConditionStatus;
  /** Messages of the object's conditions, most recent first. */
  messages: Array<{ type: string; reason?: string; message: string }>;
  /** The object as YAML, without managedFields, the last-applied annotation or Secret data. */
  yaml?: string;
  /** Destination the object was placed on. */
  destination?: string;
  children: KratixCrossplaneNode[];
}

/**
 * Answer of `GET /entities/:kind/:namespace/:name/crossplane`.
 *
 * @public
 */
export interface KratixCrossplaneTree {
  entityRef: string;
  roots: KratixCrossplaneNode[];
  /** What could not be followed (a Destination without a known cluster, an unreadable Work), with the reason. */
  problems: string[];
  /** True when the depth or node-count cap cut the tree. */
  truncated: boolean;
  fetchedAt: string;
}

/**
 * One Promise of the marketplace.
 *
 * @public
 */
export interface KratixMarketplacePromise {
  entityRef: string;
  name: string;
  title?: string;
  description?: string;
  cluster: string;
  /** `available` (status.status Available), `unavailable`, or `unknown` when the cluster could not be read. */
  availability: 'available' | 'unavailable' | 'unknown';
  version?: string;
  api?: { group: string; version: string; kind: string };
  /** Entity ref of the Software Template that requests it, when the catalog shows one to the caller. */
  templateRef?: string;
  message?: string;
}

/**
 * Answer of `GET /promises`.
 *
 * @public
 */
export interface KratixMarketplace {
  promises: KratixMarketplacePromise[];
  clusters: Array<{ name: string; available: boolean; reason?: string }>;
  fetchedAt: string;
}

/**
 * Message of the signal the backend publishes on `kratix:entity:<entityRef>` when a watched object of the entity
 * changed. It only says that something changed: clients fetch again.
 *
 * @public
 */
export interface KratixEntitySignal {
  entityRef: string;
  change: string;
  resourceVersion?: string;
}

/**
 * The signal channel of an entity.
 *
 * @public
 */
export function kratixEntitySignalChannel(entityRef: string): string {
  return `kratix:entity:${entityRef}`;
}
