import {
  applyCrd,
  createNamespace,
  createOrReplace,
  encodeWorkload,
  installPromise,
  kubeRequest,
  loadFixture,
  looseCrd,
  patchStatus,
  TestCluster,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  crossplaneEntityName,
  destinationEntityName,
  promiseEntityName,
  resourceRequestEntityName,
  xrdEntityName,
} from '@kratix-backstage/plugin-kratix-common';

/** Cluster names the drills configure under `kratix.clusters` (they are part of entity names). */
export const PLATFORM = 'platform';
export const WORKER = 'worker-1';

export const KRATIX = '/apis/platform.kratix.io/v1alpha1';
const XRD_NAME = 'xobjectstorages.awsblueprints.io';
const CLAIM_API = 'awsblueprints.io/v1alpha1';
export const CLAIMS = `/apis/${CLAIM_API}/namespaces/default/objectstorages`;
export const XRS = `/apis/${CLAIM_API}/xobjectstorages`;

/** The Promise APIs the drills request, as their Promises declare them. */
export const APIS = {
  redis: {
    file: 'kratix/kratix-marketplace__redis-promise.yaml',
    group: 'marketplace.kratix.io',
    kind: 'redis',
    plural: 'redis',
    spec: () => ({ size: 'small' }),
  },
  kafka: {
    file: 'kratix/kratix-marketplace__kafka-promise.yaml',
    group: 'marketplace.kratix.io',
    kind: 'kafka',
    plural: 'kafkas',
    spec: () => ({ size: 'small' }),
  },
  s3buckets: {
    file: 'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
    group: 'syntasso.io',
    kind: 'S3Bucket',
    plural: 's3buckets',
    spec: () => ({
      resourceConfig: {
        providerConfigName: 'default',
        region: 'eu-west-1',
        tags: [],
      },
    }),
  },
} as const;

export type PromiseName = keyof typeof APIS;

/** A Promise with no API (it only installs Crossplane), as the marketplace ships it. */
const NO_API_PROMISE = 'kratix/kratix-marketplace__crossplane-promise.yaml';

/** One resource request of the drill platform. */
export interface DrillRequest {
  promise: PromiseName;
  namespace: string;
  name: string;
}

/** How many requests of each Promise to seed, spread over the namespaces. */
export interface DrillSeedSizes {
  redis: number;
  kafka: number;
  /** Crossplane-backed: each gets a WorkPlacement and, on the worker, a claim and its composite. */
  s3buckets: number;
  namespaces?: string[];
}

const ref = (kind: string, name: string) =>
  `${kind}:default/${name}`.toLowerCase();

/** Runs `fn` over `items`, `limit` at a time. */
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

/** A condition as Kratix and Crossplane write them. */
export function condition(type: string, status: string, reason: string) {
  return {
    type,
    status,
    reason,
    message: reason,
    lastTransitionTime: new Date().toISOString(),
  };
}

/** The status Kratix writes on a request once it is reconciled, or once its pipeline failed. */
export function requestStatus(generation: number, state: 'ready' | 'failed') {
  return state === 'ready'
    ? {
        message: 'Resource requested',
        observedGeneration: generation,
        conditions: [condition('Reconciled', 'True', 'Reconciled')],
      }
    : {
        message: 'Pipeline failed',
        observedGeneration: generation,
        conditions: [
          condition(
            'ConfigureWorkflowCompleted',
            'False',
            'ConfigureWorkflowFailed',
          ),
          condition('Reconciled', 'False', 'ConfigureWorkflowFailed'),
        ],
      };
}

/**
 * A platform cluster and a worker as Kratix and Crossplane would leave them, at CI scale: the redis, kafka and
 * s3buckets (Crossplane-backed) Promises from the upstream fixtures plus one without an API, a Destination for the
 * worker, requests of each Promise in several namespaces, and for every s3buckets request its WorkPlacement with
 * the claim kratix-cli's pipeline writes and, on the worker, that claim and its composite. Knows which catalog
 * entities all of that should become.
 */
export class DrillPlatform {
  readonly requests: DrillRequest[] = [];

  constructor(readonly env: TestPlatform) {}

  get platform(): TestCluster {
    return this.env.platform;
  }

  get worker(): TestCluster {
    return this.env.workers[0];
  }

  /** Seeds everything; returns how many objects were written. */
  async seed(sizes: DrillSeedSizes): Promise<number> {
    let written = 0;
    const available = { status: 'Available' } as const;
    for (const api of Object.values(APIS)) {
      await installPromise(
        this.platform.admin,
        this.fixturePromise(api.file),
        available,
      );
      written += 2;
    }
    await installPromise(
      this.platform.admin,
      this.fixturePromise(NO_API_PROMISE),
      available,
    );
    await createOrReplace(this.platform.admin, `${KRATIX}/destinations`, {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Destination',
      metadata: {
        name: WORKER,
        labels: { 'kratix.backstage.io/cluster': WORKER },
      },
      spec: { path: WORKER },
    });
    written += 2;
    written += await this.#seedWorker();

    const namespaces = sizes.namespaces ?? ['team-a', 'team-b'];
    if (this.env.platform.full) {
      // A whole control plane admits objects only into namespaces that exist: Kratix's own, and each tenant's.
      for (const ns of ['kratix-platform-system', ...namespaces])
        await createNamespace(this.env.platform.admin, ns);
    }
    const planned: DrillRequest[] = [];
    for (const promise of Object.keys(APIS) as PromiseName[]) {
      for (let i = 0; i < sizes[promise]; i++) {
        const namespace = namespaces[i % namespaces.length];
        planned.push({ promise, namespace, name: `${promise}-${i}` });
      }
    }
    const counts = await mapLimit(planned, 8, r =>
      this.createRequest(r, i => (i % 5 === 4 ? 'failed' : 'ready')),
    );
    return written + counts.reduce((a, b) => a + b, 0);
  }

  /** The fixture Promise of a file. */
  fixturePromise(file: string): any {
    return structuredClone(loadFixture(file).find(d => d.kind === 'Promise'));
  }

  /**
   * Creates a request and, for s3buckets, its WorkPlacement and the claim and composite on the worker; writes its
   * status (ready unless `state` says otherwise). Returns how many objects were written.
   */
  async createRequest(
    request: DrillRequest,
    state: (index: number) => 'ready' | 'failed' | undefined = () => 'ready',
  ): Promise<number> {
    const api = APIS[request.promise];
    const path = this.requestPath(request);
    const created = await kubeRequest(this.platform.admin, 'POST', path, {
      apiVersion: `${api.group}/v1alpha1`,
      kind: api.kind,
      metadata: {
        name: request.name,
        namespace: request.namespace,
        labels: { 'kratix.io/promise-name': request.promise },
      },
      spec: api.spec(),
    });
    this.requests.push(request);
    const index = Number(request.name.split('-').pop());
    const s = state(Number.isNaN(index) ? 0 : index);
    if (s) {
      await patchStatus(
        this.platform.admin,
        `${path}/${request.name}`,
        requestStatus(created.metadata.generation, s),
      );
    }
    if (request.promise !== 's3buckets') return 1;
    await this.#placeClaim(request);
    return 5;
  }

  /** Deletes a request (and for s3buckets what it placed), as Kratix's delete pipeline would. */
  async deleteRequest(request: DrillRequest): Promise<void> {
    await kubeRequest(
      this.platform.admin,
      'DELETE',
      `${this.requestPath(request)}/${request.name}`,
    );
    this.requests.splice(this.requests.indexOf(request), 1);
    if (request.promise === 's3buckets') {
      const placed = `${KRATIX}/namespaces/${request.namespace}`;
      await kubeRequest(
        this.platform.admin,
        'DELETE',
        `${placed}/workplacements/s3buckets-${request.name}.${WORKER}`,
      );
      await kubeRequest(
        this.platform.admin,
        'DELETE',
        `${placed}/works/s3buckets-${request.name}`,
      );
      await kubeRequest(
        this.worker.admin,
        'DELETE',
        `${CLAIMS}/${request.name}`,
      );
      await kubeRequest(
        this.worker.admin,
        'DELETE',
        `${XRS}/${request.name}-x`,
      );
    }
  }

  /** Writes a request's status, as Kratix would after a reconcile. */
  async setRequestState(request: DrillRequest, state: 'ready' | 'failed') {
    const path = `${this.requestPath(request)}/${request.name}`;
    const current = await kubeRequest(this.platform.admin, 'GET', path);
    await patchStatus(
      this.platform.admin,
      path,
      requestStatus(current.metadata.generation, state),
    );
  }

  /** Writes the Ready condition of an s3buckets request's claim on the worker, as Crossplane would. */
  async setClaimReady(request: DrillRequest, ready: boolean) {
    await patchStatus(this.worker.admin, `${CLAIMS}/${request.name}`, {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition(
          'Ready',
          ready ? 'True' : 'False',
          ready ? 'Available' : 'Creating',
        ),
      ],
    });
  }

  /** The collection path of a request's kind in its namespace. */
  requestPath(request: Pick<DrillRequest, 'promise' | 'namespace'>): string {
    const api = APIS[request.promise];
    return `/apis/${api.group}/v1alpha1/namespaces/${request.namespace}/${api.plural}`;
  }

  /** The catalog entity of a request. */
  requestRef(request: DrillRequest): string {
    const api = APIS[request.promise];
    return ref(
      'resource',
      resourceRequestEntityName({
        cluster: PLATFORM,
        namespace: request.namespace,
        name: request.name,
        kind: api.kind,
        group: api.group,
      }),
    );
  }

  /** The catalog entity of an s3buckets request's claim on the worker. */
  claimRef(request: DrillRequest): string {
    return ref(
      'resource',
      crossplaneEntityName({
        cluster: WORKER,
        namespace: 'default',
        name: request.name,
        kind: 'ObjectStorage',
        group: 'awsblueprints.io',
      }),
    );
  }

  /** The catalog entity of an s3buckets request's composite on the worker. */
  compositeRef(request: DrillRequest): string {
    return ref(
      'resource',
      crossplaneEntityName({
        cluster: WORKER,
        name: `${request.name}-x`,
        kind: 'XObjectStorage',
        group: 'awsblueprints.io',
      }),
    );
  }

  /** Every entity the provider should make of what is on the clusters now. */
  expectedRefs(): Set<string> {
    const refs = new Set<string>();
    for (const promise of Object.keys(APIS)) {
      const name = promiseEntityName({ cluster: PLATFORM, name: promise });
      for (const kind of ['component', 'api', 'template']) {
        refs.add(ref(kind, name));
      }
    }
    refs.add(
      ref(
        'component',
        promiseEntityName({ cluster: PLATFORM, name: 'crossplane' }),
      ),
    );
    refs.add(
      ref(
        'resource',
        destinationEntityName({ cluster: PLATFORM, name: WORKER }),
      ),
    );
    refs.add(ref('api', xrdEntityName({ cluster: WORKER, name: XRD_NAME })));
    for (const request of this.requests) {
      refs.add(this.requestRef(request));
      if (request.promise === 's3buckets') {
        refs.add(this.claimRef(request));
        refs.add(this.compositeRef(request));
      }
    }
    return refs;
  }

  /** Just the entities of the worker cluster (its XRD, claims and composites). */
  workerRefs(): Set<string> {
    const refs = new Set<string>([
      ref('api', xrdEntityName({ cluster: WORKER, name: XRD_NAME })),
    ]);
    for (const request of this.requests) {
      if (request.promise === 's3buckets') {
        refs.add(this.claimRef(request));
        refs.add(this.compositeRef(request));
      }
    }
    return refs;
  }

  async #seedWorker(): Promise<number> {
    const [xrd] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
    );
    await createOrReplace(
      this.worker.admin,
      '/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions',
      xrd,
    );
    await applyCrd(
      this.worker.admin,
      looseCrd({
        apiVersion: CLAIM_API,
        kind: 'ObjectStorage',
        plural: 'objectstorages',
        namespaced: true,
      }),
    );
    await applyCrd(
      this.worker.admin,
      looseCrd({
        apiVersion: CLAIM_API,
        kind: 'XObjectStorage',
        plural: 'xobjectstorages',
        namespaced: false,
      }),
    );
    return 3;
  }

  /** What kratix-cli's pipeline writes and Crossplane makes of it: WorkPlacement, claim, composite. */
  async #placeClaim(request: DrillRequest) {
    const claim = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: {
        name: request.name,
        namespace: 'default',
        labels: { 'kratix.io/promise-name': 's3buckets' },
      },
      spec: {
        resourceRef: {
          apiVersion: 'awsblueprints.io/v1alpha1',
          kind: 'XObjectStorage',
          name: `${request.name}-x`,
        },
      },
    };
    const workloads = [
      { filepath: 'claim.yaml', content: encodeWorkload([claim]) },
    ];
    await kubeRequest(
      this.platform.admin,
      'POST',
      `${KRATIX}/namespaces/${request.namespace}/works`,
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Work',
        metadata: {
          name: `s3buckets-${request.name}`,
          namespace: request.namespace,
          labels: {
            'kratix.io/promise-name': 's3buckets',
            'kratix.io/resource-name': request.name,
            'kratix.io/resource-namespace': request.namespace,
            'kratix.io/pipeline-name': 'instance-configure',
            'kratix.io/work-type': 'resource',
          },
        },
        spec: {
          promiseName: 's3buckets',
          resourceName: request.name,
          workloadGroups: [{ id: 'claims', directory: '.', workloads }],
        },
      },
    );
    await kubeRequest(
      this.platform.admin,
      'POST',
      `${KRATIX}/namespaces/${request.namespace}/workplacements`,
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'WorkPlacement',
        metadata: {
          name: `s3buckets-${request.name}.${WORKER}`,
          namespace: request.namespace,
          labels: { 'kratix.io/work': `s3buckets-${request.name}` },
        },
        spec: {
          targetDestinationName: WORKER,
          promiseName: 's3buckets',
          resourceName: request.name,
          id: 'claims',
          workloads,
        },
      },
    );
    const ready = {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition('Ready', 'True', 'Available'),
      ],
    };
    await kubeRequest(this.worker.admin, 'POST', CLAIMS, claim);
    await patchStatus(this.worker.admin, `${CLAIMS}/${request.name}`, ready);
    await kubeRequest(this.worker.admin, 'POST', XRS, {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'XObjectStorage',
      metadata: {
        name: `${request.name}-x`,
        labels: {
          'crossplane.io/claim-name': request.name,
          'crossplane.io/claim-namespace': 'default',
        },
      },
      spec: {
        claimRef: {
          apiVersion: claim.apiVersion,
          kind: claim.kind,
          name: request.name,
          namespace: 'default',
        },
        resourceRefs: [],
      },
    });
    await patchStatus(this.worker.admin, `${XRS}/${request.name}-x`, ready);
  }
}
