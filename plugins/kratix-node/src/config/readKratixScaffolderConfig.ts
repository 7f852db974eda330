import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Namespace of a namespaced request when neither the step nor the config names one.
 *
 * @public
 */
export const DEFAULT_REQUEST_NAMESPACE = 'default';
/**
 * How long `wait: true` waits when neither the step nor the config says.
 *
 * @public
 */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
/**
 * Catalog namespace of request entities when neither this config nor the catalog provider's says.
 *
 * @public
 */
export const DEFAULT_ENTITY_NAMESPACE = 'default';
/**
 * Catalog kind of request entities when neither this config nor the catalog provider's says.
 *
 * @public
 */
export const DEFAULT_ENTITY_KIND = 'Resource';

/**
 * One rule of `kratix.scaffolder.namespacePolicy`.
 *
 * @public
 */
export interface KratixNamespaceRule {
  /** Owner entity refs the rule applies to; every owner when undefined. */
  owners?: string[];
  /** Promise names the rule applies to; every Promise when undefined. */
  promises?: string[];
  /** Allowed namespaces; `*` matches any run of characters. */
  namespaces: string[];
}

/**
 * The parsed `kratix.scaffolder` config block.
 *
 * @public
 */
export interface KratixScaffolderConfig {
  /** Cluster used when a step names none; undefined means the `kratix.clusters` default. */
  cluster?: string;
  defaultNamespace: string;
  waitTimeoutSeconds: number;
  resourceUrlTemplate?: string;
  namespacePolicy: KratixNamespaceRule[];
  /** The catalog namespace and kind the Kratix entity provider gives request entities of a cluster. */
  entityRefSettings(cluster: string): { namespace: string; kind: string };
}

function readStringList(config: Config, key: string): string[] | undefined {
  const list = config.getOptionalStringArray(key);
  if (list && list.length === 0) {
    throw new InputError(
      `kratix.scaffolder.namespacePolicy: '${key}' is empty; leave it out to match everything`,
    );
  }
  return list;
}

function readNamespacePolicy(config: Config): KratixNamespaceRule[] {
  const rules = config.getOptionalConfigArray('namespacePolicy') ?? [];
  return rules.map(rule => ({
    owners: readStringList(rule, 'owners')?.map(o => o.toLowerCase()),
    promises: readStringList(rule, 'promises'),
    namespaces: rule.getStringArray('namespaces'),
  }));
}

// The catalog provider's own settings, so `entityRef` names the entity that provider will actually create.
function readCatalogProviderSettings(
  root: Config,
): Array<{ cluster?: string; namespace?: string; kind?: string }> {
  const providers = root.getOptionalConfig('catalog.providers.kratix');
  if (!providers) return [];
  return providers.keys().map(id => {
    const provider = providers.getConfig(id);
    return {
      cluster: provider.getOptionalString('cluster'),
      namespace: provider.getOptionalString('entityNamespace'),
      kind: provider.getOptionalString('resourceRequests.entityKind'),
    };
  });
}

/**
 * Reads `kratix.scaffolder` (and, for entity refs, `catalog.providers.kratix`) with the documented defaults.
 *
 * @public
 */
export function readKratixScaffolderConfig(
  root: Config,
  options: { defaultCluster?: () => string | undefined } = {},
): KratixScaffolderConfig {
  const config = root.getOptionalConfig('kratix.scaffolder');
  const read = <T>(fn: (c: Config) => T | undefined): T | undefined =>
    config ? fn(config) : undefined;

  const waitTimeoutSeconds =
    read(c => c.getOptionalNumber('wait.timeoutSeconds')) ??
    DEFAULT_WAIT_TIMEOUT_SECONDS;
  if (!(waitTimeoutSeconds > 0)) {
    throw new InputError(
      `kratix.scaffolder.wait.timeoutSeconds must be a positive number, not ${waitTimeoutSeconds}`,
    );
  }
  const entityKind = read(c => c.getOptionalString('entityKind'));
  if (entityKind && entityKind !== 'Resource' && entityKind !== 'Component') {
    throw new InputError(
      `kratix.scaffolder.entityKind must be 'Resource' or 'Component', not '${entityKind}'`,
    );
  }
  const entityNamespace = read(c => c.getOptionalString('entityNamespace'));
  const providers = readCatalogProviderSettings(root);

  return {
    cluster: read(c => c.getOptionalString('cluster')),
    defaultNamespace:
      read(c => c.getOptionalString('defaultNamespace')) ??
      DEFAULT_REQUEST_NAMESPACE,
    waitTimeoutSeconds,
    resourceUrlTemplate: read(c => c.getOptionalString('links.resourceUrl')),
    namespacePolicy: read(readNamespacePolicy) ?? [],
    entityRefSettings(cluster) {
      const provider = providers.find(
        p => (p.cluster ?? options.defaultCluster?.()) === cluster,
      );
      return {
        namespace:
          entityNamespace ?? provider?.namespace ?? DEFAULT_ENTITY_NAMESPACE,
        kind: entityKind ?? provider?.kind ?? DEFAULT_ENTITY_KIND,
      };
    },
  };
}
