/**
 * On resource request entities: the request's health (`status.healthStatus.state`, e.g. `healthy`, `degraded`,
 * `unhealthy`) when last ingested, as rolled up by Kratix from its HealthRecords.
 *
 * @public
 */
export const ANNOTATION_KRATIX_HEALTH = 'kratix.backstage.io/health';
