import { buildWork, timestamp } from '@kratix-backstage/demo-platform';
import {
  applyCrd,
  kratixCrdFiles,
  readYamlDocuments,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { BenchPromise, benchPromises, promiseStatus } from './benchPromises';
import {
  chainCrds,
  CrossplaneChain,
  crossplaneChains,
  crossplaneTree,
  xrdStatus,
} from './crossplaneObjects';
import { KindRef, objectPath, pathOf, withoutStatusSubresource } from './kinds';
import {
  destinationObjects,
  KRATIX_KINDS,
  nameSuffix,
  pipelineName,
  requestCoordinates,
  requestObject,
  requestState,
} from './kratixObjects';
import { ObjectWriter, WriteItem } from './ObjectWriter';

const XRD_KIND: KindRef = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  plural: 'compositeresourcedefinitions',
  namespaced: false,
};
const COMPOSITION_KIND: KindRef = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  plural: 'compositions',
  namespaced: false,
};

/** Options of {@link BenchDataset}. */
export interface BenchDatasetOptions {
  /** How many Promises (copies of the upstream fixtures); 50 unless given. */
  promises?: number;
  /** Requests in flight per API server while loading; 24 unless given. */
  concurrency?: number;
}

/** What one {@link BenchDataset.growTo} did. */
export interface LoadReport {
  /** Requests before and after. */
  from: number;
  to: number;
  /** Objects created, per cluster. */
  objects: Record<string, number>;
  /** Requests sent to the API servers, retries included. */
  requests: number;
  /** Wall time of the whole step, and of the writes alone, in ms. */
  ms: number;
  writeMs: number;
}

/** A kind on a cluster, as the provider reads it. */
export interface ClusterKind {
  cluster: string;
  kind: KindRef;
}

/** Coordinates of one object the benchmark changes. */
export interface ObjectCoordinates {
  cluster: string;
  kind: KindRef;
  namespace?: string;
  name: string;
  /** REST path of the object. */
  path: string;
}

/**
 * The benchmark's data set on a test platform: Promises copied from the upstream fixtures with their API CRDs, two
 * Destinations, and per resource request its Work, WorkPlacement and, on one of the two workers, the Crossplane claim
 * its pipeline wrote with the composite and managed resource Crossplane made of it. Objects carry the status Kratix
 * and Crossplane would have written. Grows in steps ({@link BenchDataset.growTo}).
 */
export class BenchDataset {
  readonly promises: BenchPromise[];
  readonly chains: CrossplaneChain[];
  readonly workerNames: string[];
  /** Requests loaded so far. */
  size = 0;
  readonly #env: TestPlatform;
  readonly #concurrency: number;
  readonly #at = timestamp(60);

  constructor(env: TestPlatform, options: BenchDatasetOptions = {}) {
    if (env.workers.length < 1) {
      throw new Error('The benchmark needs at least one worker cluster');
    }
    this.#env = env;
    this.#concurrency = options.concurrency ?? 24;
    this.promises = benchPromises(options.promises ?? 50);
    this.chains = crossplaneChains();
    this.workerNames = env.workers.map(w => w.name);
  }

  #writer(cluster: string) {
    const c =
      cluster === this.#env.platform.name
        ? this.#env.platform
        : this.#env.workers.find(w => w.name === cluster)!;
    return new ObjectWriter(c.admin, this.#concurrency);
  }

  /** Creates an object, then writes its status through the status subresource. */
  async #createWithStatus(writer: ObjectWriter, kind: KindRef, object: any) {
    const { status, ...rest } = object;
    await writer
      .send(
        'POST',
        pathOf(kind, kind.namespaced ? object.metadata.namespace : undefined),
        rest,
      )
      .catch(error => {
        if (error?.statusCode !== 409) throw error;
      });
    if (status) {
      await writer.send(
        'PATCH',
        `${objectPath(kind, object)}/status`,
        { status },
        'application/merge-patch+json',
      );
    }
  }

  /** Installs the Promises and their APIs, the Destinations, and on every worker the XRDs, Compositions and CRDs. */
  async setUp(): Promise<number> {
    const started = Date.now();
    const { platform, workers } = this.#env;
    await mapLimit(this.promises, 8, p => applyCrd(platform.admin, p.crd));
    const writer = this.#writer(platform.name);
    try {
      await mapLimit(this.promises, 8, p =>
        this.#createWithStatus(writer, KRATIX_KINDS.promise, {
          ...p.promise,
          status: promiseStatus(p, this.#at),
        }),
      );
      for (const object of destinationObjects(this.workerNames, this.#at)) {
        await this.#createWithStatus(
          writer,
          object.kind === 'Destination'
            ? KRATIX_KINDS.destination
            : KRATIX_KINDS.bucketStateStore,
          object,
        );
      }
    } finally {
      writer.close();
    }
    await Promise.all(
      workers.map(async worker => {
        const w = this.#writer(worker.name);
        try {
          for (const chain of this.chains) {
            await mapLimit(chainCrds(chain), 4, crd =>
              applyCrd(worker.admin, crd),
            );
            await this.#createWithStatus(w, XRD_KIND, {
              ...chain.xrd,
              status: xrdStatus(chain, this.#at),
            });
            await this.#createWithStatus(
              w,
              COMPOSITION_KIND,
              chain.composition,
            );
          }
        } finally {
          w.close();
        }
      }),
    );
    return Date.now() - started;
  }

  /** The CRDs whose objects the loader writes with their status, per cluster. */
  #statusCrds(): Record<string, any[]> {
    const kratix = kratixCrdFiles()
      .flatMap(readYamlDocuments)
      .filter(d =>
        [
          'works.platform.kratix.io',
          'workplacements.platform.kratix.io',
        ].includes(d?.metadata?.name),
      );
    const out: Record<string, any[]> = {
      [this.#env.platform.name]: [...kratix, ...this.promises.map(p => p.crd)],
    };
    for (const worker of this.workerNames) {
      out[worker] = this.chains.flatMap(chainCrds);
    }
    return out;
  }

  /**
   * Turns the status subresource of the loaded kinds off or back on. With it off, an object is created with its
   * status in one request; turning it back on leaves the stored objects as they are, so the end state is the one
   * Kratix and Crossplane leave, in half the requests.
   */
  async #statusSubresources(enabled: boolean) {
    const clusters = [this.#env.platform, ...this.#env.workers];
    const crds = this.#statusCrds();
    await Promise.all(
      clusters.map(cluster =>
        mapLimit(crds[cluster.name], 8, crd =>
          applyCrd(
            cluster.admin,
            enabled ? crd : withoutStatusSubresource(crd),
          ),
        ),
      ),
    );
  }

  /** Which worker and chain request `index` uses. */
  #placement(index: number) {
    const promiseIndex = index % this.promises.length;
    const round = Math.floor(index / this.promises.length);
    return {
      promise: this.promises[promiseIndex],
      chain: this.chains[promiseIndex % this.chains.length],
      worker: this.workerNames[round % this.workerNames.length],
    };
  }

  /** The claim request `index`'s pipeline wrote, as it stands in its Work. */
  #writtenClaim(index: number) {
    const { promise, chain } = this.#placement(index);
    const { name, namespace } = requestCoordinates(promise, index);
    return {
      apiVersion: chain.claim.apiVersion,
      kind: chain.claim.kind,
      metadata: {
        name,
        namespace: chain.claimNamespace(namespace),
        labels: { 'kratix.io/promise-name': promise.name },
      },
      spec: chain.claimSpec(index),
    };
  }

  /** The platform's objects of request `index`: the request, its Work and its WorkPlacement. */
  #platformObjects(index: number): Array<{ kind: KindRef; object: any }> {
    const { promise, worker } = this.#placement(index);
    const rr = requestObject(promise, index, this.#at);
    const { work, workPlacement } = buildWork(
      promise.promise,
      rr,
      {
        pipeline: pipelineName(promise),
        files: [
          { filepath: 'claim.yaml', objects: [this.#writtenClaim(index)] },
        ],
      },
      worker,
      this.#at,
    );
    return [
      {
        kind: {
          apiVersion: promise.apiVersion,
          kind: promise.kind,
          plural: promise.plural,
          namespaced: true,
        },
        object: rr,
      },
      { kind: KRATIX_KINDS.work, object: work },
      { kind: KRATIX_KINDS.workPlacement, object: workPlacement },
    ];
  }

  /** The Crossplane objects of request `index` on its worker: claim, composite and managed resource. */
  #crossplaneObjects(index: number): Array<{ kind: KindRef; object: any }> {
    const { promise, chain } = this.#placement(index);
    const { name, namespace } = requestCoordinates(promise, index);
    const tree = crossplaneTree(
      chain,
      this.#writtenClaim(index),
      nameSuffix(namespace, name),
      this.#at,
      requestState(index) !== 'failed',
    );
    return [
      { kind: chain.claim, object: tree.claim },
      { kind: chain.xr, object: tree.xr },
      { kind: chain.managed, object: tree.managed },
    ];
  }

  /** Every object of request `index`, as the loader writes them: on the platform, and on its worker. */
  objectsOf(index: number): {
    platform: Array<{ kind: KindRef; object: any }>;
    worker: string;
    crossplane: Array<{ kind: KindRef; object: any }>;
  } {
    return {
      platform: this.#platformObjects(index),
      worker: this.#placement(index).worker,
      crossplane: this.#crossplaneObjects(index),
    };
  }

  /** What to create on `cluster` for requests `from` to `to` (excluded), made as they are taken. */
  *#itemsFor(cluster: string, from: number, to: number): Generator<WriteItem> {
    for (let i = from; i < to; i++) {
      let list: Array<{ kind: KindRef; object: any }> = [];
      if (cluster === this.#env.platform.name) list = this.#platformObjects(i);
      else if (this.#placement(i).worker === cluster)
        list = this.#crossplaneObjects(i);
      for (const { kind, object } of list) {
        yield {
          path: pathOf(
            kind,
            kind.namespaced ? object.metadata.namespace : undefined,
          ),
          body: object,
        };
      }
    }
  }

  /** Adds requests until there are `size`, with their Works, WorkPlacements and Crossplane objects. */
  async growTo(size: number): Promise<LoadReport> {
    const from = this.size;
    const started = Date.now();
    const objects: Record<string, number> = {};
    let requests = 0;
    if (size <= from) {
      return { from, to: from, objects, requests, ms: 0, writeMs: 0 };
    }
    await this.#statusSubresources(false);
    const writeStarted = Date.now();
    const clusters = [this.#env.platform.name, ...this.workerNames];
    const writers = Object.fromEntries(clusters.map(c => [c, this.#writer(c)]));
    try {
      const counts = await Promise.all(
        clusters.map(c =>
          writers[c].createAll(
            this.#itemsFor(c, from, size),
            this.#concurrency,
          ),
        ),
      );
      clusters.forEach((c, i) => {
        objects[c] = counts[i];
      });
    } finally {
      for (const w of Object.values(writers)) {
        requests += w.requests;
        w.close();
      }
    }
    const writeMs = Date.now() - writeStarted;
    await this.#statusSubresources(true);
    this.size = size;
    return {
      from,
      to: size,
      objects,
      requests,
      ms: Date.now() - started,
      writeMs,
    };
  }

  /** Every kind our provider reads, per cluster: Kratix's, each Promise API, and on the workers XRDs and the chains' kinds. */
  kindsRead(): ClusterKind[] {
    const platform = this.#env.platform.name;
    return [
      ...[
        KRATIX_KINDS.promise,
        KRATIX_KINDS.destination,
        KRATIX_KINDS.work,
        KRATIX_KINDS.workPlacement,
      ].map(kind => ({ cluster: platform, kind })),
      ...this.promises.map(p => ({
        cluster: platform,
        kind: {
          apiVersion: p.apiVersion,
          kind: p.kind,
          plural: p.plural,
          namespaced: true,
        },
      })),
      ...this.workerNames.flatMap(cluster => [
        { cluster, kind: XRD_KIND },
        ...this.chains.flatMap(chain =>
          [chain.claim, chain.xr, chain.managed].map(kind => ({
            cluster,
            kind,
          })),
        ),
      ]),
    ];
  }

  /** How many objects {@link BenchDataset.kindsRead} lists at the current size. */
  objectsRead(): number {
    const n = this.size;
    return (
      this.promises.length +
      this.workerNames.length + // Destinations
      3 * n + // requests, Works, WorkPlacements
      this.workerNames.length * this.chains.length + // XRDs
      3 * n // claims, composites, managed resources
    );
  }

  /** Coordinates of request `index` on the platform cluster. */
  request(index: number): ObjectCoordinates {
    const { promise } = this.#placement(index);
    const { name, namespace } = requestCoordinates(promise, index);
    const kind: KindRef = {
      apiVersion: promise.apiVersion,
      kind: promise.kind,
      plural: promise.plural,
      namespaced: true,
    };
    return {
      cluster: this.#env.platform.name,
      kind,
      namespace,
      name,
      path: pathOf(kind, namespace, name),
    };
  }

  /** Coordinates of the claim of request `index` on its worker. */
  claim(index: number): ObjectCoordinates {
    const { chain, worker, promise } = this.#placement(index);
    const { name, namespace } = requestCoordinates(promise, index);
    const ns = chain.claimNamespace(namespace);
    return {
      cluster: worker,
      kind: chain.claim,
      namespace: ns,
      name,
      path: pathOf(chain.claim, ns, name),
    };
  }

  /** Whether request `index` is ready (its status message shows in the catalog). */
  isReady(index: number): boolean {
    return requestState(index) === 'ready';
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}
