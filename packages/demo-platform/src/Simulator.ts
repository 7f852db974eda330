import { applyCrd, promiseApiCrd } from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  KRATIX_CONDITION_TYPES,
  KRATIX_LABELS,
  KRATIX_WORK_TYPES,
  getCondition,
  getPromiseApi,
} from '@kratix-backstage/plugin-kratix-common';
import { CrossplaneWorker } from './CrossplaneWorker';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoClients } from './demoClients';
import {
  DELETE_WORKFLOWS_FINALIZER,
  awaitsDeleteWorkflow,
  deletePipelines,
  runDeleteWorkflow,
} from './deleteWorkflow';
import { buildWork, chooseDestination, destinationCluster } from './kratixWork';
import {
  applyObject,
  deleteIfExists,
  getIfExists,
  mergePatch,
  refOf,
  setStatus,
} from './kubeObjects';
import { configurePipelines, pipelineOutput } from './pipelineOutput';
import { PromiseVersions, RunOutcome, pipelineFails } from './promiseVersions';
import { runPipelineJob } from './pipelineJobs';
import { promiseStatus } from './promiseStatus';
import { requestStatus } from './requestStatus';
import { workObjects } from './workloads';

/** Options of {@link Simulator}. */
export interface SimulatorOptions {
  clients: DemoClients;
  /** Pause between two steps of a request's timeline. Default 2 s. */
  stepDelayMs?: number;
  /** Pause between two looks at the platform. Default 1 s. */
  pollIntervalMs?: number;
  /** Where to write one line per action. Default: nowhere. */
  log?: (line: string) => void;
  /**
   * Retries of a pipeline's Job when its `spec.jobOptions.backoffLimit` sets none, as Kratix's
   * `workflows.jobOptions.defaultBackoffLimit` setting gives. Default 1.
   */
  defaultBackoffLimit?: number;
}

class Stopped extends Error {
  constructor() {
    super('simulator stopped');
  }
}

function flag(object: any, key: string): boolean {
  return (
    object?.metadata?.labels?.[key] === 'true' ||
    object?.metadata?.annotations?.[key] === 'true'
  );
}

/**
 * Why the simulator should run a request's workflow now, or undefined to leave it. `settledGeneration` is the
 * generation whose run already ended without success: Kratix does not advance `observedGeneration` then, and waits
 * for a change or a manual reconciliation rather than running the same spec again.
 */
export function reconcileReason(
  rr: any,
  settledGeneration?: number,
): string | undefined {
  if (flag(rr, DEMO_ANNOTATIONS.frozen) || flag(rr, KRATIX_LABELS.paused)) {
    return undefined;
  }
  if (flag(rr, KRATIX_LABELS.manualReconciliation)) {
    return 'manual reconciliation requested';
  }
  if (!rr.status?.conditions?.length) return 'new request';
  const generation = rr.metadata.generation ?? 1;
  const observed = rr.status.observedGeneration ?? 0;
  if (generation === settledGeneration) return undefined;
  return generation > observed
    ? `generation ${generation} > observedGeneration ${observed}`
    : undefined;
}

// A request Kratix held back for its unavailable Promise is reconciled once the Promise is available again.
function promiseAvailableAgain(promise: any, rr: any): boolean {
  return (
    promise.status?.status === 'Available' &&
    getCondition(rr, KRATIX_CONDITION_TYPES.promiseAvailable)?.status ===
      'False' &&
    !flag(rr, DEMO_ANNOTATIONS.frozen)
  );
}

/**
 * Plays Kratix's and Crossplane's part for requests made while the demo runs:
 * polls every Promise API on the platform, runs the configure workflow of new
 * or changed requests (on a full control plane a Job per pipeline, as Kratix
 * does; on a CRD-only server, which runs no Jobs, a timed stand-in), then does
 * what its containers do once it succeeds (status, Work, WorkPlacement, then
 * claims, XRs and managed resources on the Destination's worker), and cleans
 * up after deleted requests.
 */
export class Simulator {
  private readonly timelines = new Map<string, Promise<void>>();
  // Per request: the generation whose run ended without success (failed, or its Promise unavailable).
  private readonly settled = new Map<string, number>();
  private abort = new AbortController();
  private loop?: Promise<void>;
  private readonly stepDelayMs: number;
  private readonly pollIntervalMs: number;
  private readonly log: (line: string) => void;
  private readonly versions: PromiseVersions;

  constructor(private readonly options: SimulatorOptions) {
    this.stepDelayMs = options.stepDelayMs ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.log = options.log ?? (() => {});
    this.versions = new PromiseVersions(options.clients.platform, this.log);
  }

  private get platform() {
    return this.options.clients.platform.client;
  }

  /** Every object of a kind on the platform, optionally in one namespace and by label. */
  private async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<any[]> {
    return (await this.platform.list<any>({ apiVersion, kind, ...options }))
      .items;
  }

  /** Starts polling the platform. */
  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = (async () => {
      while (!this.abort.signal.aborted) {
        await this.tick();
        await this.sleep(this.pollIntervalMs).catch(() => {});
      }
    })();
  }

  /** Stops polling and waits for running timelines to halt where they are. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.loop = undefined;
    await Promise.allSettled([...this.timelines.values()]);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(new Stopped());
        return;
      }
      let timer: NodeJS.Timeout | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** One look at the platform: starts workflows that are due and cleans up after deleted requests. */
  async tick(): Promise<void> {
    try {
      const promises = await this.list(KRATIX_API_VERSION, 'Promise');
      for (const promise of promises) {
        if (!promise.status?.conditions?.length) {
          await this.reconcilePromise(promise, promises);
        }
      }
      await this.versions.syncPromises(promises);
      const destinations = await this.list(KRATIX_API_VERSION, 'Destination');
      const existing = new Set<string>();
      const listed = new Set<string>();
      for (const promise of promises) {
        const api = getPromiseApi(promise);
        if (!api) continue;
        let requests: any[];
        try {
          requests = await this.list(api.apiVersion, api.kind);
        } catch {
          continue; // its CRD is not there (yet)
        }
        listed.add(promise.metadata.name);
        requests = await this.versions.syncRequests(promise, requests);
        for (const rr of requests) {
          const key = `${promise.metadata.name}/${rr.metadata.namespace}/${rr.metadata.name}`;
          existing.add(key);
          if (rr.metadata.deletionTimestamp) {
            this.startDeleteWorkflow(promise, rr, key);
            continue;
          }
          const settledAt = this.settled.get(key);
          const reasonFor = (request: any) =>
            reconcileReason(request, settledAt) ??
            (promiseAvailableAgain(promise, request)
              ? 'its Promise is available again'
              : undefined);
          if (reasonFor(rr) && !this.timelines.has(key)) {
            this.settled.delete(key);
            const run = this.startRun(promise, rr, destinations, reasonFor)
              .then(started => {
                if (started?.outcome === 'settled') {
                  this.settled.set(key, started.generation);
                } else if (!started && settledAt !== undefined) {
                  this.settled.set(key, settledAt);
                }
              })
              .catch(e => {
                if (!(e instanceof Stopped)) {
                  this.log(
                    `${this.label(promise, rr)}: workflow stopped: ${
                      e.message ?? e
                    }`,
                  );
                }
              })
              .finally(() => this.timelines.delete(key));
            this.timelines.set(key, run);
          }
        }
      }
      await this.cleanUp(existing, listed, destinations);
    } catch (e: any) {
      if (!this.abort.signal.aborted) {
        this.log(`could not read the platform: ${e?.message ?? e}`);
      }
    }
  }

  /**
   * Runs a request as it is now rather than as the pass listed it: the list may predate a run that ended since, and
   * a second run on that copy would repeat the run with the old spec. Upstream's writes of such a copy are refused
   * with a conflict; here the request is read again. Undefined when it no longer needs a run.
   */
  private async startRun(
    promise: any,
    listed: any,
    destinations: any[],
    reasonFor: (rr: any) => string | undefined,
  ): Promise<{ outcome: RunOutcome; generation: number } | undefined> {
    const rr = await getIfExists(this.platform, refOf(listed));
    const reason = rr && !rr.metadata.deletionTimestamp && reasonFor(rr);
    if (!reason) return undefined;
    const outcome = await this.versions.run(promise, rr, version =>
      this.runTimeline(version, rr, destinations, reason),
    );
    return { outcome, generation: rr.metadata.generation ?? 1 };
  }

  private label(promise: any, rr: any): string {
    return `${rr.metadata.namespace}/${rr.metadata.name} (${promise.metadata.name})`;
  }

  private async reconcilePromise(promise: any, all: any[]): Promise<void> {
    const crd = promiseApiCrd(promise);
    if (crd) {
      await applyCrd(this.options.clients.platform.admin, crd);
      this.platform.invalidateDiscovery();
    }
    await setStatus(this.platform, refOf(promise), promiseStatus(promise, all));
    this.log(
      `Promise ${promise.metadata.name}: ${
        crd ? `created CRD ${crd.metadata.name}, ` : ''
      }status set`,
    );
  }

  private async runTimeline(
    promise: any,
    rr: any,
    destinations: any[],
    reason: string,
  ): Promise<'reconciled' | 'settled'> {
    const name = this.label(promise, rr);
    const ref = refOf(rr);
    const generation = rr.metadata.generation ?? 1;
    const fails = flag(rr, DEMO_ANNOTATIONS.fail);
    const step = async (status: any, line: string) => {
      await setStatus(this.platform, ref, status);
      this.log(`${name}: ${line}`);
    };

    this.log(`${name}: picked up (${reason})`);
    const finalizers: string[] = rr.metadata.finalizers ?? [];
    // Kratix holds the deletion of a request whose Promise has a delete workflow until that workflow succeeds.
    const holdDeletion =
      this.options.clients.platform.full &&
      deletePipelines(promise).length > 0 &&
      !finalizers.includes(DELETE_WORKFLOWS_FINALIZER);
    await mergePatch(this.platform, ref, {
      metadata: {
        ...(holdDeletion && {
          finalizers: [...finalizers, DELETE_WORKFLOWS_FINALIZER],
        }),
        labels: {
          [KRATIX_LABELS.promiseName]: promise.metadata.name,
          [KRATIX_LABELS.manualReconciliation]: null,
        },
        annotations: { [KRATIX_LABELS.manualReconciliation]: null },
      },
    });
    if (promise.status?.status !== 'Available') {
      await step(
        requestStatus(promise, { phase: 'promise-unavailable' }, generation),
        'PromiseAvailable=False (PromiseRequirementsNotInstalled)',
      );
      return 'settled';
    }
    await step(
      requestStatus(promise, { phase: 'pending' }, generation),
      'Pending',
    );

    const pipelines = configurePipelines(promise);
    const output = pipelineOutput(promise, rr);
    const failure = fails
      ? `container failed: the request carries ${DEMO_ANNOTATIONS.fail}: "true"`
      : undefined;
    for (let i = 0; i < pipelines.length; i++) {
      // A step Pending, so the demo shows each state for a while (a Job alone is done in a second or two).
      await this.sleep(this.stepDelayMs);
      await step(
        requestStatus(promise, { phase: 'running', pipeline: i }, generation),
        `pipeline ${pipelines[i]} Running`,
      );
      // A request marked to fail fails every pipeline; a Promise version may mark one of its pipelines to fail.
      const stageFailure =
        failure ??
        (pipelineFails(promise, i)
          ? `container failed: the pipeline carries ${DEMO_ANNOTATIONS.fail}: "true"`
          : undefined);
      const succeeded = await this.runPipeline(promise, rr, i, {
        output,
        failure: stageFailure,
        log: line => this.log(`${name}: ${line}`),
      });
      if (!succeeded) {
        await step(
          requestStatus(
            promise,
            { phase: 'failed', pipeline: i, message: stageFailure ?? 'failed' },
            generation,
          ),
          `pipeline ${pipelines[i]} Failed (ConfigureWorkflowFailed)`,
        );
        return 'settled';
      }
    }

    await step(
      requestStatus(
        promise,
        { phase: 'configured', message: output.message },
        generation,
      ),
      'pipelines Succeeded',
    );
    if (!pipelines.length) {
      await step(
        requestStatus(
          promise,
          { phase: 'ready', message: output.message, fields: output.status },
          generation,
        ),
        'Reconciled (no pipelines)',
      );
      return 'reconciled';
    }

    const destination = chooseDestination(promise, destinations);
    const { work, workPlacement } = buildWork(promise, rr, output, destination);
    for (const o of [work, workPlacement]) {
      await applyObject(this.platform, o);
      await setStatus(this.platform, refOf(o), o.status);
    }
    this.log(
      `${name}: wrote Work ${work.metadata.name} and WorkPlacement to Destination ${destination}`,
    );

    const claims = output.files
      .flatMap(f => f.objects)
      .filter(CrossplaneWorker.isCrossplaneObject);
    if (claims.length) {
      const cluster = destinationCluster(
        destinations.find(d => d.metadata.name === destination),
      );
      const worker = this.options.clients.workers[cluster];
      if (!worker) {
        this.log(
          `${name}: Destination ${destination} stands for cluster '${cluster}', which the demo does not run; Crossplane objects not applied`,
        );
      } else {
        const crossplane = new CrossplaneWorker(worker);
        for (const readiness of ['creating', 'ready'] as const) {
          await this.sleep(this.stepDelayMs);
          for (const claim of claims) {
            await crossplane.apply(claim, readiness);
            this.log(
              `${name}: ${claim.kind} ${claim.metadata.namespace ?? ''}/${
                claim.metadata.name
              } on ${cluster}: ${readiness === 'ready' ? 'Ready' : 'Creating'}`,
            );
          }
        }
      }
    }

    await this.sleep(this.stepDelayMs);
    await step(
      requestStatus(
        promise,
        { phase: 'ready', message: output.message, fields: output.status },
        generation,
      ),
      'Reconciled',
    );
    return 'reconciled';
  }

  /** Starts the delete workflow of a deleted request Kratix's finalizer holds, unless it ran or is running. */
  private startDeleteWorkflow(promise: any, rr: any, key: string): void {
    const deleteKey = `delete/${key}`;
    if (
      !awaitsDeleteWorkflow(rr) ||
      !this.options.clients.platform.full ||
      flag(rr, DEMO_ANNOTATIONS.frozen) ||
      // As Kratix, wait for a running configure workflow to end first.
      this.timelines.has(key) ||
      this.timelines.has(deleteKey) ||
      this.settled.has(deleteKey)
    ) {
      return;
    }
    const name = this.label(promise, rr);
    this.log(`${name}: delete workflow started`);
    const run = runDeleteWorkflow(this.options.clients.platform, promise, rr, {
      failure: flag(rr, DEMO_ANNOTATIONS.failDelete)
        ? `container failed: the request carries ${DEMO_ANNOTATIONS.failDelete}: "true"`
        : undefined,
      defaultBackoffLimit: this.options.defaultBackoffLimit ?? 1,
      sleep: ms => this.sleep(ms),
      pollIntervalMs: Math.min(this.pollIntervalMs, 500),
    })
      .then(succeeded => {
        this.log(
          `${name}: delete workflow ${
            succeeded
              ? 'succeeded; finalizer removed'
              : 'failed (DeleteWorkflowFailed)'
          }`,
        );
        if (!succeeded) this.settled.set(deleteKey, 1);
      })
      .catch(e => {
        if (!(e instanceof Stopped)) {
          this.log(`${name}: delete workflow stopped: ${e.message ?? e}`);
        }
      })
      .finally(() => this.timelines.delete(deleteKey));
    this.timelines.set(deleteKey, run);
  }

  /**
   * Runs the `index`th configure pipeline of a request and answers whether it succeeded: its Job on a full
   * control plane (see {@link runPipelineJob}), else a pause of a step.
   */
  private async runPipeline(
    promise: any,
    rr: any,
    index: number,
    run: { output: any; failure?: string; log: (line: string) => void },
  ): Promise<boolean> {
    const cluster = this.options.clients.platform;
    if (!cluster.full) {
      await this.sleep(this.stepDelayMs);
      return !run.failure;
    }
    const result = await runPipelineJob(cluster, {
      promise,
      rr,
      action: 'configure',
      pipeline: promise.spec.workflows.resource.configure[index],
      output: run.output,
      failure: run.failure,
      defaultBackoffLimit: this.options.defaultBackoffLimit ?? 1,
      sleep: ms => this.sleep(ms),
      pollIntervalMs: Math.min(this.pollIntervalMs, 500),
    });
    run.log(
      `Job ${result.namespace}/${result.job} ${
        result.succeeded ? 'Complete' : 'Failed'
      } after ${result.pods.length} Pod(s): ${result.pods.join(', ')}`,
    );
    return result.succeeded;
  }

  private async cleanUp(
    existing: Set<string>,
    listed: Set<string>,
    destinations: any[],
  ): Promise<void> {
    const works = await this.list(KRATIX_API_VERSION, 'Work', {
      labelSelector: `${KRATIX_LABELS.workType}=${KRATIX_WORK_TYPES.resource}`,
    });
    for (const work of works) {
      const labels = work.metadata.labels ?? {};
      const promiseName = labels[KRATIX_LABELS.promiseName];
      // Only Works in a shared pipeline namespace carry the request's namespace as a label.
      const key = `${promiseName}/${
        labels[KRATIX_LABELS.resourceNamespace] ?? work.metadata.namespace
      }/${labels[KRATIX_LABELS.resourceName]}`;
      if (
        !listed.has(promiseName) ||
        existing.has(key) ||
        this.timelines.has(key)
      ) {
        continue;
      }
      const placements = await this.list(KRATIX_API_VERSION, 'WorkPlacement', {
        namespace: work.metadata.namespace,
        labelSelector: `${KRATIX_LABELS.work}=${work.metadata.name}`,
      });
      const removed: string[] = [];
      for (const placement of placements) {
        const destination = destinations.find(
          d => d.metadata.name === placement.spec?.targetDestinationName,
        );
        const cluster = destinationCluster(destination);
        const worker = this.options.clients.workers[cluster];
        if (worker) {
          const crossplane = new CrossplaneWorker(worker);
          for (const o of workObjects(work).filter(
            CrossplaneWorker.isCrossplaneObject,
          )) {
            const gone = await crossplane.remove(refOf(o));
            removed.push(...gone.map(r => `${r.kind} ${r.name} on ${cluster}`));
          }
        }
        await deleteIfExists(this.platform, refOf(placement));
      }
      await deleteIfExists(this.platform, refOf(work));
      this.log(
        `${key}: request deleted; removed Work ${work.metadata.name}, ${
          placements.length
        } WorkPlacement(s)${removed.length ? `, ${removed.join(', ')}` : ''}`,
      );
    }
  }
}
