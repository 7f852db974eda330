import type { BenchPromise } from '../generator/benchPromises';
import { pathOf } from '../generator/kinds';
import type { ObjectWriter } from '../generator/ObjectWriter';
import { sampleSpec } from '../generator/sampleSpec';
import type { CatalogApi } from './CatalogApi';
import { percentile, pollUntil } from './stats';

/** Namespace the scaffolder measurement creates its requests in (removed again afterwards). */
export const SCAFFOLDER_NAMESPACE = 'benchmark-scaffolder';
const TEMPLATE_NAME = 'benchmark-request';
const OWNER = 'group:default/team-a';

/** p50, p95 and max of some durations, in ms. */
export interface Durations {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** What the scaffolder measurement found. */
export interface ScaffolderResult {
  /** Tasks started at once through the scaffolder API. */
  tasks: number;
  succeeded: number;
  failures: string[];
  /** From the first POST to the last task seen finished. */
  burstWallMs: number;
  /** Each task of the burst, from its POST to being seen finished (polled every 250 ms). */
  burstTaskMs: Durations;
  /** The same number of raw creates of the same manifest, all at once. */
  rawBurstMs: Durations & { wallMs: number };
  /** Tasks one at a time, POST to finished (polled every 20 ms), and raw creates one at a time. */
  sequential: { count: number; taskMs: Durations; rawMs: Durations };
  /** p50 of a task one at a time minus p50 of a raw create one at a time. */
  overheadP50Ms: number;
}

const durations = (values: number[]): Durations => ({
  p50Ms: percentile(values, 50),
  p95Ms: percentile(values, 95),
  maxMs: values.length ? Math.max(...values) : NaN,
});

/** The Template the measurement runs: one `kratix:resource:request` step for `promise`, no waiting for Kratix. */
export function benchmarkTemplate(promise: BenchPromise): any {
  const location = 'url:https://example.com/benchmarks/template.yaml';
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: TEMPLATE_NAME,
      title: `Benchmark: request ${promise.name}`,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: {
      type: 'kratix-resource',
      owner: 'group:default/platform',
      parameters: [
        {
          title: 'Request',
          required: ['name'],
          properties: { name: { type: 'string', title: 'Name' } },
        },
      ],
      steps: [
        {
          id: 'request',
          name: 'Request',
          action: 'kratix:resource:request',
          input: {
            promise: promise.name,
            name: '${{ parameters.name }}',
            namespace: SCAFFOLDER_NAMESPACE,
            spec: templateSpec(promise),
            owner: OWNER,
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open in catalog',
            entityRef: '${{ steps.request.output.entityRef }}',
          },
        ],
      },
    },
  };
}

function templateSpec(promise: BenchPromise) {
  return sampleSpec(
    promise.crd.spec.versions[0].schema.openAPIV3Schema.properties?.spec,
    1,
  );
}

/** The manifest the action sends, for raw creates. */
function rawManifest(promise: BenchPromise, name: string) {
  return {
    apiVersion: promise.apiVersion,
    kind: promise.kind,
    metadata: {
      name,
      namespace: SCAFFOLDER_NAMESPACE,
      labels: { 'kratix.io/promise-name': promise.name },
      annotations: {
        'kratix.backstage.io/owner': OWNER,
        'kratix.backstage.io/template': `template:default/${TEMPLATE_NAME}`,
        'kratix.backstage.io/requested-by': 'user:default/bench',
      },
    },
    spec: templateSpec(promise),
  };
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * Runs `tasks` scaffolder tasks at once through the scaffolder API (POST /v2/tasks) with a Template calling
 * `kratix:resource:request`, checks every one succeeds, and compares with raw creates of the same manifest; then a
 * few one at a time to get the action's overhead over the Kubernetes call. Removes what it created.
 */
export async function measureScaffolder(options: {
  catalog: CatalogApi;
  promise: BenchPromise;
  writer: ObjectWriter;
  tasks: number;
  sequential: number;
  runId: string;
}): Promise<ScaffolderResult> {
  const { catalog, promise, writer, runId } = options;
  const created: string[] = [];
  const collection = pathOf(
    { apiVersion: promise.apiVersion, plural: promise.plural },
    SCAFFOLDER_NAMESPACE,
  );
  const template = await pollUntil(
    () => catalog.entity('template', 'default', TEMPLATE_NAME),
    250,
    120_000,
  );
  if (!template)
    throw new Error(
      `The Template ${TEMPLATE_NAME} did not reach the catalog within 120 s`,
    );

  const rawCreate = async (name: string) => {
    const started = performance.now();
    await writer.send('POST', collection, rawManifest(promise, name));
    created.push(name);
    return performance.now() - started;
  };
  const startTask = async (name: string): Promise<string> => {
    const { status, body } = await catalog.fetchJson('/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: `template:default/${TEMPLATE_NAME}`,
        values: { name },
      },
    });
    if (status !== 201)
      throw new Error(
        `POST /v2/tasks answered ${status}: ${JSON.stringify(body)}`,
      );
    created.push(name);
    return body.id;
  };
  const failureOf = async (id: string) => {
    const { body } = await catalog.fetchJson(
      `/scaffolder/v2/tasks/${id}/events`,
    );
    const completion = (body as any[]).find(e => e.type === 'completion');
    return `task ${id}: ${
      completion?.body?.error?.message ?? completion?.body?.message ?? 'failed'
    }`;
  };

  try {
    // Raw creates, all at once.
    const rawStarted = performance.now();
    const rawBurst = await Promise.all(
      Array.from({ length: options.tasks }, (_, i) =>
        rawCreate(`raw-${runId}-${i}`),
      ),
    );
    const rawWall = performance.now() - rawStarted;

    // Scaffolder tasks, all at once.
    const burstStarted = performance.now();
    const posted = await Promise.all(
      Array.from({ length: options.tasks }, async (_, i) => {
        const at = performance.now();
        const id = await startTask(`scaffolded-${runId}-${i}`);
        return { id, at };
      }),
    );
    const finishedAt = new Map<string, { at: number; status: string }>();
    const deadline = performance.now() + 300_000;
    while (finishedAt.size < posted.length && performance.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      const { body } = await catalog.fetchJson(
        `/scaffolder/v2/tasks?createdBy=${encodeURIComponent(
          'user:default/bench',
        )}&limit=1000`,
      );
      for (const task of body.tasks ?? []) {
        if (FINISHED.has(task.status) && !finishedAt.has(task.id)) {
          finishedAt.set(task.id, {
            at: performance.now(),
            status: task.status,
          });
        }
      }
    }
    const burstWallMs =
      Math.max(...Array.from(finishedAt.values(), f => f.at)) - burstStarted;
    const burstFailures: string[] = [];
    for (const { id } of posted) {
      const finished = finishedAt.get(id);
      if (!finished)
        burstFailures.push(`task ${id}: not finished within 300 s`);
      else if (finished.status !== 'completed')
        burstFailures.push(await failureOf(id));
    }
    const failures = [...burstFailures];
    const burstTaskMs = posted
      .filter(p => finishedAt.has(p.id))
      .map(p => finishedAt.get(p.id)!.at - p.at);

    // One at a time: a task, then a raw create.
    const taskMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < options.sequential; i++) {
      const started = performance.now();
      const id = await startTask(`single-${runId}-${i}`);
      const status = await pollUntil(
        async () => {
          const { body } = await catalog.fetchJson(
            `/scaffolder/v2/tasks/${id}`,
          );
          return FINISHED.has(body?.status) ? body.status : undefined;
        },
        20,
        60_000,
      );
      if (status === 'completed') taskMs.push(performance.now() - started);
      else
        failures.push(
          status ? await failureOf(id) : `task ${id}: not finished within 60 s`,
        );
      rawMs.push(await rawCreate(`raw-single-${runId}-${i}`));
    }

    const sequential = {
      count: options.sequential,
      taskMs: durations(taskMs),
      rawMs: durations(rawMs),
    };
    return {
      tasks: options.tasks,
      succeeded: posted.length - burstFailures.length,
      failures,
      burstWallMs,
      burstTaskMs: durations(burstTaskMs),
      rawBurstMs: { ...durations(rawBurst), wallMs: rawWall },
      sequential,
      overheadP50Ms: sequential.taskMs.p50Ms - sequential.rawMs.p50Ms,
    };
  } finally {
    await Promise.all(
      created.map(name =>
        writer.send('DELETE', `${collection}/${name}`).catch(() => undefined),
      ),
    );
  }
}
