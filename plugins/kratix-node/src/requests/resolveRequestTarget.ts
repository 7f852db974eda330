import type { PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  KratixPromise,
  KratixPromiseApi,
  NAMESPACE_NAME_RULE,
  RESOURCE_REQUEST_NAME_RULE,
  isValidNamespaceName,
  isValidResourceRequestName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';
import type { KratixClusterService } from '../service/KratixClusterService';
import type { KratixScaffolderConfig } from '../config/readKratixScaffolderConfig';
import { PromiseTarget, resolvePromiseApi } from './resolvePromiseApi';

/**
 * What every Kratix action is built with.
 *
 * @public
 */
export interface KratixActionOptions {
  clusters: KratixClusterService;
  permissions: PermissionsService;
  config: KratixScaffolderConfig;
}

/**
 * The object a step is about, once its cluster, Promise and API are known.
 *
 * @public
 */
export interface RequestTarget {
  cluster: string;
  client: KratixKubernetesClient;
  promise: KratixPromise;
  promiseName: string;
  api: KratixPromiseApi;
  name: string;
  namespace?: string;
  /** `redis 'cache' in namespace 'default' on cluster 'platform'`, for messages. */
  description: string;
  /** The catalog entity the Kratix entity provider will make of it. */
  entityRef: string;
  /** A link to it, when one can be made. */
  url?: string;
}

/**
 * Throws an InputError unless Kratix and the API server take the name and namespace.
 *
 * @public
 */
export function validateObjectName(name: string, namespace?: string): void {
  if (!isValidResourceRequestName(name)) {
    throw new InputError(
      `name '${name}' is not a valid Kubernetes name for a resource request: use ${RESOURCE_REQUEST_NAME_RULE}`,
    );
  }
  if (namespace !== undefined && !isValidNamespaceName(namespace)) {
    throw new InputError(
      `namespace '${namespace}' is not a valid Kubernetes namespace: use ${NAMESPACE_NAME_RULE}`,
    );
  }
}

function resourceUrl(
  options: KratixActionOptions,
  target: Omit<RequestTarget, 'url' | 'description' | 'entityRef'>,
): string | undefined {
  const { api, cluster, name, namespace } = target;
  const template = options.config.resourceUrlTemplate;
  if (template) {
    const values: Record<string, string> = {
      cluster,
      namespace: namespace ?? '',
      name,
      kind: api.kind,
      group: api.group,
      version: api.version,
      apiVersion: api.apiVersion,
      plural: api.plural,
      promise: target.promiseName,
    };
    return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
      key in values ? encodeURIComponent(values[key]) : whole,
    );
  }
  const server = options.clusters
    .listClusters()
    .find(c => c.name === cluster)?.url;
  if (!server) return undefined;
  return `${server.replace(/\/+$/, '')}/apis/${api.group}/${api.version}/${
    namespace ? `namespaces/${encodeURIComponent(namespace)}/` : ''
  }${api.plural}/${encodeURIComponent(name)}`;
}

/**
 * Resolves a step's cluster, Promise and API (see {@link resolvePromiseApi}) and the request's namespace, and
 * checks the name; nothing is written.
 *
 * @public
 */
export async function resolveRequestTarget(
  options: KratixActionOptions,
  input: PromiseTarget & { cluster?: string; name: string; namespace?: string },
  resolveOptions: { requireAvailable?: boolean } = {},
): Promise<RequestTarget> {
  const cluster =
    input.cluster ||
    options.config.cluster ||
    options.clusters.getDefaultClusterName();
  const client = options.clusters.getClient(cluster);
  const { promise, promiseName, api } = await resolvePromiseApi(
    client,
    input,
    resolveOptions,
  );

  // Every Promise API is namespaced (resolvePromiseApi refuses the others, as Kratix does).
  const namespace = input.namespace || options.config.defaultNamespace;
  validateObjectName(input.name, namespace);

  const base = {
    cluster,
    client,
    promise,
    promiseName,
    api,
    name: input.name,
    namespace,
  };
  const entity = options.config.entityRefSettings(cluster);
  return {
    ...base,
    description: `${api.kind} '${input.name}'${
      namespace ? ` in namespace '${namespace}'` : ''
    } on cluster '${cluster}'`,
    entityRef: stringifyEntityRef({
      kind: entity.kind,
      namespace: entity.namespace,
      name: resourceRequestEntityName({
        cluster,
        namespace,
        name: input.name,
        kind: api.kind,
        group: api.group,
      }),
    }),
    url: resourceUrl(options, base),
  };
}
