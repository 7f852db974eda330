import { ObjectMeta } from './kubernetes';
import { KratixHealthState } from './resourceRequest';

/**
 * A Kratix HealthRecord; its fields sit under top-level `data`, not `spec`.
 *
 * @public
 */
export interface KratixHealthRecord {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  data: {
    promiseRef: { name: string };
    /** Absent when the record is about the Promise itself. */
    resourceRef?: { name: string; namespace: string; generation?: number };
    state?: KratixHealthState;
    /** Unix timestamp (seconds) of the last health check run. */
    lastRun?: number;
    details?: Record<string, unknown>;
  };
}
