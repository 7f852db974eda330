/**
 * Test helpers: real Kubernetes API servers on loopback and the shared
 * upstream Kratix and Crossplane fixtures.
 *
 * @packageDocumentation
 */
export { TestCluster } from './TestCluster';
export type { TestClusterOptions } from './TestCluster';
export {
  startTestPlatform,
  describeCluster,
  adminConnection,
  writeClusterFile,
} from './testPlatform';
export type {
  TestPlatform,
  TestPlatformOptions,
  ClusterDescription,
} from './testPlatform';
export { kubeRequest, KubeRequestError } from './kubeRequest';
export { dryRunVerdict } from './dryRunVerdict';
export type { KubeConnection } from './kubeRequest';
export { applyCrd, applyCrds, promiseApiCrd, readYamlDocuments } from './crds';
export {
  PRESERVE_UNKNOWN_FIELDS,
  customResourceDefinition,
  looseCrd,
} from './customResourceDefinition';
export type {
  CrdVersionOptions,
  CustomResourceDefinitionOptions,
  LooseCrdOptions,
} from './customResourceDefinition';
export { encodeWorkload, decodeWorkload } from './workloads';
export { createOrReplace } from './createOrReplace';
export { patchStatus } from './patchStatus';
export { installPromise } from './installPromise';
export type { InstallPromiseOptions } from './installPromise';
export { eventually } from './eventually';
export {
  apiServerRequestSamples,
  readResourceRequests,
} from './resourceRequests';
export type {
  ApiServerRequestSample,
  ResourceRequests,
} from './resourceRequests';
export {
  fixturesDir,
  hasFixtures,
  requireFixtures,
  missingFixturesMessage,
  describeWithFixtures,
  loadFixture,
  listFixtures,
  kratixFixtureDocuments,
  fixtureSchemas,
  kratixCrdFiles,
  crossplaneCrdFiles,
} from './fixtures';
export {
  kubeApiServerBinary,
  kubeControlPlaneBinary,
  repoRoot,
} from './binary';
export { createNamespace, serviceAccountToken, withToken } from './identities';
export type { ServiceAccountTokenOptions } from './identities';
export { setPodLogs } from './podLogs';
export {
  kratixPipelineId,
  kratixPipelineJob,
  kratixPipelineJobName,
} from './pipelineJob';
export {
  grantRole,
  readmeClusterRole,
  tokenWithClusterRole,
  tokenWithNamespacedRole,
} from './readmeRbac';
export type { NamespacedRoleOptions } from './readmeRbac';
export type { KratixPipelineJobOptions } from './pipelineJob';
export type { PodLogsOptions } from './podLogs';
export { testClusterSkipReason } from './testClusterSkipReason';
export { kratixClusterConfig } from './kratixClusterConfig';
export type { KratixClusterConfigOptions } from './kratixClusterConfig';
export { kratixCatalogConfig } from './kratixCatalogConfig';
export type { KratixCatalogConfigOptions } from './kratixCatalogConfig';
export * from './testPostgres';
export { claimXrd } from './crossplaneXrd';
export type { ClaimXrdOptions } from './crossplaneXrd';
export {
  installPromiseRevisions,
  installResourceBinding,
  promiseRevisionsPath,
  recordUpgrade,
  resourceBindingsPath,
} from './promiseVersions';
