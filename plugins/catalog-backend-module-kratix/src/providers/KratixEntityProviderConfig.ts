import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  DestinationClusterRules,
  readDestinationClusterRules,
} from '@kratix-backstage/plugin-kratix-node';
/** Owner of entities when nothing else names one. */
export const DEFAULT_OWNER = 'unknown';
/** Catalog namespace of the entities, unless configured otherwise. */
export const DEFAULT_ENTITY_NAMESPACE = 'default';
/** How often the full resync runs, and how long one run holds the watches. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};
/** How long a run waits for every source's first list before it publishes what it has. */
export const DEFAULT_SYNC_TIMEOUT: HumanDuration = { seconds: 60 };
/** Objects per LIST request (`limit`), unless configured otherwise. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * One `catalog.providers.kratix.<id>` block, validated, with its defaults applied.
 */
export interface KratixEntityProviderConfig {
  id: string;
  /** Name under `kratix.clusters` of the platform cluster; the default cluster when absent. */
  cluster?: string;
  entityNamespace: string;
  /** How Destinations map to clusters: `kratix.destinations`, shared with the Kratix backend. */
  destinations: DestinationClusterRules;
  namespaces: { include?: string[]; exclude: string[] };
  owner: { default: string; namespaces: Record<string, string> };
  resourceRequests: {
    entityKind: 'Resource' | 'Component';
    /** Give requests the core Kubernetes plugin's annotations. */
    kubernetesAnnotations: boolean;
  };
  templates: { enabled: boolean };
  crossplane: {
    enabled: boolean;
    managedResources: boolean;
    xrds: boolean;
  };
  schedule: SchedulerServiceTaskScheduleDefinition;
  syncTimeoutMs: number;
  /** Objects per LIST request of every list and informer. */
  pageSize: number;
}

/** Reads every block under `catalog.providers.kratix`; throws an `InputError` naming the wrong key. */
export function readKratixEntityProviderConfigs(
  config: Config,
  options: { logger?: LoggerService } = {},
): KratixEntityProviderConfig[] {
  const providers = config.getOptionalConfig('catalog.providers.kratix');
  if (!providers) return [];
  const destinations = readDestinationClusterRules(config, options);
  return providers
    .keys()
    .map(id => readOne(id, providers.getConfig(id), destinations));
}

function readOne(
  id: string,
  c: Config,
  destinations: DestinationClusterRules,
): KratixEntityProviderConfig {
  const at = `catalog.providers.kratix.${id}`;
  const entityKind =
    c.getOptionalString('resourceRequests.entityKind') ?? 'Resource';
  if (entityKind !== 'Resource' && entityKind !== 'Component') {
    throw new InputError(
      `${at}.resourceRequests.entityKind is '${entityKind}'; use Resource or Component`,
    );
  }
  const defaultOwner = readOwner(c, 'owner.default', at) ?? DEFAULT_OWNER;
  const ownerNamespaces: Record<string, string> = {};
  const ownerMap = c.getOptionalConfig('owner.namespaces');
  for (const ns of ownerMap?.keys() ?? []) {
    ownerNamespaces[ns] = readOwner(c, `owner.namespaces.${ns}`, at)!;
  }
  const schedule = c.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        c.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;
  const syncTimeoutSeconds = c.getOptionalNumber('syncTimeoutSeconds');
  if (syncTimeoutSeconds !== undefined && !(syncTimeoutSeconds > 0)) {
    throw new InputError(
      `${at}.syncTimeoutSeconds must be a positive number of seconds`,
    );
  }
  const pageSize = c.getOptionalNumber('pageSize') ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InputError(
      `${at}.pageSize is ${pageSize}; use a whole number of objects per list request, at least 1 (default ${DEFAULT_PAGE_SIZE})`,
    );
  }
  return {
    id,
    cluster: c.getOptionalString('cluster'),
    entityNamespace:
      c.getOptionalString('entityNamespace') ?? DEFAULT_ENTITY_NAMESPACE,
    destinations,
    namespaces: {
      include: c.getOptionalStringArray('namespaces.include'),
      exclude: c.getOptionalStringArray('namespaces.exclude') ?? [],
    },
    owner: { default: defaultOwner, namespaces: ownerNamespaces },
    resourceRequests: {
      entityKind,
      kubernetesAnnotations:
        c.getOptionalBoolean('resourceRequests.kubernetesAnnotations') ?? false,
    },
    templates: { enabled: c.getOptionalBoolean('templates.enabled') ?? true },
    crossplane: {
      enabled: c.getOptionalBoolean('crossplane.enabled') ?? true,
      managedResources:
        c.getOptionalBoolean('crossplane.managedResources') ?? false,
      xrds: c.getOptionalBoolean('crossplane.xrds') ?? true,
    },
    schedule,
    syncTimeoutMs:
      syncTimeoutSeconds !== undefined
        ? syncTimeoutSeconds * 1000
        : durationToMilliseconds(DEFAULT_SYNC_TIMEOUT),
    pageSize,
  };
}

function readOwner(c: Config, key: string, at: string): string | undefined {
  const value = c.getOptionalString(key);
  if (value === undefined) return undefined;
  try {
    parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${at}.${key} '${value}' is not an entity reference; use e.g. group:default/platform-team`,
    );
  }
  return value;
}

/** How long a run of the scheduled task holds its watches: the task's timeout minus a margin to stop cleanly. */
export function holdDurationMs(
  schedule: SchedulerServiceTaskScheduleDefinition,
): number {
  const timeout =
    typeof schedule.timeout === 'object'
      ? durationToMilliseconds(schedule.timeout)
      : durationToMilliseconds(DEFAULT_SCHEDULE.timeout as HumanDuration);
  const margin = Math.min(60_000, timeout * 0.1);
  return Math.max(0, timeout - margin);
}
