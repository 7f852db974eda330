/**
 * Annotations the catalog module writes on entities besides `KRATIX_ANNOTATIONS`, and the switches it reads on
 * Kratix objects.
 *
 * @public
 */
export const KRATIX_ENTITY_ANNOTATIONS = {
  /** On Promise entities: the Promise's version (`status.version`). */
  promiseVersion: 'kratix.backstage.io/promise-version',
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
