import { applyCrd, promiseApiCrd } from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_API_VERSION,
  KRATIX_LABELS,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { CrossplaneReadiness, CrossplaneWorker } from './CrossplaneWorker';
import { condition, timestamp } from './conditions';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients, DemoCluster } from './demoClients';
import { demoDestinations, demoStateStores } from './demoDestinations';
import { loadDemoPromises } from './demoPromises';
import {
  DemoRequest,
  demoCrossplaneObjects,
  demoRequests,
} from './demoRequests';

import { buildWork, chooseDestination, destinationCluster } from './kratixWork';
import {
  createIfAbsent,
  getIfExists,
  mergePatch,
  refOf,
  setStatus,
} from './kubeObjects';
import { pipelineOutput } from './pipelineOutput';
import { promiseStatus } from './promiseStatus';
import { seedPromiseVersions } from './promiseVersions';
import { requestStatus } from './requestStatus';

/** Per cluster and kind: how many objects seeding created and how many were already there. */
export type SeedReport = Record<
  string,
  Record<string, { created: number; existing: number }>
>;

// Kinds named without their group: Kratix's own and the cluster-setup kinds.
const PLAIN_KIND_GROUPS = new Set([
  'platform.kratix.io',
  'apiextensions.k8s.io',
  'apiextensions.crossplane.io',
]);

/** How a kind is named in a {@link SeedReport}: `Kind`, or `Kind.group` for API and Crossplane kinds. */
export function reportKind(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return !group || PLAIN_KIND_GROUPS.has(group) ? kind : `${kind}.${group}`;
}

class Tally {
  readonly report: SeedReport = {};

  constructor(clusters: string[]) {
    for (const cluster of clusters) this.report[cluster] = {};
  }

  add(
    cluster: string,
    object: { apiVersion: string; kind: string },
    created: boolean,
  ): void {
    this.count(cluster, reportKind(object.apiVersion, object.kind), created);
  }

  count(cluster: string, kind: string, created: boolean): void {
    const byKind = (this.report[cluster] ??= {});
    const entry = (byKind[kind] ??= { created: 0, existing: 0 });
    if (created) entry.created++;
    else entry.existing++;
  }
}

// The finalizer Kratix puts on requests of Promises with delete workflows.
const DELETE_WORKFLOWS_FINALIZER = 'kratix.io/delete-workflows';

const hasConditions = (o: any) => Boolean(o?.status?.conditions?.length);

async function seedPromises(
  { client, admin }: DemoCluster,
  tally: Tally,
): Promise<any[]> {
  const promises = loadDemoPromises();
  for (const promise of promises) {
    const crd = promiseApiCrd(promise);
    if (crd) {
      const existed = Boolean(await getIfExists(client, refOf(crd)));
      await applyCrd(admin, crd);
      tally.count('platform', 'CustomResourceDefinition', !existed);
    }
  }
  client.invalidateDiscovery();
  for (const promise of promises) {
    const { created, object } = await createIfAbsent(client, promise);
    tally.add('platform', promise, created);
    if (created || !hasConditions(object)) {
      await setStatus(client, refOf(promise), promiseStatus(promise, promises));
    }
  }
  return promises;
}

async function seedDestinations(
  { client }: DemoCluster,
  tally: Tally,
): Promise<any[]> {
  const at = timestamp(60 * 24);
  for (const store of demoStateStores(at)) {
    const { created } = await createIfAbsent(client, store);
    tally.add('platform', store, created);
    if (created) await setStatus(client, refOf(store), store.status);
  }
  const destinations = demoDestinations(at);
  for (const destination of destinations) {
    const { created } = await createIfAbsent(client, destination);
    tally.add('platform', destination, created);
    if (created) {
      await setStatus(client, refOf(destination), destination.status);
    }
  }
  return destinations;
}

function requestObject(
  api: { apiVersion: string; kind: string },
  request: DemoRequest,
): any {
  const annotations: Record<string, string> = {};
  if (request.owner) annotations[KRATIX_ANNOTATIONS.owner] = request.owner;
  if (request.template)
    annotations[KRATIX_ANNOTATIONS.template] = request.template;
  if (request.requestedBy)
    annotations[KRATIX_ANNOTATIONS.requestedBy] = request.requestedBy;
  // Showcase states must survive the simulator, which would otherwise finish them.
  if (request.state !== 'ready') annotations[DEMO_ANNOTATIONS.frozen] = 'true';
  return {
    apiVersion: api.apiVersion,
    kind: api.kind,
    metadata: {
      name: request.name,
      namespace: request.namespace,
      ...(request.state === 'new'
        ? {}
        : { labels: { [KRATIX_LABELS.promiseName]: request.promise } }),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(request.state === 'delete-failed'
        ? { finalizers: [DELETE_WORKFLOWS_FINALIZER] }
        : {}),
    },
    spec: request.previousSpec ?? request.spec,
  };
}

// The HealthRecords of a seeded request: its own state, plus a healthy one beside any other state.
function healthRecords(request: DemoRequest) {
  if (!request.health) return [];
  const records = [
    {
      name: `${request.name}-health`,
      state: request.health,
      details:
        request.health === 'healthy'
          ? { checkedBy: 'demo-platform' }
          : {
              checkedBy: 'demo-platform',
              error: `${request.name} answers 1 probe in 3 within 5 s`,
            },
    },
  ];
  if (request.health !== 'healthy') {
    records.push({
      name: `${request.name}-ping`,
      state: 'healthy',
      details: { checkedBy: 'demo-platform' },
    });
  }
  return records;
}

// What Kratix rolls up into status.healthStatus: each record's state, lastRun, source and details, and the worst
// state (upstream `internal/controller/healthrecord_controller.go`).
function healthStatus(request: DemoRequest, at: string) {
  const lastRun = Math.floor(Date.parse(at) / 1000);
  return {
    state: request.health,
    healthRecords: healthRecords(request).map(r => ({
      state: r.state,
      lastRun,
      source: { name: r.name, namespace: request.namespace },
      details: r.details,
    })),
  };
}

// A failed delete pipeline (upstream `lib/resourceutil/util.go` MarkDeleteWorkflowAsFailed) over a ready status.
function deleteFailedStatus(status: any, request: DemoRequest, at: string) {
  return {
    ...status,
    message: 'Delete workflow failed',
    conditions: [
      ...status.conditions,
      condition(
        'DeleteWorkflowCompleted',
        'False',
        'DeleteWorkflowFailed',
        'The Delete Pipeline has failed',
        at,
      ),
    ],
    kratix: {
      workflows: {
        pipelines: [
          {
            name: 'instance-delete',
            phase: 'Failed',
            attempts: 1,
            lastTransitionTime: at,
            message: request.failure ?? 'delete pipeline failed',
          },
        ],
      },
    },
  };
}

async function seedRequest(
  clients: DemoClients,
  tally: Tally,
  promise: any,
  destinations: any[],
  request: DemoRequest,
): Promise<void> {
  const platform = clients.platform.client;
  const api = getPromiseApi(promise);
  if (!api) {
    throw new Error(
      `Promise '${promise.metadata.name}' has no API (spec.api is empty); it cannot take the seeded request '${request.name}'`,
    );
  }
  const desired = requestObject(api, request);
  const { created, object } = await createIfAbsent(platform, desired);
  tally.add('platform', desired, created);
  let rr = object;
  const changedSince =
    request.state === 'behind' || request.state === 'failed-update';
  if (changedSince && created) {
    rr = await mergePatch(platform, refOf(desired), { spec: request.spec });
  }
  const at = timestamp(30);
  const generation = changedSince ? 1 : rr.metadata.generation ?? 1;
  if ((created || !hasConditions(rr)) && request.state !== 'new') {
    let status: any;
    switch (request.state) {
      case 'in-progress':
        status = requestStatus(
          promise,
          { phase: 'running', pipeline: 0 },
          generation,
          at,
        );
        break;
      case 'failed-update': {
        // The run of generation 1 succeeded; the run of generation 2 failed and left observedGeneration at 1.
        const output = pipelineOutput(promise, {
          ...rr,
          spec: request.previousSpec,
        });
        const earlier = requestStatus(
          promise,
          { phase: 'ready', message: output.message, fields: output.status },
          1,
          timestamp(90),
        );
        const failed = requestStatus(
          promise,
          {
            phase: 'failed',
            pipeline: 0,
            message: request.failure ?? 'pipeline failed',
          },
          2,
          at,
        );
        status = { ...earlier, ...failed, observedGeneration: 1 };
        break;
      }
      case 'unscheduled': {
        const output = pipelineOutput(promise, rr);
        status = requestStatus(
          promise,
          { phase: 'configured', message: output.message },
          generation,
          at,
        );
        break;
      }
      case 'failed':
        status = requestStatus(
          promise,
          {
            phase: 'failed',
            pipeline: 0,
            message: request.failure ?? 'pipeline failed',
          },
          generation,
          at,
        );
        break;
      default: {
        const output = pipelineOutput(promise, rr);
        status = requestStatus(
          promise,
          { phase: 'ready', message: output.message, fields: output.status },
          generation,
          at,
        );
      }
    }
    if (request.health) status.healthStatus = healthStatus(request, at);
    if (request.state === 'delete-failed') {
      status = deleteFailedStatus(status, request, at);
    }
    await setStatus(platform, refOf(rr), status);
  }
  if (request.state === 'delete-failed' && !rr.metadata.deletionTimestamp) {
    // Kratix's finalizer holds the request while its delete workflow has not succeeded.
    await platform.delete(refOf(rr));
  }

  for (const r of healthRecords(request)) {
    const record = {
      apiVersion: KRATIX_API_VERSION,
      kind: 'HealthRecord',
      metadata: { name: r.name, namespace: request.namespace },
      data: {
        promiseRef: { name: promise.metadata.name },
        resourceRef: {
          name: request.name,
          namespace: request.namespace,
          generation,
        },
        state: r.state,
        lastRun: Math.floor(Date.parse(at) / 1000),
        details: r.details,
      },
    };
    tally.add(
      'platform',
      record,
      (await createIfAbsent(platform, record)).created,
    );
  }

  if (request.state === 'unscheduled') {
    await seedUnscheduledWork(platform, tally, promise, rr, at);
    return;
  }
  if (
    request.state !== 'ready' &&
    request.state !== 'behind' &&
    request.state !== 'failed-update'
  )
    return;
  // The Work holds what the pipeline wrote for the generation Kratix last reconciled.
  const reconciled = { ...rr, spec: request.previousSpec ?? request.spec };
  const output = pipelineOutput(promise, reconciled);
  const destination =
    request.destination ?? chooseDestination(promise, destinations);
  const { work, workPlacement } = buildWork(
    promise,
    reconciled,
    output,
    destination,
    at,
  );
  for (const o of [work, workPlacement]) {
    const result = await createIfAbsent(platform, o);
    tally.add('platform', o, result.created);
    if (result.created) await setStatus(platform, refOf(o), o.status);
  }

  const cluster = destinationCluster(
    destinations.find(d => d.metadata.name === destination),
  );
  const worker = clients.workers[cluster];
  if (!worker) return;
  for (const file of output.files) {
    for (const o of file.objects.filter(CrossplaneWorker.isCrossplaneObject)) {
      await seedCrossplane(
        worker,
        cluster,
        o,
        request.crossplane ?? 'ready',
        tally,
      );
    }
  }
}

/**
 * Seeds a Work whose workload group no Destination matches: Ready and ScheduleSucceeded False with
 * `UnscheduledWorkloads`, and no WorkPlacement (upstream `internal/controller/scheduler.go`).
 */
async function seedUnscheduledWork(
  platform: DemoCluster['client'],
  tally: Tally,
  promise: any,
  rr: any,
  at: string,
): Promise<void> {
  const output = pipelineOutput(promise, rr);
  const { work } = buildWork(promise, rr, output, 'worker-1', at);
  const group = work.spec.workloadGroups[0];
  group.destinationSelectors = [
    { matchLabels: { environment: 'mainframe' }, source: 'promise' },
  ];
  const unscheduled = {
    ...work,
    status: {
      workPlacements: 0,
      workPlacementsCreated: 0,
      conditions: [
        condition('Ready', 'False', 'UnscheduledWorkloads', 'Pending', at),
        condition(
          'ScheduleSucceeded',
          'False',
          'UnscheduledWorkloads',
          `No matching destination found for workloadGroups: [${group.id}]`,
          at,
        ),
      ],
    },
  };
  const result = await createIfAbsent(platform, unscheduled);
  tally.add('platform', unscheduled, result.created);
  if (result.created) {
    await setStatus(platform, refOf(unscheduled), unscheduled.status);
  }
}

/** Seeds a claim or XR and what it composes, unless the claim or XR is there already. */
async function seedCrossplane(
  worker: DemoCluster,
  cluster: string,
  object: any,
  readiness: CrossplaneReadiness,
  tally: Tally,
): Promise<void> {
  const crossplane = new CrossplaneWorker(worker);
  const existing = await crossplane.tree(refOf(object));
  if (existing.length) {
    existing.forEach(ref => tally.add(cluster, ref, false));
    return;
  }
  for (const ref of await crossplane.apply(object, readiness)) {
    tally.add(cluster, ref, true);
  }
}

/**
 * Seeds a demo platform: Promises (with their API CRDs and Kratix-like
 * statuses), Destinations, resource requests with Works and WorkPlacements on
 * the platform; XRDs, Compositions, claims, XRs and managed resources on the
 * workers. Creates only what is missing, so running it again changes nothing.
 */
export async function seedDemoPlatform(
  clients: DemoClients,
): Promise<SeedReport> {
  const { platform, workers } = clients;
  const tally = new Tally(['platform', ...Object.keys(workers)]);

  await Promise.all(
    Object.entries(workers).map(async ([name, worker]) => {
      for (const { kind, created } of await new CrossplaneWorker(
        worker,
      ).install()) {
        tally.count(name, kind, created);
      }
    }),
  );

  const promises = await seedPromises(platform, tally);
  const destinations = await seedDestinations(platform, tally);
  const byName = new Map(promises.map(p => [p.metadata.name, p]));
  for (const request of demoRequests()) {
    const promise = byName.get(request.promise);
    if (!promise) {
      throw new Error(
        `Seeded request '${request.name}' names Promise '${request.promise}', which the demo does not install`,
      );
    }
    await seedRequest(clients, tally, promise, destinations, request);
  }
  await seedPromiseVersions(
    platform,
    promises,
    demoRequests(),
    (kind, created) => tally.count('platform', kind, created),
  );

  for (const { cluster, object } of demoCrossplaneObjects()) {
    const worker = workers[cluster];
    if (!worker) continue;
    await seedCrossplane(worker, cluster, object, 'ready', tally);
  }
  return tally.report;
}
