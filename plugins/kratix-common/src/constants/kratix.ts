/**
 * API group of Kratix's own objects.
 *
 * @public
 */
export const KRATIX_GROUP = 'platform.kratix.io';

/**
 * API version of Kratix's own objects.
 *
 * @public
 */
export const KRATIX_VERSION = 'v1alpha1';

/**
 * `apiVersion` of Kratix's own objects.
 *
 * @public
 */
export const KRATIX_API_VERSION = `${KRATIX_GROUP}/${KRATIX_VERSION}`;

/**
 * Namespace where Kratix runs, and where Promise-level Works and pipelines live.
 *
 * @public
 */
export const KRATIX_PLATFORM_NAMESPACE = 'kratix-platform-system';

/**
 * Kinds of Kratix's own objects.
 *
 * @public
 */
export const KRATIX_KINDS = {
  promise: 'Promise',
  work: 'Work',
  workPlacement: 'WorkPlacement',
  destination: 'Destination',
  gitStateStore: 'GitStateStore',
  bucketStateStore: 'BucketStateStore',
  healthRecord: 'HealthRecord',
  resourceBinding: 'ResourceBinding',
  promiseRevision: 'PromiseRevision',
  promiseRelease: 'PromiseRelease',
  pipeline: 'Pipeline',
} as const;

/**
 * Plurals (resource names) of Kratix's own objects, as used in API paths.
 *
 * @public
 */
export const KRATIX_PLURALS = {
  promise: 'promises',
  work: 'works',
  workPlacement: 'workplacements',
  destination: 'destinations',
  gitStateStore: 'gitstatestores',
  bucketStateStore: 'bucketstatestores',
  healthRecord: 'healthrecords',
  resourceBinding: 'resourcebindings',
  promiseRevision: 'promiserevisions',
  promiseRelease: 'promisereleases',
} as const;

/**
 * Labels Kratix reads or writes on Promises, resource requests, Works, WorkPlacements and pipeline Jobs.
 *
 * @public
 */
export const KRATIX_LABELS = {
  /** On CRDs, resource requests, Works and Jobs: the owning Promise. */
  promiseName: 'kratix.io/promise-name',
  /** On Works and Jobs: the resource request's name. */
  resourceName: 'kratix.io/resource-name',
  /** On Works, and on Jobs and Pods run in a Promise's `pipelineNamespace`: the resource request's namespace. */
  resourceNamespace: 'kratix.io/resource-namespace',
  /** On Works and Jobs: the pipeline that produced them. */
  pipelineName: 'kratix.io/pipeline-name',
  /** On Works: `promise`, `resource` or `static-dependency`; on Jobs and Pods of Kratix before February 2025: `resource` or `promise`. */
  workType: 'kratix.io/work-type',
  /** On Jobs and Pods of Kratix before February 2025: `configure` or `delete`. */
  workAction: 'kratix.io/work-action',
  /** On WorkPlacements: the Work they place. */
  work: 'kratix.io/work',
  /** On WorkPlacements: the Destination they target. */
  targetDestinationName: 'kratix.io/targetDestinationName',
  /** On WorkPlacements: `"true"` when no Destination matches any more. */
  misplaced: 'kratix.io/misplaced',
  /** On Promises and resource requests: `"true"` stops reconciliation. */
  paused: 'kratix.io/paused',
  /** On resource requests: `"true"` re-runs the workflows. */
  manualReconciliation: 'kratix.io/manual-reconciliation',
  /** On Promises: `"true"` re-runs every resource request's workflows. */
  reconcileResources: 'kratix.io/reconcile-resources',
  /** On Promises: the Promise's version, copied to `status.version`. */
  promiseVersion: 'kratix.io/promise-version',
  /** On PromiseRevisions: `"true"` on the one the Promise controller last marked latest. */
  latestRevision: 'kratix.io/latest-revision',
  /** Compound Promises: the parent request's Promise. */
  parentPromiseName: 'kratix.io/parent-promise-name',
  /** Compound Promises: the parent request's name. */
  parentResourceName: 'kratix.io/parent-resource-name',
  /** Compound Promises: the parent request's namespace. */
  parentResourceNamespace: 'kratix.io/parent-resource-namespace',
  /** On Promises and resource requests: set while a workflow is suspended (a pipeline asked to stop and retry later). */
  workflowSuspended: 'kratix.io/workflow-suspended',
  /** On pipeline Jobs and Pods: `resource` or `promise`. */
  workflowType: 'kratix.io/workflow-type',
  /** On pipeline Jobs and Pods: `configure` or `delete`. */
  workflowAction: 'kratix.io/workflow-action',
} as const;

/**
 * Annotations Kratix writes on pipeline Jobs (not on their Pods), naming the object the run is for.
 *
 * @public
 */
export const KRATIX_JOB_ANNOTATIONS = {
  resourceKind: 'kratix.io/job-resource-kind',
  resourceName: 'kratix.io/job-resource-name',
  resourceNamespace: 'kratix.io/job-resource-namespace',
  resourceApiVersion: 'kratix.io/job-resource-api-version',
} as const;

/**
 * Values of the `kratix.io/work-type` label.
 *
 * @public
 */
export const KRATIX_WORK_TYPES = {
  promise: 'promise',
  resource: 'resource',
  staticDependency: 'static-dependency',
} as const;

/**
 * Condition types Kratix sets on Promises and resource requests.
 *
 * @public
 */
export const KRATIX_CONDITION_TYPES = {
  configureWorkflowCompleted: 'ConfigureWorkflowCompleted',
  deleteWorkflowCompleted: 'DeleteWorkflowCompleted',
  worksSucceeded: 'WorksSucceeded',
  reconciled: 'Reconciled',
  promiseAvailable: 'PromiseAvailable',
  requirementsFulfilled: 'RequirementsFulfilled',
  available: 'Available',
  /** On Works and WorkPlacements. */
  scheduleSucceeded: 'ScheduleSucceeded',
  /** On WorkPlacements. */
  writeSucceeded: 'WriteSucceeded',
  /** On WorkPlacements. */
  ready: 'Ready',
  /** On ResourceBindings: the last upgrade of the request to another Promise version. */
  upgradeSucceeded: 'UpgradeSucceeded',
} as const;

/**
 * Condition reasons Kratix sets on resource requests.
 *
 * @public
 */
export const KRATIX_CONDITION_REASONS = {
  pipelinesInProgress: 'PipelinesInProgress',
  pipelinesExecutedSuccessfully: 'PipelinesExecutedSuccessfully',
  configureWorkflowFailed: 'ConfigureWorkflowFailed',
  worksPending: 'WorksPending',
  worksFailing: 'WorksFailing',
  worksMisplaced: 'WorksMisplaced',
  workflowPending: 'WorkflowPending',
  workflowSuspended: 'WorkflowSuspended',
  pausedReconciliation: 'PausedReconciliation',
  /** `PromiseAvailable=False` on a request whose Promise is not available (upstream `lib/resourceutil/util.go`). */
  promiseRequirementsNotInstalled: 'PromiseRequirementsNotInstalled',
  deleteWorkflowFailed: 'DeleteWorkflowFailed',
  deleteWorkflowSuspended: 'DeleteWorkflowSuspended',
  /** `RequirementsFulfilled=False` / `Reconciled=Unknown` on a Promise waiting for its required Promises. */
  requirementsNotFulfilled: 'RequirementsNotFulfilled',
  /** `Available=False` on a Promise mid-reconcile (upstream `internal/controller/promise_controller.go`). */
  promiseUnavailable: 'PromiseUnavailable',
  /** Work `ScheduleSucceeded=False`: no Destination matches (upstream `internal/controller/scheduler.go`). */
  unscheduledWorkloads: 'UnscheduledWorkloads',
  /** WorkPlacement `WriteSucceeded=False`: the state store refused the write (upstream `api/v1alpha1/workplacement_types.go`). */
  workloadsFailedWrite: 'WorkloadsFailedWrite',
  /** ResourceBinding `UpgradeSucceeded=Unknown`: the request's workflow is running for another version. */
  upgradeInProgress: 'UpgradeInProgress',
  /** ResourceBinding `UpgradeSucceeded=True`: the request runs the version it was moved to. */
  upgradeComplete: 'UpgradeComplete',
  /** ResourceBinding `UpgradeSucceeded=False`: the workflow failed at `status.failedVersion`. */
  upgradeFailed: 'UpgradeFailed',
} as const;

/**
 * The `spec.version` of a ResourceBinding that follows its Promise's latest revision.
 *
 * @public
 */
export const KRATIX_LATEST_VERSION = 'latest';

/**
 * The version Kratix gives the revision of a Promise without the label `kratix.io/promise-version`.
 *
 * @public
 */
export const KRATIX_UNVERSIONED_PROMISE_VERSION = 'not-set';

/**
 * Values of `resourceBindingVersionStrategy` in the Kratix ConfigMap: which version a new request's binding takes.
 *
 * @public
 */
export const KRATIX_BINDING_VERSION_STRATEGIES = {
  /** `latest`: the request follows each new version (the default). */
  floating: 'floating',
  /** The latest revision's version when the request is made, kept until someone changes it. */
  pinned: 'pinned',
} as const;
