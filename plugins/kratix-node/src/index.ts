/**
 * The Kubernetes adapter of the Kratix Backstage plugins: cluster configuration (`kratix.clusters`), a per-cluster
 * client with discovery, paged lists, watches, informers and the status subresource, and Kubernetes errors
 * translated to `@backstage/errors`.
 *
 * @packageDocumentation
 */

export { readClusterConfig } from './config/readClusterConfig';
export type {
  KratixClusterAuth,
  KratixClusterConfig,
} from './config/readClusterConfig';
export { KratixKubernetesClient } from './client/KratixKubernetesClient';
export type {
  KratixInformerOptions,
  KratixKubernetesClientOptions,
} from './client/KratixKubernetesClient';
export { KratixInformer } from './client/KratixInformer';
export type {
  KratixInformerBackoff,
  KratixInformerEvent,
  KratixInformerListener,
} from './client/KratixInformer';
export { trimObjectForCache } from './client/trimObjectForCache';
export type { KratixCacheTransform } from './client/trimObjectForCache';
export type * from './client/types';
export {
  toBackstageError,
  isKubernetesStatus,
  isResourceExpired,
} from './errors/toBackstageError';
export type {
  KubernetesErrorContext,
  KubernetesStatus,
  KubernetesStatusCause,
  KubernetesStatusDetails,
} from './errors/toBackstageError';
export {
  KratixCoreApiUnavailableError,
  isKratixCoreApiUnavailableError,
} from './errors/KratixCoreApiUnavailableError';
export { kratixClusterServiceRef } from './service/kratixClusterServiceRef';
export { DefaultKratixClusterService } from './service/DefaultKratixClusterService';
export type {
  KratixClusterInfo,
  KratixClusterService,
} from './service/KratixClusterService';
export { kratixInformerServiceRef } from './informers/kratixInformerServiceRef';
export { DefaultKratixInformerService } from './informers/DefaultKratixInformerService';
export type {
  KratixInformerLease,
  KratixInformerSelection,
  KratixInformerService,
} from './informers/KratixInformerService';
export {
  decodeWorkload,
  decodeWorkloadOnce,
  placementWorkloads,
  workOfPlacement,
} from './workloads/decodeWorkloads';
export {
  CrossplaneKinds,
  compositeScope,
  isCompositeResourceDefinition,
} from './crossplane/CrossplaneKinds';
export type { CrossplaneKind } from './crossplane/CrossplaneKinds';
export {
  crossplaneChildren,
  crossplaneRoleOf,
  placedObjectRef,
} from './crossplane/crossplaneObjects';
export type {
  CrossplaneObjectRef,
  CrossplaneObjectRole,
  CrossplaneObjectShape,
} from './crossplane/crossplaneObjects';
export {
  destinationClusterOf,
  destinationClusterProblem,
  readDestinationClusterRules,
} from './destinations/destinationClusters';
export type { DestinationClusterRules } from './destinations/destinationClusters';
export {
  DEFAULT_ENTITY_KIND,
  DEFAULT_ENTITY_NAMESPACE,
  DEFAULT_REQUEST_NAMESPACE,
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  readKratixScaffolderConfig,
} from './config/readKratixScaffolderConfig';
export type {
  KratixNamespaceRule,
  KratixScaffolderConfig,
} from './config/readKratixScaffolderConfig';
export { applyResourceRequest } from './requests/applyResourceRequest';
export type { ApplyResult, IfExists } from './requests/applyResourceRequest';
export { authorizeKratixAction } from './requests/authorizeKratixAction';
export type { KratixPromiseAuthorization } from './requests/authorizeKratixAction';
export { buildResourceRequest } from './requests/buildResourceRequest';
export type { RequestProvenance } from './requests/buildResourceRequest';
export {
  allowedNamespaces,
  checkNamespacePolicy,
} from './requests/checkNamespacePolicy';
export { normalizeOwner } from './requests/normalizeOwner';
export {
  authorizeResourceUpdate,
  prepareResourceRequest,
} from './requests/prepareResourceRequest';
export {
  getResourceRequest,
  prepareResourceDelete,
} from './requests/prepareResourceDelete';
export type { PreparedResourceDelete } from './requests/prepareResourceDelete';
export type {
  PreparedResourceRequest,
  ResourceRequestInput,
} from './requests/prepareResourceRequest';
export { resolvePromiseApi } from './requests/resolvePromiseApi';
export type {
  PromiseTarget,
  ResolvedPromiseApi,
} from './requests/resolvePromiseApi';
export {
  resolveRequestTarget,
  validateObjectName,
} from './requests/resolveRequestTarget';
export type {
  KratixActionOptions,
  RequestTarget,
} from './requests/resolveRequestTarget';
export { describeViolations, validateSpec } from './requests/validateSpec';
export type { SpecViolation } from './requests/validateSpec';
export {
  readPromiseRevisions,
  readResourceBinding,
  readResourceBindings,
  setResourceBindingVersion,
} from './versions/resourceBindings';
export { prepareVersionChange } from './requests/prepareVersionChange';
export type {
  PreparedVersionChange,
  VersionChangeInput,
} from './requests/prepareVersionChange';
