/**
 * Development-only stand-in for Kratix and Crossplane: local API servers
 * seeded with real Promises, requests and Crossplane objects, and a simulator
 * that reconciles new requests. Never use it in production.
 *
 * @packageDocumentation
 */
export { Simulator, reconcileReason } from './Simulator';
export type { SimulatorOptions } from './Simulator';
export { seedDemoPlatform } from './seedDemoPlatform';
export type { SeedReport } from './seedDemoPlatform';
export { demoClients, demoCluster } from './demoClients';
export type { DemoClients, DemoCluster } from './demoClients';
export {
  startDemoClusters,
  PLATFORM_CLUSTER,
  WORKER_CLUSTERS,
} from './startDemoClusters';
export type { DemoClusters, DemoClusterInfo } from './startDemoClusters';
export { createIfAbsent, getIfExists, mergePatch, refOf } from './kubeObjects';
export type { ObjectRef } from './kubeObjects';
export { CrossplaneWorker, SYNC_ERROR_MESSAGE } from './CrossplaneWorker';
export type { CrossplaneReadiness } from './CrossplaneWorker';
export { DEMO_ANNOTATIONS } from './demoAnnotations';
export { DEMO_PIPELINE_NAMESPACE } from './demoPromises';
export { demoRequests, demoCrossplaneObjects } from './demoRequests';
export type { DemoRequest, DemoRequestState } from './demoRequests';
export { workObjects } from './workloads';
export { compositeCrds, managedResourceCrd } from './compositeCrds';
export { toPipelineComposition } from './crossplaneCatalog';
export { condition, timestamp } from './conditions';
export { clusterDestination, readyStateStore } from './demoDestinations';
export { buildWork } from './kratixWork';
export { configurePipelines } from './pipelineOutput';
export type { PipelineOutput } from './pipelineOutput';
export { requestStatus } from './requestStatus';
export type { RequestPhase } from './requestStatus';
