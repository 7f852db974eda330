import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isPromiseAvailable,
  KRATIX_LABELS,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import { kratixResourceRequestPermission } from '@kratix-backstage/plugin-kratix-common';
import {
  authorizeKratixAction,
  KratixActionOptions,
} from '@kratix-backstage/plugin-kratix-node';
import type { z as zod } from 'zod/v3';
import type { KratixBackendConfig } from '../config/readKratixBackendConfig';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';

/** The zod the actions registry hands to schema functions. */
export type Zod = typeof zod;

/** What the Kratix actions of the actions registry are built with. */
export interface KratixRegistryActionOptions extends KratixActionOptions {
  calls: ClusterCalls;
  catalog: CatalogService;
  settings: KratixBackendConfig;
}

/** The caller's user entity ref, when the caller is a user. */
export function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  return principal.type === 'user' ? principal.userEntityRef : undefined;
}

/** The checks of the shared request code, run as the caller. */
export function callerContext(credentials: BackstageCredentials) {
  const user = userOf(credentials);
  return {
    getInitiatorCredentials: async () => credentials,
    ...(user && { user: { ref: user } }),
  };
}

/** The cluster a call names, else `kratix.scaffolder.cluster`, else the default cluster. */
export function clusterOf(
  options: KratixRegistryActionOptions,
  cluster: string | undefined,
): string {
  return (
    cluster ||
    options.config.cluster ||
    options.clusters.getDefaultClusterName()
  );
}

/** The input that names a platform cluster. */
export const clusterField = (z: Zod) =>
  z
    .string()
    .optional()
    .describe(
      'Platform cluster, as kratix:list-promises names it; leave out for the default one',
    );

/** What an assistant reads of a Promise besides its API: availability, version and description. */
export function promiseFacts(promise: KratixPromise) {
  const version =
    promise.status?.version ??
    promise.metadata.labels?.[KRATIX_LABELS.promiseVersion];
  const description =
    promise.metadata.annotations?.['backstage.io/description'];
  return {
    availability: isPromiseAvailable(promise)
      ? ('available' as const)
      : ('unavailable' as const),
    ...(version && { version }),
    ...(description && { description }),
  };
}

/** The outputs of {@link promiseFacts}. */
export const promiseFactsOutput = (z: Zod) => ({
  availability: z
    .enum(['available', 'unavailable'])
    .describe('Whether Kratix reports the Promise Available'),
  version: z.string().optional().describe('Promise version'),
  description: z.string().optional(),
});

/** The caller's `kratix.resource.request` permission; its conditions are settled per Promise by `forPromise`. */
export function authorizeRequests(
  options: KratixRegistryActionOptions,
  credentials: BackstageCredentials,
  doing: string,
) {
  return authorizeKratixAction({
    permissions: options.permissions,
    credentials,
    permission: kratixResourceRequestPermission,
    doing,
    user: userOf(credentials),
  });
}

/** Inputs that name a resource request. */
export const requestRefFields = (z: Zod) => ({
  cluster: clusterField(z),
  promise: z
    .string()
    .describe('Name of the Promise the request is for, e.g. `redis`'),
  name: z
    .string()
    .describe(
      'Name of the resource request: a Kubernetes name (lower-case letters, digits and `-`, at most 63 characters)',
    ),
  namespace: z
    .string()
    .optional()
    .describe(
      "Namespace of the request; leave out for the portal's default namespace",
    ),
});

/** Inputs that say what a request holds and who owns it. */
export const requestContentFields = (z: Zod) => ({
  spec: z
    .record(z.any())
    .optional()
    .describe(
      "The request's spec, following the JSON Schema kratix:describe-promise gives; checked against it before anything is sent",
    ),
  owner: z
    .string()
    .optional()
    .describe(
      'Entity ref of the owning team, e.g. `group:default/team-a`; the request shows under this owner in the catalog',
    ),
  labels: z
    .record(z.string())
    .optional()
    .describe('Extra Kubernetes labels for the request'),
  annotations: z
    .record(z.string())
    .optional()
    .describe('Extra Kubernetes annotations for the request'),
});

/** Outputs that name a resource request. */
export const requestRefOutput = (z: Zod) => ({
  cluster: z.string().describe('Platform cluster of the request'),
  promise: z.string().describe('Promise of the request'),
  apiVersion: z.string().describe('apiVersion of the request'),
  kind: z.string().describe('kind of the request'),
  namespace: z.string().optional().describe('Namespace of the request'),
  name: z.string().describe('Name of the request'),
  entityRef: z
    .string()
    .describe('Catalog entity of the request, once the catalog has read it'),
});

/** The naming outputs of a resolved request. */
export function refOutput(target: {
  cluster: string;
  promiseName: string;
  api: { apiVersion: string; kind: string };
  namespace?: string;
  name: string;
  entityRef: string;
}) {
  return {
    cluster: target.cluster,
    promise: target.promiseName,
    apiVersion: target.api.apiVersion,
    kind: target.api.kind,
    ...(target.namespace !== undefined && { namespace: target.namespace }),
    name: target.name,
    entityRef: target.entityRef,
  };
}
