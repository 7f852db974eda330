import { createHash } from 'crypto';
import {
  clusterDestination,
  configurePipelines,
  readyStateStore,
  requestStatus as kratixRequestStatus,
  RequestPhase,
} from '@kratix-backstage/demo-platform';
import { BenchPromise } from './benchPromises';
import { KindRef } from './kinds';
import { sampleSpec } from './sampleSpec';

const KRATIX = 'platform.kratix.io/v1alpha1';

/** Kratix's own kinds the benchmark writes. */
export const KRATIX_KINDS: Record<string, KindRef> = {
  promise: {
    apiVersion: KRATIX,
    kind: 'Promise',
    plural: 'promises',
    namespaced: false,
  },
  destination: {
    apiVersion: KRATIX,
    kind: 'Destination',
    plural: 'destinations',
    namespaced: false,
  },
  bucketStateStore: {
    apiVersion: KRATIX,
    kind: 'BucketStateStore',
    plural: 'bucketstatestores',
    namespaced: false,
  },
  work: { apiVersion: KRATIX, kind: 'Work', plural: 'works', namespaced: true },
  workPlacement: {
    apiVersion: KRATIX,
    kind: 'WorkPlacement',
    plural: 'workplacements',
    namespaced: true,
  },
};

/** Namespaces the requests are spread over. */
export const REQUEST_NAMESPACES = 20;

/** The state store and one Destination per worker cluster, each standing for its cluster through a label. */
export function destinationObjects(workers: string[], at: string): any[] {
  const store = readyStateStore(
    'BucketStateStore',
    {
      endpoint: 'minio.kratix-platform-system.svc.cluster.local',
      insecure: true,
      bucketName: 'kratix',
      secretRef: { name: 'minio-credentials', namespace: 'default' },
    },
    at,
  );
  const destinations = workers.map(worker =>
    clusterDestination(worker, 'dev', at, 'BucketStateStore'),
  );
  return [store, ...destinations];
}

/** Where a request stands: most are ready, a few failed or still running. */
export type RequestState = 'ready' | 'failed' | 'in-progress';

/** The state of request number `index`: 2% failed, 2% in progress, the rest ready. */
export function requestState(index: number): RequestState {
  if (index % 50 === 7) return 'failed';
  if (index % 50 === 13) return 'in-progress';
  return 'ready';
}

/**
 * The pipeline whose output goes into a request's Work: the Promise's first resource configure pipeline, else
 * `instance-configure`.
 */
export function pipelineName(p: BenchPromise): string {
  return configurePipelines(p.promise)[0] ?? 'instance-configure';
}

/** Where a request in `state` is in its configure workflow. */
function phaseOf(state: RequestState): RequestPhase {
  switch (state) {
    case 'failed':
      return {
        phase: 'failed',
        pipeline: 0,
        message: 'container exited with code 1',
      };
    case 'in-progress':
      return { phase: 'running', pipeline: 0 };
    default:
      return { phase: 'ready', fields: { healthStatus: { state: 'healthy' } } };
  }
}

/**
 * The status Kratix writes on a resource request at generation 1. It lists one configure pipeline, the one the
 * request's Work names, whatever its Promise declares.
 */
function requestStatus(p: BenchPromise, state: RequestState, at: string) {
  return kratixRequestStatus(p.promise, phaseOf(state), 1, at, [
    pipelineName(p),
  ]);
}

/** Name and namespace of request number `index` of a Promise. */
export function requestCoordinates(p: BenchPromise, index: number) {
  return {
    name: `${p.name}-${String(index).padStart(6, '0')}`,
    namespace: `team-${index % REQUEST_NAMESPACES}`,
  };
}

/** A resource request with the status Kratix leaves on it. */
export function requestObject(p: BenchPromise, index: number, at: string): any {
  const { name, namespace } = requestCoordinates(p, index);
  const team = `team-${index % REQUEST_NAMESPACES}`;
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: {
      name,
      namespace,
      labels: { 'kratix.io/promise-name': p.name },
      ...(index % 3 === 0 && {
        annotations: {
          'kratix.backstage.io/owner': `group:default/${team}`,
          'kratix.backstage.io/requested-by': `user:default/dev-${index % 97}`,
          'kratix.backstage.io/template': `template:default/${p.name}_platform`,
        },
      }),
    },
    spec: sampleSpec(
      p.crd.spec.versions[0].schema.openAPIV3Schema.properties?.spec,
      index,
    ),
    status: requestStatus(p, requestState(index), at),
  };
}

/** A short suffix derived from a name, as controllers append to generated names. */
export function nameSuffix(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 5);
}
