import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DestinationClusterRules,
  readDestinationClusterRules,
} from '@kratix-backstage/plugin-kratix-node';

/** Answers are reused this long per caller, entity and route unless configured. */
export const DEFAULT_CACHE_TTL_MS = 5_000;
/** One cluster call may take this long unless configured. */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 10_000;
/** Log lines returned when the caller asks for none. */
export const DEFAULT_LOG_TAIL_LINES = 1_000;
/** Most bytes of log one answer carries (256 KiB). */
export const DEFAULT_MAX_LOG_BYTES = 256 * 1024;
/** Depth of the Crossplane tree below its root. */
export const DEFAULT_CROSSPLANE_MAX_DEPTH = 5;
/** Objects in one Crossplane tree. */
export const DEFAULT_CROSSPLANE_MAX_NODES = 200;
/** Objects stay watched this long after the last question about them. */
export const DEFAULT_SIGNALS_IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * The settings of the Kratix backend plugin, from `kratix.backend` and `kratix.destinations`.
 *
 * @public
 */
export interface KratixBackendConfig {
  cacheTtlMs: number;
  clusterTimeoutMs: number;
  defaultLogTailLines: number;
  maxLogBytes: number;
  crossplaneMaxDepth: number;
  crossplaneMaxNodes: number;
  signals: { enabled: boolean; idleTimeoutMs: number };
  /** How Destinations map to clusters (`kratix.destinations`), as the catalog maps them. */
  destinations: DestinationClusterRules;
}

function nonNegative(
  config: Config | undefined,
  key: string,
  fallback: number,
  path: string,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(
      `${path}.${key} must be a number of 0 or more, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `kratix.backend` and `kratix.destinations`, with named defaults; throws an `InputError` naming a wrong key.
 *
 * @public
 */
export function readKratixBackendConfig(
  config: Config,
  options: { logger?: LoggerService } = {},
): KratixBackendConfig {
  const backend = config.getOptionalConfig('kratix.backend');
  const path = 'kratix.backend';
  const signals = backend?.getOptionalConfig('signals');
  return {
    cacheTtlMs: nonNegative(backend, 'cacheTtlMs', DEFAULT_CACHE_TTL_MS, path),
    clusterTimeoutMs: nonNegative(
      backend,
      'clusterTimeoutMs',
      DEFAULT_CLUSTER_TIMEOUT_MS,
      path,
    ),
    defaultLogTailLines: nonNegative(
      backend,
      'defaultLogTailLines',
      DEFAULT_LOG_TAIL_LINES,
      path,
    ),
    maxLogBytes: nonNegative(
      backend,
      'maxLogBytes',
      DEFAULT_MAX_LOG_BYTES,
      path,
    ),
    crossplaneMaxDepth: nonNegative(
      backend,
      'crossplaneMaxDepth',
      DEFAULT_CROSSPLANE_MAX_DEPTH,
      path,
    ),
    crossplaneMaxNodes: nonNegative(
      backend,
      'crossplaneMaxNodes',
      DEFAULT_CROSSPLANE_MAX_NODES,
      path,
    ),
    signals: {
      enabled: signals?.getOptionalBoolean('enabled') ?? true,
      idleTimeoutMs: nonNegative(
        signals,
        'idleTimeoutMs',
        DEFAULT_SIGNALS_IDLE_TIMEOUT_MS,
        `${path}.signals`,
      ),
    },
    destinations: readDestinationClusterRules(config, options),
  };
}
