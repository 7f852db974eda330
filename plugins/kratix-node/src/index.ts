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
