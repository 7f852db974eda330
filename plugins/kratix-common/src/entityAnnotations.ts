/**
 * Annotations the catalog module writes on entities besides `KRATIX_ANNOTATIONS`, and the switches it reads on
 * Kratix objects.
 *
 * @public
 */
export const KRATIX_ENTITY_ANNOTATIONS = {
  /** On Promise entities: the Promise's version (`status.version`); on request entities: the version the request runs. */
  promiseVersion: 'kratix.backstage.io/promise-version',
  /** On Promise entities: the versions of its PromiseRevisions, newest first, comma-separated. */
  promiseRevisions: 'kratix.backstage.io/promise-revisions',
  /** On Promise and request entities: the version of the Promise's latest PromiseRevision. */
  latestVersion: 'kratix.backstage.io/latest-version',
  /** On request entities: the version its ResourceBinding asks for, a version or `latest`. */
  desiredVersion: 'kratix.backstage.io/desired-version',
  /** On request entities: `pinned` (its binding names a version) or `floating` (it follows `latest`). */
  versionBinding: 'kratix.backstage.io/version-binding',
  /** On request entities: `"true"` when the latest version is neither what it runs nor what its binding asks for. */
  upgradeAvailable: 'kratix.backstage.io/upgrade-available',
  /** On request entities: the last upgrade's result, `succeeded`, `in-progress` or `failed` (absent before any). */
  upgradeState: 'kratix.backstage.io/upgrade-state',
  /** On request entities: the version whose upgrade failed (the binding's `status.failedVersion`). */
  upgradeFailedVersion: 'kratix.backstage.io/upgrade-failed-version',
  /** On Promise entities: the group of the Promise's API. */
  apiGroup: 'kratix.backstage.io/api-group',
  /** On Promise entities: the kind of the Promise's API. */
  apiKind: 'kratix.backstage.io/api-kind',
  /** On Promise entities: the Promises this one requires, comma-separated. */
  requiredPromises: 'kratix.backstage.io/required-promises',
  /** The object's status message when last ingested. */
  statusMessage: 'kratix.backstage.io/status-message',
  /** The reason behind `kratix.backstage.io/status` when last ingested. */
  statusReason: 'kratix.backstage.io/status-reason',
  /** On resource request entities: each HealthRecord (state, last run, source, details), worst first, as JSON. */
  healthRecords: 'kratix.backstage.io/health-records',
  /** On Destination entities: the cluster the Destination stands for, when known. */
  destinationCluster: 'kratix.backstage.io/destination-cluster',
  /** On a Promise (the Kubernetes object): `"false"` stops the catalog from generating a Software Template for it. */
  generateTemplate: 'kratix.backstage.io/generate-template',
} as const;
