import { createHash } from 'crypto';
import { gzipSync } from 'zlib';
import { stringify } from 'yaml';
import { BenchPromise } from './benchPromises';
import { condition } from './conditions';
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

/** Label on a Destination naming the cluster it stands for (the provider's default). */
export const DESTINATION_CLUSTER_LABEL = 'kratix.backstage.io/cluster';

/** Gzip + base64 of YAML documents, as Kratix writes a workload's `content`. */
export function encodeWorkload(objects: unknown[]): string {
  return gzipSync(
    Buffer.from(objects.map(o => stringify(o)).join('---\n')),
  ).toString('base64');
}

const hash = (...parts: string[]) =>
  createHash('sha256').update(parts.join('/')).digest('hex');

/** The state store and one Destination per worker cluster, each standing for its cluster through a label. */
export function destinationObjects(workers: string[], at: string): any[] {
  const store = {
    apiVersion: KRATIX,
    kind: 'BucketStateStore',
    metadata: { name: 'default' },
    spec: {
      endpoint: 'minio.kratix-platform-system.svc.cluster.local',
      insecure: true,
      bucketName: 'kratix',
      secretRef: { name: 'minio-credentials', namespace: 'default' },
    },
    status: {
      status: 'Ready',
      conditions: [
        condition(
          'Ready',
          'True',
          'StateStoreReady',
          'State store is ready',
          at,
        ),
      ],
    },
  };
  const destinations = workers.map(worker => ({
    apiVersion: KRATIX,
    kind: 'Destination',
    metadata: {
      name: worker,
      labels: {
        environment: 'dev',
        crossplane: 'enabled',
        [DESTINATION_CLUSTER_LABEL]: worker,
      },
    },
    spec: {
      path: worker,
      strictMatchLabels: false,
      stateStoreRef: { kind: 'BucketStateStore', name: 'default' },
    },
    status: {
      conditions: [
        condition('Ready', 'True', 'StateStoreWriteSucceeded', 'Ready', at),
      ],
    },
  }));
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

function pipelineName(p: BenchPromise): string {
  return (
    p.promise.spec.workflows?.resource?.configure?.[0]?.metadata?.name ??
    'instance-configure'
  );
}

/** The status Kratix writes on a resource request. */
function requestStatus(p: BenchPromise, state: RequestState, at: string) {
  const pipeline = pipelineName(p);
  const base = {
    observedGeneration: 1,
    promiseVersion: p.promise.metadata.labels['kratix.io/promise-version'],
    workflows: 1,
  };
  const available = condition(
    'PromiseAvailable',
    'True',
    'PromiseAvailable',
    'Promise is available',
    at,
  );
  if (state === 'failed') {
    const message = `Pipeline ${pipeline} failed: container exited with code 1`;
    return {
      ...base,
      message,
      workflowsSucceeded: 0,
      workflowsFailed: 1,
      kratix: {
        workflows: {
          pipelines: [
            {
              name: pipeline,
              phase: 'Failed',
              attempts: 3,
              message,
              lastTransitionTime: at,
            },
          ],
        },
      },
      conditions: [
        available,
        condition(
          'ConfigureWorkflowCompleted',
          'False',
          'ConfigureWorkflowFailed',
          message,
          at,
        ),
        condition(
          'Reconciled',
          'False',
          'ConfigureWorkflowFailed',
          message,
          at,
        ),
      ],
    };
  }
  if (state === 'in-progress') {
    return {
      ...base,
      message: 'Pending',
      workflowsSucceeded: 0,
      workflowsFailed: 0,
      kratix: {
        workflows: {
          pipelines: [
            {
              name: pipeline,
              phase: 'Running',
              attempts: 1,
              lastTransitionTime: at,
            },
          ],
        },
      },
      conditions: [
        available,
        condition(
          'ConfigureWorkflowCompleted',
          'Unknown',
          'PipelinesInProgress',
          'Pipelines are still in progress',
          at,
        ),
        condition('Reconciled', 'Unknown', 'WorkflowPending', 'Pending', at),
      ],
    };
  }
  return {
    ...base,
    message: 'Resource requested',
    workflowsSucceeded: 1,
    workflowsFailed: 0,
    lastSuccessfulConfigureWorkflowTime: at,
    kratix: {
      workflows: {
        pipelines: [
          {
            name: pipeline,
            phase: 'Succeeded',
            attempts: 1,
            lastTransitionTime: at,
          },
        ],
      },
    },
    healthStatus: { state: 'healthy' },
    conditions: [
      available,
      condition(
        'ConfigureWorkflowCompleted',
        'True',
        'PipelinesExecutedSuccessfully',
        'Pipelines completed',
        at,
      ),
      condition(
        'WorksSucceeded',
        'True',
        'WorksSucceeded',
        'All works associated with this resource are ready',
        at,
      ),
      condition('Reconciled', 'True', 'Reconciled', 'Reconciled', at),
    ],
  };
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

/** The Work and WorkPlacement Kratix writes for a request whose pipeline output `objects`, placed on `destination`. */
export function workObjects(
  p: BenchPromise,
  rr: any,
  objects: unknown[],
  destination: string,
  at: string,
): { work: any; workPlacement: any } {
  const { name: rrName, namespace } = rr.metadata;
  const pipeline = pipelineName(p);
  const workName = `${p.name}-${rrName}-${pipeline}-${hash(
    namespace,
    rrName,
  ).slice(0, 5)}`;
  const groupId = createHash('md5').update('.').digest('hex');
  const workloads = [
    { filepath: 'claim.yaml', content: encodeWorkload(objects) },
  ];
  const work = {
    apiVersion: KRATIX,
    kind: 'Work',
    metadata: {
      name: workName,
      namespace,
      labels: {
        'kratix.io/promise-name': p.name,
        'kratix.io/resource-name': rrName,
        'kratix.io/resource-namespace': namespace,
        'kratix.io/pipeline-name': pipeline,
        'kratix.io/work-type': 'resource',
      },
    },
    spec: {
      promiseName: p.name,
      resourceName: rrName,
      workloadGroups: [
        {
          id: groupId,
          directory: '.',
          workloads,
          destinationSelectors: (p.promise.spec.destinationSelectors ?? []).map(
            (s: any) => ({ matchLabels: s.matchLabels, source: 'promise' }),
          ),
        },
      ],
    },
    status: {
      workPlacements: 1,
      workPlacementsCreated: 1,
      conditions: [
        condition(
          'Ready',
          'True',
          'AllWorkplacementsScheduled',
          'All WorkPlacements scheduled',
          at,
        ),
        condition(
          'ScheduleSucceeded',
          'True',
          'AllWorkplacementsScheduled',
          'All WorkPlacements scheduled',
          at,
        ),
      ],
    },
  };
  const workPlacement = {
    apiVersion: KRATIX,
    kind: 'WorkPlacement',
    metadata: {
      name: `${workName}.${destination}-${groupId.slice(0, 5)}`,
      namespace,
      labels: {
        'kratix.io/work': workName,
        'kratix.io/targetDestinationName': destination,
        'kratix.io/promise-name': p.name,
        'kratix.io/resource-name': rrName,
      },
    },
    spec: {
      targetDestinationName: destination,
      promiseName: p.name,
      resourceName: rrName,
      id: groupId,
      workloads,
    },
    status: {
      versionID: hash(workName, workloads[0].content).slice(0, 8),
      conditions: [
        condition(
          'ScheduleSucceeded',
          'True',
          'ScheduledToDestination',
          `Scheduled to Destination ${destination}`,
          at,
        ),
        condition(
          'WriteSucceeded',
          'True',
          'WorkloadsWrittenToStateStore',
          'Workloads written to the state store',
          at,
        ),
        condition(
          'Ready',
          'True',
          'WorkloadsWrittenToTargetDestination',
          'Ready',
          at,
        ),
      ],
    },
  };
  return { work, workPlacement };
}

/** A short suffix derived from a name, as controllers append to generated names. */
export function nameSuffix(...parts: string[]): string {
  return hash(...parts).slice(0, 5);
}
