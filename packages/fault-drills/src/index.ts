/**
 * Fault drills for the Kratix Backstage plugins, the fault-injecting proxy they use, and the measurement of what
 * shared informers save that `yarn bench --sharing` runs.
 *
 * @packageDocumentation
 */
export { FaultProxy } from './FaultProxy';
export type {
  FaultProxyCounts,
  FaultProxyFaults,
  FaultProxyMode,
  FaultProxyOptions,
} from './FaultProxy';
// The drills' own test utilities measure what sharing informers saves; `yarn bench --sharing` (a private package) runs it.
// eslint-disable-next-line no-restricted-imports
export { measureInformerSharing } from './__testUtils__/measureInformerSharing';
// eslint-disable-next-line no-restricted-imports
export type {
  InformerSharingFigures,
  InformerSharingResult,
} from './__testUtils__/measureInformerSharing';
