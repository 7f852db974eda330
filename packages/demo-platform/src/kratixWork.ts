import { createHash } from 'crypto';
import { encodeWorkload } from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_LABELS,
  KRATIX_WORK_TYPES,
  configuredPipelineNamespace,
  pipelineNamespaceOf,
} from '@kratix-backstage/plugin-kratix-common';
import { destinationClusterOf } from '@kratix-backstage/plugin-kratix-node';
import { condition, timestamp } from './conditions';
import { PipelineOutput } from './pipelineOutput';

/** Destination a Work goes to when no Destination matches its Promise's selectors. */
export const DEFAULT_DESTINATION = 'worker-1';

/** Label on a Destination naming the demo cluster it stands for. */
export const DESTINATION_CLUSTER_LABEL = KRATIX_ANNOTATIONS.cluster;

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 5);
}

/** Whether a Destination's labels satisfy every selector. */
function matches(destination: any, selectors: any[]): boolean {
  const labels = destination.metadata?.labels ?? {};
  return selectors.every(s =>
    Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
  );
}

/**
 * The Destination Kratix would schedule a Promise's Work to: the first (by
 * name) whose labels match the Promise's destinationSelectors, else
 * {@link DEFAULT_DESTINATION}.
 */
export function chooseDestination(promise: any, destinations: any[]): string {
  const selectors = promise.spec?.destinationSelectors ?? [];
  const match = [...destinations]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .find(d => matches(d, selectors));
  return match?.metadata.name ?? DEFAULT_DESTINATION;
}

/** The name of the cluster a Destination stands for, by the rule the plugins use (every demo cluster is known). */
export function destinationCluster(destination: any): string {
  const name = destination?.metadata?.name;
  return (
    destinationClusterOf(
      { name, labels: destination?.metadata?.labels },
      { clusters: {}, labels: [DESTINATION_CLUSTER_LABEL] },
      () => true,
    ) ?? name
  );
}

/**
 * The Work (and its WorkPlacement) Kratix writes for a request's pipeline output, in the pipeline namespace: the
 * Promise's `pipelineNamespace` when set, where the Work's name and its `kratix.io/resource-namespace` label carry
 * the request's namespace; else the request's own (upstream syntasso/kratix work-creator/lib/work_creator.go,
 * lib/resourceutil/work.go; the WorkPlacement beside its Work, internal/controller/scheduler.go).
 */
export function buildWork(
  promise: any,
  rr: any,
  output: PipelineOutput,
  destination: string,
  at: string = timestamp(),
): { work: any; workPlacement: any } {
  const promiseName = promise.metadata.name;
  const { name: rrName, namespace: rrNamespace } = rr.metadata;
  const namespace = pipelineNamespaceOf(promise, rr);
  const shared = configuredPipelineNamespace(promise) && rrNamespace;
  const workName = `${promiseName}-${rrName}-${
    shared ? `${rrNamespace}-` : ''
  }${output.pipeline}-${shortHash(rrNamespace, rrName, output.pipeline)}`;
  const directory = '.';
  const groupId = createHash('md5').update(directory).digest('hex');
  const workloads = output.files.map(f => ({
    filepath: f.filepath,
    content: encodeWorkload(f.objects),
  }));
  const work = {
    apiVersion: KRATIX_API_VERSION,
    kind: 'Work',
    metadata: {
      name: workName,
      namespace,
      labels: {
        [KRATIX_LABELS.promiseName]: promiseName,
        [KRATIX_LABELS.resourceName]: rrName,
        ...(shared && { [KRATIX_LABELS.resourceNamespace]: rrNamespace }),
        [KRATIX_LABELS.pipelineName]: output.pipeline,
        [KRATIX_LABELS.workType]: KRATIX_WORK_TYPES.resource,
      },
    },
    spec: {
      promiseName,
      resourceName: rrName,
      workloadGroups: [
        {
          id: groupId,
          directory,
          workloads,
          destinationSelectors: (promise.spec?.destinationSelectors ?? []).map(
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
    apiVersion: KRATIX_API_VERSION,
    kind: 'WorkPlacement',
    metadata: {
      name: `${workName}.${destination}-${groupId.slice(0, 5)}`,
      namespace,
      // The labels Kratix's scheduler writes (syntasso/kratix internal/controller/scheduler.go
      // applyWorkplacementsForTargetDestinations): the Promise and request are in the spec, not in labels.
      labels: {
        [KRATIX_LABELS.work]: workName,
        'kratix.io/workload-group-id': groupId,
        [KRATIX_LABELS.targetDestinationName]: destination,
        [KRATIX_LABELS.pipelineName]: output.pipeline,
      },
    },
    spec: {
      targetDestinationName: destination,
      promiseName,
      resourceName: rrName,
      id: groupId,
      workloads,
    },
    status: {
      versionID: shortHash(workName, JSON.stringify(workloads)),
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
