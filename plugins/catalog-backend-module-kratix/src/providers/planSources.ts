import {
  CROSSPLANE_APIEXTENSIONS_GROUP,
  getPromiseApi,
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KratixPromise,
} from '@kratix-backstage/plugin-kratix-common';
import type {
  BuildEntitiesResult,
  KratixSnapshot,
} from '../transformers/buildEntities';
import type { SnapshotPart } from '../transformers/incrementalEntities';

/** What a source of the provider reads, and so which part of the snapshot its objects go to. */
export type IngestionRole = SnapshotPart;

/** One kind to read on one cluster (in one namespace, or all of them). */
export interface SourceSpec {
  cluster: string;
  apiVersion: string;
  kind: string;
  /** Read only this namespace (with `namespaces.include`); the whole cluster when absent. */
  namespace?: string;
  role: IngestionRole;
}

/** What of the provider's configuration decides what to read. */
export interface SourcePlanConfig {
  platformCluster: string;
  namespaces: { include?: string[]; exclude: string[] };
  crossplaneEnabled: boolean;
}

/** What the transformers found that leads to more reads: the Destinations' clusters and the Crossplane kinds. */
export type SourcePlanLeads = Pick<
  BuildEntitiesResult,
  'workerClusters' | 'watch'
>;

const XRD_API_VERSION = `${CROSSPLANE_APIEXTENSIONS_GROUP}/v1`;
const XRD_KIND = 'CompositeResourceDefinition';

/** The roles whose objects live in the namespaces of requests, read per namespace with `namespaces.include`. */
const NAMESPACED_ROLES: ReadonlySet<IngestionRole> = new Set([
  'requests',
  'works',
  'workPlacements',
  'resourceBindings',
]);

/**
 * Roles whose kinds a platform may not serve (Kratix before Promise versions): their absence only leaves the
 * entities without version details, so it counts as empty at once, with nothing to warn about.
 */
export const OPTIONAL_ROLES: ReadonlySet<IngestionRole> = new Set([
  'promiseRevisions',
  'resourceBindings',
]);

/** The identity of a source: two specs with the same id read the same objects. */
export const sourceId = (s: SourceSpec) =>
  `${s.cluster} ${s.apiVersion} ${s.kind} ${s.namespace ?? ''}`;

/** A source in words, for log messages. */
export const describeSource = (s: SourceSpec) =>
  `${s.kind} (${s.apiVersion}) ${
    s.namespace ? `in namespace '${s.namespace}' ` : ''
  }on cluster '${s.cluster}'`;

/**
 * A source on the platform cluster: cluster-wide, or with `namespaces.include` one per included namespace (so
 * RBAC limited to those namespaces is enough). Cluster-scoped kinds in those roles are then not read at all: no
 * request outside a namespace is in scope.
 */
function onPlatform(
  config: SourcePlanConfig,
  spec: Omit<SourceSpec, 'cluster'>,
  namespaced = true,
): SourceSpec[] {
  const { include, exclude } = config.namespaces;
  const base = { ...spec, cluster: config.platformCluster };
  if (!include || !NAMESPACED_ROLES.has(spec.role)) return [base];
  if (!namespaced) return [];
  return include
    .filter(namespace => !exclude.includes(namespace))
    .map(namespace => ({ ...base, namespace }));
}

/** The Kratix kinds every run reads first, on the platform cluster. */
export function platformSources(config: SourcePlanConfig): SourceSpec[] {
  const roles: Array<[IngestionRole, string]> = [
    ['promises', KRATIX_KINDS.promise],
    ['destinations', KRATIX_KINDS.destination],
    ['works', KRATIX_KINDS.work],
    ['workPlacements', KRATIX_KINDS.workPlacement],
    ['promiseRevisions', KRATIX_KINDS.promiseRevision],
    ['resourceBindings', KRATIX_KINDS.resourceBinding],
  ];
  return roles.flatMap(([role, kind]) =>
    onPlatform(config, { apiVersion: KRATIX_API_VERSION, kind, role }),
  );
}

/**
 * Every source to read, given what has been read so far: the platform's Kratix kinds, the API kind of each Promise
 * (its resource requests), and with Crossplane on, the XRDs of each Destination's cluster and the Crossplane kinds
 * the requests lead to. Pure: reading what it returns and planning again converges once nothing new is found.
 */
export function planSources(
  snapshot: Pick<KratixSnapshot, 'promises'>,
  leads: SourcePlanLeads,
  config: SourcePlanConfig,
): SourceSpec[] {
  const specs = platformSources(config);
  for (const promise of snapshot.promises as KratixPromise[]) {
    const api = getPromiseApi(promise);
    if (api)
      specs.push(
        ...onPlatform(
          config,
          { apiVersion: api.apiVersion, kind: api.kind, role: 'requests' },
          api.scope !== 'Cluster',
        ),
      );
  }
  if (config.crossplaneEnabled) {
    for (const cluster of leads.workerClusters) {
      specs.push({
        cluster,
        apiVersion: XRD_API_VERSION,
        kind: XRD_KIND,
        role: 'xrds',
      });
    }
    for (const target of leads.watch)
      specs.push({ ...target, role: 'crossplane' });
  }
  return specs;
}
