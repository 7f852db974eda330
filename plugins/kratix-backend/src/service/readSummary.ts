import { isError } from '@backstage/errors';
import {
  Condition,
  KRATIX_LABELS,
  KratixPromise,
  KratixResourceRequest,
  getCondition,
  getCrossplaneState,
  getDeletionState,
  getPlacementWriteProblem,
  getPromiseApi,
  getPromiseState,
  getResourceHealth,
  getResourceState,
  getWorkScheduleProblem,
  isPlatformBehind,
  isWorkflowSuspended,
  withHealth,
} from '@kratix-backstage/plugin-kratix-common';
import type { ClusterCalls } from '../kubernetes/ClusterCalls';
import type { KratixEntityTarget } from './getKratixEntityTarget';
import { workOfPlacement } from '@kratix-backstage/plugin-kratix-node';
import { readPlacements } from './readPlacements';
import { readPromiseVersions, readRequestVersion } from './readVersions';
import type {
  KratixConditionSummary,
  KratixEntitySummary,
  KratixMaybeList,
  KratixPlacementSummary,
  KratixUnscheduledWork,
} from '@kratix-backstage/plugin-kratix-common';

/** Reads the live object behind an entity, on its cluster, within the cluster time limit. */
export function readTargetObject<T = KratixResourceRequest>(
  calls: ClusterCalls,
  target: KratixEntityTarget,
): Promise<T> {
  return calls.run(
    target.cluster,
    `reading ${target.kind} '${target.name}'`,
    client =>
      client.get({
        apiVersion: target.apiVersion,
        kind: target.kind,
        name: target.name,
        namespace: target.namespace,
      }) as Promise<T>,
  );
}

/** A failure as a sentence, for `reason` fields. */
export function reasonOf(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

function conditionsOf(conditions: unknown): KratixConditionSummary[] {
  if (!Array.isArray(conditions)) return [];
  return (conditions as Condition[])
    .filter(c => c && typeof c.type === 'string')
    .map(c => ({
      type: c.type,
      status: c.status,
      ...(c.reason && { reason: c.reason }),
      ...(c.message && { message: c.message }),
      ...(c.lastTransitionTime && { lastTransitionTime: c.lastTransitionTime }),
    }));
}

async function destinationsOf(
  calls: ClusterCalls,
  target: KratixEntityTarget,
  object: KratixResourceRequest,
): Promise<{
  destinations: KratixMaybeList<KratixPlacementSummary>;
  unscheduledWorks: KratixUnscheduledWork[];
}> {
  if (target.role !== 'promise' && target.role !== 'resource') {
    return {
      destinations: { available: true, items: [] },
      unscheduledWorks: [],
    };
  }
  try {
    const { works, workPlacements } = await readPlacements(
      calls,
      target,
      object,
    );
    const items = workPlacements.map(wp => {
      const ready = getCondition(wp, 'Ready');
      const writeProblem = getPlacementWriteProblem(wp);
      const versionID = wp.status?.versionID;
      return {
        destination: wp.spec?.targetDestinationName ?? '',
        workPlacement: wp.metadata.name ?? '',
        ...(workOfPlacement(wp, works) && {
          work: workOfPlacement(wp, works)!.metadata.name,
        }),
        ...(ready && {
          ready: ready.status,
          ...(ready.reason && { reason: ready.reason }),
          ...(ready.message && { message: ready.message }),
        }),
        misplaced: wp.metadata.labels?.[KRATIX_LABELS.misplaced] === 'true',
        ...(writeProblem && { writeProblem }),
        ...(typeof versionID === 'string' && versionID && { versionID }),
      };
    });
    items.sort((a, b) =>
      `${a.destination}/${a.workPlacement}`.localeCompare(
        `${b.destination}/${b.workPlacement}`,
      ),
    );
    const unscheduledWorks = works.flatMap(work => {
      const problem = getWorkScheduleProblem(work);
      return problem
        ? [
            {
              work: work.metadata.name ?? '',
              ...(work.metadata.namespace && {
                namespace: work.metadata.namespace,
              }),
              problem,
            },
          ]
        : [];
    });
    return { destinations: { available: true, items }, unscheduledWorks };
  } catch (error) {
    return {
      destinations: { available: false, reason: reasonOf(error) },
      unscheduledWorks: [],
    };
  }
}

/** The live summary of a Promise, resource request or other Kratix / Crossplane object behind an entity. */
export async function readSummary(
  calls: ClusterCalls,
  target: KratixEntityTarget,
): Promise<KratixEntitySummary> {
  const object = await readTargetObject(calls, target);
  const status = object.status ?? {};
  const isPromise = target.role === 'promise';
  const [{ destinations, unscheduledWorks }, versions, requestVersion] =
    await Promise.all([
      destinationsOf(calls, target, object),
      isPromise ? readPromiseVersions(calls, target) : undefined,
      target.role === 'resource'
        ? readRequestVersion(calls, target, object)
        : undefined,
    ]);
  const health = getResourceHealth(object);
  const deletion = getDeletionState(object);
  const labels = object.metadata.labels ?? {};

  const summary: KratixEntitySummary = {
    entityRef: target.entityRef,
    role: target.role,
    object: {
      cluster: calls.clusterName(target.cluster),
      apiVersion: object.apiVersion,
      kind: object.kind,
      ...(object.metadata.namespace && {
        namespace: object.metadata.namespace,
      }),
      name: object.metadata.name ?? target.name,
      ...(object.metadata.uid && { uid: object.metadata.uid }),
      ...(object.metadata.creationTimestamp && {
        creationTimestamp: object.metadata.creationTimestamp,
      }),
      ...(typeof object.metadata.generation === 'number' && {
        generation: object.metadata.generation,
      }),
      ...(typeof status.observedGeneration === 'number' && {
        observedGeneration: status.observedGeneration,
      }),
      behind: isPlatformBehind(object),
      paused: labels[KRATIX_LABELS.paused] === 'true',
      workflowSuspended: isWorkflowSuspended(object),
    },
    state: isPromise
      ? getPromiseState(object as unknown as KratixPromise)
      : withHealth(getResourceState(object), health),
    ...(typeof status.message === 'string' && { message: status.message }),
    conditions: conditionsOf(status.conditions),
    ...(health && {
      health: {
        ...(health.state && { state: health.state }),
        records: health.records.length,
        items: health.records,
      },
    }),
    ...(deletion && { deletion }),
    ...(unscheduledWorks.length > 0 && { unscheduledWorks }),
    ...(requestVersion && { version: requestVersion }),
    workflows: {
      ...(typeof status.workflows === 'number' && { total: status.workflows }),
      ...(typeof status.workflowsSucceeded === 'number' && {
        succeeded: status.workflowsSucceeded,
      }),
      ...(typeof status.workflowsFailed === 'number' && {
        failed: status.workflowsFailed,
      }),
    },
    destinations,
    fetchedAt: new Date().toISOString(),
  };

  if (target.role === 'crossplane') {
    summary.crossplane = getCrossplaneState(object);
  }
  if (isPromise) {
    const promise = object as unknown as KratixPromise;
    const api = getPromiseApi(promise);
    const version =
      promise.status?.version ?? labels[KRATIX_LABELS.promiseVersion];
    summary.promise = {
      ...(promise.status?.status && { status: promise.status.status }),
      ...(version && { version }),
      requiredPromises: (
        promise.status?.requiredPromises ??
        promise.spec?.requiredPromises ??
        []
      ).map(r => ({
        name: r.name,
        ...(r.version && { version: r.version }),
        ...('state' in r && r.state ? { state: r.state as string } : {}),
      })),
      requiredBy: (promise.status?.requiredBy ?? []).map(r => ({
        ...(r.promise?.name && { name: r.promise.name }),
        ...(r.promise?.version && { version: r.promise.version }),
        ...(r.requiredVersion && { requiredVersion: r.requiredVersion }),
      })),
      ...(api && {
        api: {
          group: api.group,
          version: api.version,
          kind: api.kind,
          plural: api.plural,
          scope: api.scope,
        },
      }),
      ...(promise.status?.lastAvailableTime && {
        lastAvailableTime: promise.status.lastAvailableTime,
      }),
      ...versions,
    };
  }
  return summary;
}
