/**
 * Fault drills for the Kratix Backstage plugins, and the fault-injecting proxy they use.
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
