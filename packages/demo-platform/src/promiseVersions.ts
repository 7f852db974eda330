import { applyCrd, promiseApiCrd } from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  KRATIX_BINDING_VERSION_STRATEGIES,
  KRATIX_CONDITION_REASONS,
  KRATIX_CONDITION_TYPES,
  KRATIX_KINDS,
  KRATIX_LABELS,
  KRATIX_LATEST_VERSION,
  KRATIX_PLATFORM_NAMESPACE,
  KRATIX_UNVERSIONED_PROMISE_VERSION,
  KratixPromiseRevision,
  KratixResourceBinding,
  findResourceBinding,
  getBindingVersionStrategy,
  getCondition,
  getLatestRevision,
  getPromiseApi,
  getPromiseRevisions,
  getPromiseVersion,
  getUpgradeResult,
} from '@kratix-backstage/plugin-kratix-common';
import { createHash } from 'node:crypto';
import { condition } from './conditions';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { DemoCluster } from './demoClients';
import {
  createIfAbsent,
  getIfExists,
  isConflict,
  mergePatch,
  refOf,
  setStatus,
} from './kubeObjects';

const LABEL_VALUE_MAX_LENGTH = 63;
// Labels a request carries only to trigger a run once; Kratix does not copy them to its binding.
const ONE_SHOT_LABELS = [
  KRATIX_LABELS.manualReconciliation,
  'kratix.io/workflow-run-from-start',
];

/**
 * Kratix's deterministic object name (upstream `lib/objectutil/name.go`): the name cut to 57 characters and
 * trimmed to end alphanumeric, then `-` and five hex digits of the MD5 of the hashing input.
 */
export function deterministicName(name: string, hashingInput = name): string {
  let base = name.length > 57 ? name.slice(0, 56) : name;
  while (base && !/[a-zA-Z0-9]$/.test(base)) base = base.slice(0, -1);
  return `${base}-${createHash('md5')
    .update(hashingInput)
    .digest('hex')
    .slice(0, 5)}`;
}

/** The name of a Promise version's PromiseRevision (upstream `api/v1alpha1/promiserevision_types.go`). */
export function revisionName(promiseName: string, version: string): string {
  return deterministicName(promiseName, version);
}

/**
 * The labels Kratix finds a request's ResourceBinding by (upstream `resourceBindingLabelsFor` in
 * `internal/controller/dynamic_resource_request_controller.go`); a name too long for a label is hashed.
 */
export function bindingLabels(
  promiseName: string,
  resourceName: string,
): Record<string, string> {
  return {
    [KRATIX_LABELS.promiseName]: promiseName,
    [KRATIX_LABELS.resourceName]:
      resourceName.length <= LABEL_VALUE_MAX_LENGTH
        ? resourceName
        : deterministicName(resourceName),
  };
}

// Unstructured objects come back from the API server with their keys sorted; compare them the same way.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

function flag(object: any, key: string): boolean {
  return (
    object?.metadata?.labels?.[key] === 'true' ||
    object?.metadata?.annotations?.[key] === 'true'
  );
}

/** True when pipeline `index` of a Promise (or of one of its revisions) is marked to fail in the demo. */
export function pipelineFails(promise: any, index: number): boolean {
  return flag(
    promise?.spec?.workflows?.resource?.configure?.[index],
    DEMO_ANNOTATIONS.fail,
  );
}

function upgradeCondition(
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
) {
  return condition(
    KRATIX_CONDITION_TYPES.upgradeSucceeded,
    status,
    reason,
    message,
  );
}

function withCondition(binding: any, next: any): any[] {
  const others = (binding.status?.conditions ?? []).filter(
    (c: any) => c.type !== next.type,
  );
  return [...others, next];
}

/** How a run of a request's configure workflow ended, as the simulator's timeline reports it. */
export type RunOutcome = 'reconciled' | 'settled';

/**
 * Plays Kratix's Promise versioning on the demo platform: a PromiseRevision per Promise version (the current one
 * marked latest), a ResourceBinding per request, requests moved to the version their binding asks for, and the
 * binding's `UpgradeSucceeded`, `lastAppliedVersion` and `failedVersion` as each run ends.
 */
export class PromiseVersions {
  private revisions: KratixPromiseRevision[] = [];
  private bindings = new Map<string, KratixResourceBinding[]>();

  constructor(
    private readonly cluster: DemoCluster,
    private readonly log: (line: string) => void = () => {},
  ) {}

  private get client() {
    return this.cluster.client;
  }

  private async listKind(kind: string, labelSelector?: string) {
    return (
      await this.client.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind,
        labelSelector,
      })
    ).items;
  }

  /**
   * Gives each Promise's current version a PromiseRevision marked latest and takes the mark off its other revisions
   * (upstream `internal/controller/promise_controller.go` handlePromiseVersion, `promiserevision_controller.go`).
   */
  async syncPromises(promises: any[]): Promise<void> {
    this.revisions = await this.listKind(KRATIX_KINDS.promiseRevision);
    let changed = false;
    for (const promise of promises) {
      if (promise.metadata.deletionTimestamp) continue;
      changed = (await this.syncPromise(promise)) || changed;
    }
    if (changed) {
      this.revisions = await this.listKind(KRATIX_KINDS.promiseRevision);
    }
  }

  // True when it wrote a revision.
  private async syncPromise(promise: any): Promise<boolean> {
    const promiseName = promise.metadata.name;
    const version =
      getPromiseVersion(promise) ?? KRATIX_UNVERSIONED_PROMISE_VERSION;
    const name = revisionName(promiseName, version);
    const own = getPromiseRevisions(promiseName, this.revisions);
    const wanted = {
      apiVersion: KRATIX_API_VERSION,
      kind: KRATIX_KINDS.promiseRevision,
      metadata: {
        name,
        labels: {
          [KRATIX_LABELS.promiseName]: promiseName,
          [KRATIX_LABELS.latestRevision]: 'true',
        },
        ownerReferences: [
          {
            apiVersion: KRATIX_API_VERSION,
            kind: KRATIX_KINDS.promise,
            name: promiseName,
            uid: promise.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        promiseRef: { name: promiseName },
        promiseSpec: promise.spec ?? {},
        version,
      },
    };
    let current: any = own.find(r => r.metadata.name === name);
    let changed = !current;
    if (!current) {
      current = (await createIfAbsent(this.client, wanted)).object;
      this.log(
        `Promise ${promiseName}: created PromiseRevision ${name} (version ${version})`,
      );
    } else if (
      current.metadata.labels?.[KRATIX_LABELS.latestRevision] !== 'true' ||
      canonical(current.spec) !== canonical(wanted.spec)
    ) {
      current = await mergePatch(this.client, refOf(current), {
        metadata: { labels: wanted.metadata.labels },
        spec: wanted.spec,
      });
      changed = true;
    }
    if (current.status?.latest !== true) {
      changed = true;
      for (const other of own) {
        if (other.metadata.name === name) continue;
        if (
          other.metadata.labels?.[KRATIX_LABELS.latestRevision] ||
          other.status?.latest
        ) {
          await mergePatch(this.client, refOf(other), {
            metadata: { labels: { [KRATIX_LABELS.latestRevision]: null } },
          });
          await setStatus(this.client, refOf(other), { latest: false });
        }
      }
      await setStatus(this.client, refOf(current), { latest: true });
      this.log(`Promise ${promiseName}: version ${version} is the latest`);
      if (own.length) await this.applyApi(promise);
    }
    if (
      getPromiseVersion(promise) &&
      promise.status?.version !== getPromiseVersion(promise) &&
      promise.status?.conditions?.length
    ) {
      await setStatus(this.client, refOf(promise), { version });
    }
    return changed;
  }

  // A new version may change the Promise's API; Kratix applies its CRD again.
  private async applyApi(promise: any): Promise<void> {
    const crd = promiseApiCrd(promise);
    if (!crd) return;
    await applyCrd(this.cluster.admin, crd);
    this.client.invalidateDiscovery();
  }

  // The demo's platform may serve no ConfigMaps at all (a CRD server): then Kratix's default, floating.
  private async strategy() {
    const configMap = await getIfExists(this.client, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: KRATIX_PLATFORM_NAMESPACE,
      name: 'kratix',
    }).catch(() => undefined);
    const match =
      /^resourceBindingVersionStrategy:\s*["']?([\w-]+)["']?\s*$/m.exec(
        configMap?.data?.config ?? '',
      );
    return getBindingVersionStrategy(match?.[1]);
  }

  /**
   * Gives each request a ResourceBinding (adopting one made beforehand), keeps the request's labels on it, and,
   * as Kratix's ResourceBinding controller does, asks for a run when the binding wants another version than the
   * request runs. Returns the requests, with those asked to run as they are now.
   */
  async syncRequests(promise: any, requests: any[]): Promise<any[]> {
    const promiseName = promise.metadata.name;
    let bindings: KratixResourceBinding[] = await this.listKind(
      KRATIX_KINDS.resourceBinding,
      `${KRATIX_LABELS.promiseName}=${promiseName}`,
    );
    const latest = getLatestRevision(
      getPromiseRevisions(promiseName, this.revisions),
    );
    const out: any[] = [];
    for (const rr of requests) {
      const skip =
        rr.metadata.deletionTimestamp ||
        flag(rr, DEMO_ANNOTATIONS.frozen) ||
        flag(rr, KRATIX_LABELS.paused);
      if (skip) {
        out.push(rr);
        continue;
      }
      let binding = findResourceBinding(
        {
          promiseName,
          name: rr.metadata.name,
          namespace: rr.metadata.namespace,
        },
        bindings,
      );
      const ensured = await this.ensureBinding(promise, rr, binding, latest);
      bindings = [...bindings.filter(b => b !== binding), ensured];
      binding = ensured;
      out.push(await this.checkVersion(rr, binding, latest));
    }
    this.bindings.set(promiseName, bindings);
    return out;
  }

  private async ensureBinding(
    promise: any,
    rr: any,
    binding: KratixResourceBinding | undefined,
    latest: KratixPromiseRevision | undefined,
  ): Promise<KratixResourceBinding> {
    const promiseName = promise.metadata.name;
    const labels: Record<string, string | null> = { ...rr.metadata.labels };
    for (const l of ONE_SHOT_LABELS) delete labels[l];
    Object.assign(labels, bindingLabels(promiseName, rr.metadata.name));
    if (binding?.metadata.labels?.[KRATIX_LABELS.manualReconciliation]) {
      labels[KRATIX_LABELS.manualReconciliation] = 'true';
    }
    if (!binding) {
      // Upstream determineResourceBindingVersion: the request's last binding version, else the strategy.
      const version =
        rr.status?.resourceBindingVersion ||
        ((await this.strategy()) === KRATIX_BINDING_VERSION_STRATEGIES.pinned &&
        latest
          ? latest.spec.version
          : KRATIX_LATEST_VERSION);
      const { object } = await createIfAbsent(this.client, {
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.resourceBinding,
        metadata: {
          name: deterministicName(`${rr.metadata.name}-${promiseName}`),
          namespace: rr.metadata.namespace,
          labels,
        },
        spec: {
          version,
          promiseRef: { name: promiseName },
          resourceRef: {
            name: rr.metadata.name,
            namespace: rr.metadata.namespace,
          },
        },
      });
      this.log(
        `${rr.metadata.namespace}/${rr.metadata.name} (${promiseName}): ResourceBinding ${object.metadata.name} at version ${object.spec.version}`,
      );
      return object;
    }
    const current = binding.metadata.labels ?? {};
    if (canonical(current) === canonical(labels)) return binding;
    for (const key of Object.keys(current)) {
      if (!(key in labels)) labels[key] = null;
    }
    return mergePatch(this.client, refOf(binding), { metadata: { labels } });
  }

  // Upstream internal/controller/resourcebinding_controller.go.
  private async checkVersion(
    rr: any,
    binding: KratixResourceBinding,
    latest: KratixPromiseRevision | undefined,
  ): Promise<any> {
    const running = rr.status?.promiseVersion;
    if (!running || running === KRATIX_UNVERSIONED_PROMISE_VERSION) return rr;
    const desired =
      binding.spec.version === KRATIX_LATEST_VERSION
        ? latest?.spec?.version
        : binding.spec.version;
    if (!desired || desired === running) return rr;
    const upgrade = getUpgradeResult(binding);
    if (upgrade.state === 'failed' && upgrade.failedVersion === desired) {
      return rr;
    }
    if (upgrade.state === 'inProgress' && upgrade.version === desired) {
      return rr;
    }
    // Upstream writes the request and then the binding's status with Update, so a copy read before the request's
    // run recorded its new version is refused with a conflict and looked at again on the next pass. Without that,
    // a stale copy would mark a finished upgrade as in progress and run the request once more.
    let updated: any;
    try {
      updated = await mergePatch(this.client, refOf(rr), {
        metadata: {
          resourceVersion: rr.metadata.resourceVersion,
          labels: { [KRATIX_LABELS.manualReconciliation]: 'true' },
        },
      });
      await this.markInProgress(
        binding,
        desired,
        binding.metadata.resourceVersion,
      );
    } catch (error) {
      if (!isConflict(error)) throw error;
      return updated ?? rr;
    }
    this.log(
      `${rr.metadata.namespace}/${rr.metadata.name}: upgrade from ${running} to ${desired} requested`,
    );
    return updated;
  }

  private async bindingOf(promiseName: string, rr: any) {
    const known = findResourceBinding(
      {
        promiseName,
        name: rr.metadata.name,
        namespace: rr.metadata.namespace,
      },
      this.bindings.get(promiseName) ?? [],
    );
    return known ? getIfExists(this.client, refOf(known)) : undefined;
  }

  /**
   * Runs a request's configure workflow with the Promise version its binding asks for, and records the outcome on
   * the binding and the request (upstream `internal/controller/dynamic_resource_request_controller.go`:
   * getPromiseRevisionForReconcile, syncResourceBindingUpgradeStatus, updatePromiseVersionStatus).
   */
  async run(
    promise: any,
    rr: any,
    runWith: (promise: any) => Promise<RunOutcome>,
  ): Promise<RunOutcome> {
    const promiseName = promise.metadata.name;
    const binding: KratixResourceBinding | undefined = await this.bindingOf(
      promiseName,
      rr,
    );
    const own = getPromiseRevisions(promiseName, this.revisions);
    const wanted = binding?.spec?.version || rr.status?.promiseVersion;
    const revision =
      !wanted || wanted === KRATIX_LATEST_VERSION
        ? getLatestRevision(own)
        : own.find(r => r.spec?.version === wanted);
    if (!revision) {
      this.log(
        `${rr.metadata.namespace}/${
          rr.metadata.name
        }: FailedPromiseRevisionLookup: Promise ${promiseName} has no revision for version ${
          wanted ?? KRATIX_LATEST_VERSION
        }`,
      );
      return runWith(promise);
    }
    const version = revision.spec.version;
    const { [KRATIX_LABELS.promiseVersion]: _, ...labels } =
      promise.metadata.labels ?? {};
    const asRevision = {
      ...promise,
      metadata: { ...promise.metadata, labels },
      spec: revision.spec.promiseSpec,
    };

    if (binding && this.upgrading(binding, version)) {
      await this.markInProgress(binding, version);
    }

    const outcome = await runWith(asRevision);
    const after = await getIfExists(this.client, refOf(rr));
    if (!after) return outcome;
    const fresh = binding && (await getIfExists(this.client, refOf(binding)));
    const completed = getCondition(
      after,
      KRATIX_CONDITION_TYPES.configureWorkflowCompleted,
    );
    if (outcome === 'reconciled') {
      await setStatus(this.client, refOf(after), {
        promiseVersion: version,
        resourceBindingVersion: fresh?.spec.version ?? KRATIX_LATEST_VERSION,
      });
      if (fresh) await this.recordSuccess(fresh, version);
    } else if (completed?.status === 'False' && fresh) {
      await setStatus(this.client, refOf(fresh), {
        failedVersion: version,
        conditions: withCondition(
          fresh,
          upgradeCondition(
            'False',
            KRATIX_CONDITION_REASONS.upgradeFailed,
            completed.message ?? 'The configure workflow failed',
          ),
        ),
      });
      this.log(
        `${rr.metadata.namespace}/${rr.metadata.name}: UpgradeFailed at version ${version}`,
      );
    }
    return outcome;
  }

  // UpgradeSucceeded=Unknown for the version now attempted; a new attempt clears failedVersion.
  private markInProgress(
    binding: KratixResourceBinding,
    version: string,
    resourceVersion?: string,
  ) {
    return setStatus(
      this.client,
      refOf(binding),
      {
        failedVersion: null,
        conditions: withCondition(
          binding,
          upgradeCondition(
            'Unknown',
            KRATIX_CONDITION_REASONS.upgradeInProgress,
            `Upgrade to version ${version} is in progress`,
          ),
        ),
      },
      resourceVersion,
    );
  }

  // Upstream shouldMarkResourceBindingUpgradeInProgress.
  private upgrading(binding: KratixResourceBinding, version: string): boolean {
    const upgrade = getUpgradeResult(binding);
    if (upgrade.state === 'inProgress' && upgrade.version === version) {
      return false;
    }
    if (binding.status?.failedVersion) return true;
    if (upgrade.state === 'failed') return true;
    const applied = binding.status?.lastAppliedVersion;
    return Boolean(applied) && applied !== version;
  }

  // Upstream applyResourceBindingUpgradeStatus / shouldRecordUpgradeSucceededCondition: a first run is not recorded
  // as an upgrade.
  private async recordSuccess(binding: any, version: string): Promise<void> {
    const applied = binding.status?.lastAppliedVersion;
    const existing = getCondition(
      binding,
      KRATIX_CONDITION_TYPES.upgradeSucceeded,
    );
    const record =
      Boolean(binding.status?.failedVersion) ||
      existing?.reason === KRATIX_CONDITION_REASONS.upgradeInProgress ||
      existing?.status === 'False' ||
      (Boolean(applied) && applied !== version);
    await setStatus(this.client, refOf(binding), {
      lastAppliedVersion: version,
      failedVersion: null,
      ...(record && {
        conditions: withCondition(
          binding,
          upgradeCondition(
            'True',
            KRATIX_CONDITION_REASONS.upgradeComplete,
            `Resource is at version ${version}`,
          ),
        ),
      }),
    });
    if (record) {
      this.log(
        `${binding.spec.resourceRef.namespace}/${binding.spec.resourceRef.name}: UpgradeComplete at version ${version}`,
      );
    }
  }
}

/** The versions the demo shows: an older version of one Promise, a request pinned to it, one failed upgrade. */
export const DEMO_VERSIONS = {
  promise: 'redis',
  olderVersion: 'v0.0.9',
  /** Runs the older version, pinned to it: an upgrade is available. */
  pinned: { namespace: 'team-a', name: 'reports' },
  /** Ran the older version; its upgrade to the latest failed. */
  failedUpgrade: { namespace: 'team-a', name: 'queue' },
} as const;

/** A request the demo seeds, as {@link seedPromiseVersions} reads it. */
export interface SeededRequest {
  promise: string;
  namespace: string;
  name: string;
  state: string;
  failure?: string;
}

function isRequest(rr: any, ref: { namespace: string; name: string }) {
  return (
    rr.metadata.namespace === ref.namespace && rr.metadata.name === ref.name
  );
}

/**
 * Seeds what Kratix's versioning would have left on the demo platform: a PromiseRevision per Promise, an older
 * revision of {@link DEMO_VERSIONS}.promise, and a ResourceBinding per reconciled request (floating, but for one
 * pinned request and one failed upgrade). Calls `count` per object, created or already there.
 */
export async function seedPromiseVersions(
  cluster: DemoCluster,
  promises: any[],
  requests: SeededRequest[],
  count: (kind: string, created: boolean) => void,
): Promise<void> {
  const { client } = cluster;
  const versions = new PromiseVersions(cluster);
  const before = new Set(
    (
      await client.list<any>({
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.promiseRevision,
      })
    ).items.map(r => r.metadata.name),
  );
  // The Promises as the server has them: revisions are owned by them, by uid.
  const installed = (
    await client.list<any>({
      apiVersion: KRATIX_API_VERSION,
      kind: KRATIX_KINDS.promise,
    })
  ).items.filter(p => promises.some(d => d.metadata.name === p.metadata.name));
  await versions.syncPromises(installed);
  for (const promise of installed) {
    const name = revisionName(
      promise.metadata.name,
      getPromiseVersion(promise) ?? KRATIX_UNVERSIONED_PROMISE_VERSION,
    );
    count(KRATIX_KINDS.promiseRevision, !before.has(name));
  }
  const older = promises.find(p => p.metadata.name === DEMO_VERSIONS.promise);
  if (older) {
    const { created, object } = await createIfAbsent(client, {
      apiVersion: KRATIX_API_VERSION,
      kind: KRATIX_KINDS.promiseRevision,
      metadata: {
        name: revisionName(DEMO_VERSIONS.promise, DEMO_VERSIONS.olderVersion),
        labels: { [KRATIX_LABELS.promiseName]: DEMO_VERSIONS.promise },
      },
      spec: {
        promiseRef: { name: DEMO_VERSIONS.promise },
        promiseSpec: older.spec,
        version: DEMO_VERSIONS.olderVersion,
      },
    });
    if (created) await setStatus(client, refOf(object), { latest: false });
    count(KRATIX_KINDS.promiseRevision, created);
  }

  const byName = new Map(promises.map(p => [p.metadata.name, p]));
  for (const request of requests) {
    if (request.state === 'new') continue; // Kratix has not reconciled it yet
    const promise = byName.get(request.promise);
    const api = promise && getPromiseApi(promise);
    if (!api) continue;
    const rr = await getIfExists(client, {
      apiVersion: api.apiVersion,
      kind: api.kind,
      namespace: request.namespace,
      name: request.name,
    });
    if (!rr) continue;
    const created = await seedBinding(client, promise, rr, request);
    count(KRATIX_KINDS.resourceBinding, created);
  }
}

async function seedBinding(
  client: DemoCluster['client'],
  promise: any,
  rr: any,
  request: SeededRequest,
): Promise<boolean> {
  const promiseName = promise.metadata.name;
  const version =
    getPromiseVersion(promise) ?? KRATIX_UNVERSIONED_PROMISE_VERSION;
  const pinned = isRequest(rr, DEMO_VERSIONS.pinned);
  const failedUpgrade = isRequest(rr, DEMO_VERSIONS.failedUpgrade);
  const applied =
    pinned || failedUpgrade ? DEMO_VERSIONS.olderVersion : version;
  const firstRun =
    request.state === 'in-progress' || request.state === 'failed';
  const { created, object } = await createIfAbsent(client, {
    apiVersion: KRATIX_API_VERSION,
    kind: KRATIX_KINDS.resourceBinding,
    metadata: {
      name: deterministicName(`${rr.metadata.name}-${promiseName}`),
      namespace: rr.metadata.namespace,
      labels: {
        ...rr.metadata.labels,
        ...bindingLabels(promiseName, rr.metadata.name),
      },
    },
    spec: {
      version: pinned ? DEMO_VERSIONS.olderVersion : KRATIX_LATEST_VERSION,
      promiseRef: { name: promiseName },
      resourceRef: { name: rr.metadata.name, namespace: rr.metadata.namespace },
    },
  });
  if (!created) return false;
  // Upstream records every failed run on the binding, a first one included.
  const failedAt =
    failedUpgrade || request.state === 'failed' ? version : undefined;
  await setStatus(client, refOf(object), {
    ...(!firstRun && { lastAppliedVersion: applied }),
    ...(failedAt && {
      failedVersion: failedAt,
      conditions: [
        upgradeCondition(
          'False',
          KRATIX_CONDITION_REASONS.upgradeFailed,
          request.failure ?? 'The configure workflow failed',
        ),
      ],
    }),
  });
  if (!firstRun) {
    await setStatus(client, refOf(rr), {
      promiseVersion: applied,
      resourceBindingVersion: object.spec.version,
    });
  }
  return true;
}
