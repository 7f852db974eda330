import { getCondition } from '../conditions/getCondition';
import {
  KRATIX_BINDING_VERSION_STRATEGIES,
  KRATIX_CONDITION_REASONS,
  KRATIX_CONDITION_TYPES,
  KRATIX_LABELS,
  KRATIX_LATEST_VERSION,
} from '../constants';
import { getSpecSchema, SpecSchema } from '../schema/getSpecSchema';
import { structuralSchemaToJsonSchema } from '../schema/structuralSchemaToJsonSchema';
import {
  KratixPromise,
  KratixPromiseApi,
  KratixPromiseRevision,
  KratixResourceBinding,
  KratixResourceRequest,
} from '../types';
import { getPromiseApi } from './getPromiseApi';

// Kubernetes caps label values at 63 characters; Kratix hashes longer resource names into the label.
const LABEL_VALUE_MAX_LENGTH = 63;

/**
 * The version a Promise declares with the label `kratix.io/promise-version`, or undefined when it declares none
 * (Kratix then files its one revision under `not-set`).
 *
 * @public
 */
export function getPromiseVersion(
  promise: Pick<KratixPromise, 'metadata'> | undefined,
): string | undefined {
  const version = promise?.metadata?.labels?.[KRATIX_LABELS.promiseVersion];
  return version ? version : undefined;
}

/** The Promise a revision belongs to: its `kratix.io/promise-name` label, which Kratix adds from `spec.promiseRef`. */
function promiseOfRevision(
  revision: KratixPromiseRevision,
): string | undefined {
  return (
    revision.metadata?.labels?.[KRATIX_LABELS.promiseName] ??
    revision.spec?.promiseRef?.name
  );
}

const versionOrder = new Intl.Collator('en', { numeric: true });

/**
 * The revisions of one Promise, newest version first (versions compared with their numbers as numbers, so
 * `v1.10.0` comes before `v1.9.0`).
 *
 * @public
 */
export function getPromiseRevisions(
  promiseName: string,
  revisions: ReadonlyArray<KratixPromiseRevision>,
): KratixPromiseRevision[] {
  return revisions
    .filter(r => promiseOfRevision(r) === promiseName)
    .sort(
      (a, b) =>
        versionOrder.compare(b.spec?.version ?? '', a.spec?.version ?? '') ||
        versionOrder.compare(a.metadata.name ?? '', b.metadata.name ?? ''),
    );
}

function hasLatestLabel(revision: KratixPromiseRevision): boolean {
  return revision.metadata?.labels?.[KRATIX_LABELS.latestRevision] === 'true';
}

/**
 * The revision `latest` stands for among one Promise's revisions: the one with `status.latest`, as Kratix resolves
 * it. While Kratix moves the mark, two may say latest (the label wins) or none yet (the label alone decides).
 *
 * @public
 */
export function getLatestRevision(
  revisions: ReadonlyArray<KratixPromiseRevision>,
): KratixPromiseRevision | undefined {
  const marked = revisions.filter(r => r.status?.latest === true);
  if (marked.length === 1) return marked[0];
  return (marked.length ? marked : revisions).find(hasLatestLabel) ?? marked[0];
}

/**
 * The request a ResourceBinding is found for.
 *
 * @public
 */
export interface ResourceBindingTarget {
  promiseName: string;
  name: string;
  namespace: string;
}

/**
 * Finds a request's ResourceBinding the way Kratix does: by its labels `kratix.io/promise-name` and
 * `kratix.io/resource-name` in the request's namespace, whatever the binding is named (a binding made before the
 * request is adopted). A name too long for a label is matched on `spec.resourceRef` instead. Undefined when there is
 * none, or more than one (Kratix refuses to reconcile such a request).
 *
 * @public
 */
export function findResourceBinding(
  target: ResourceBindingTarget,
  bindings: ReadonlyArray<KratixResourceBinding>,
): KratixResourceBinding | undefined {
  const longName = target.name.length > LABEL_VALUE_MAX_LENGTH;
  const matches = bindings.filter(b => {
    const labels = b.metadata?.labels ?? {};
    if (b.metadata?.namespace !== target.namespace) return false;
    if (labels[KRATIX_LABELS.promiseName] !== target.promiseName) return false;
    return longName
      ? b.spec?.resourceRef?.name === target.name
      : labels[KRATIX_LABELS.resourceName] === target.name;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The outcome of a request's last move to another Promise version, from its binding's `UpgradeSucceeded` condition.
 * `none` when no upgrade was ever attempted (Kratix does not record a first run as an upgrade).
 *
 * @public
 */
export type PromiseUpgradeResult =
  | { state: 'none' }
  | { state: 'succeeded'; version?: string; message?: string }
  | { state: 'inProgress'; version?: string; message?: string }
  | {
      state: 'failed';
      failedVersion?: string;
      reason?: string;
      message?: string;
    };

// Kratix writes the in-flight version into the condition's message after the word "version ".
function inFlightVersion(message: string | undefined): string | undefined {
  const match = /version (\S+)/.exec(message ?? '');
  return match ? match[1] : undefined;
}

/**
 * Reads the last upgrade result of a ResourceBinding.
 *
 * @public
 */
export function getUpgradeResult(
  binding: KratixResourceBinding | undefined,
): PromiseUpgradeResult {
  const condition = getCondition(
    binding,
    KRATIX_CONDITION_TYPES.upgradeSucceeded,
  );
  if (!condition) return { state: 'none' };
  if (condition.status === 'True') {
    return {
      state: 'succeeded',
      version: binding?.status?.lastAppliedVersion || undefined,
      message: condition.message,
    };
  }
  if (condition.status === 'False') {
    return {
      state: 'failed',
      failedVersion: binding?.status?.failedVersion || undefined,
      reason: condition.reason,
      message: condition.message,
    };
  }
  return {
    state: 'inProgress',
    version:
      condition.reason === KRATIX_CONDITION_REASONS.upgradeInProgress
        ? inFlightVersion(condition.message)
        : undefined,
    message: condition.message,
  };
}

/**
 * Which Promise version a resource request runs and may move to.
 *
 * @public
 */
export interface ResourceVersionView {
  /** The version it last ran with: the binding's `status.lastAppliedVersion`, else the request's `status.promiseVersion`. */
  running?: string;
  /** What its binding asks for: a version, or `latest`; the request's `status.resourceBindingVersion` when it has no binding. */
  desired?: string;
  /** True when `desired` names a version; false when it follows `latest`. */
  pinned: boolean;
  /** The version of the Promise's latest revision, when known. */
  latestVersion?: string;
  /** The binding's last upgrade result. */
  upgrade: PromiseUpgradeResult;
  /** True when the latest version is not what it runs and its binding does not already ask for it. */
  upgradeAvailable: boolean;
}

/**
 * Builds a request's version view from the request, its ResourceBinding and its Promise's latest revision.
 *
 * @public
 */
export function getResourceVersionView(
  request: Pick<KratixResourceRequest, 'status'>,
  binding: KratixResourceBinding | undefined,
  latest: KratixPromiseRevision | undefined,
): ResourceVersionView {
  const running =
    binding?.status?.lastAppliedVersion ||
    request.status?.promiseVersion ||
    undefined;
  const desired =
    binding?.spec?.version ||
    request.status?.resourceBindingVersion ||
    undefined;
  const pinned = desired !== undefined && desired !== KRATIX_LATEST_VERSION;
  const latestVersion = latest?.spec?.version || undefined;
  const asksFor = desired === KRATIX_LATEST_VERSION ? latestVersion : desired;
  return {
    running,
    desired,
    pinned,
    latestVersion,
    upgrade: getUpgradeResult(binding),
    upgradeAvailable:
      latestVersion !== undefined &&
      running !== undefined &&
      running !== latestVersion &&
      asksFor !== latestVersion,
  };
}

/**
 * The result of {@link checkTargetVersion}: the revision to move to, or why there is none.
 *
 * @public
 */
export type TargetVersionCheck =
  | { ok: true; revision: KratixPromiseRevision; version: string }
  | { ok: false; message: string };

/**
 * Checks a version a request is to be pinned or upgraded to: `latest`, or the version of one of the Promise's
 * revisions. The message names the field and the versions there are.
 *
 * @public
 */
export function checkTargetVersion(
  promiseName: string,
  version: string,
  revisions: ReadonlyArray<KratixPromiseRevision>,
): TargetVersionCheck {
  const own = getPromiseRevisions(promiseName, revisions);
  const known = own.map(r => r.spec?.version).join(', ') || 'none';
  if (version === KRATIX_LATEST_VERSION) {
    const latest = getLatestRevision(own);
    return latest
      ? { ok: true, revision: latest, version }
      : {
          ok: false,
          message: `Promise '${promiseName}' has no revision marked latest yet (versions: ${known}); wait for Kratix to create one, or pin a version`,
        };
  }
  const revision = own.find(r => r.spec?.version === version);
  return revision
    ? { ok: true, revision, version }
    : {
        ok: false,
        message: `Promise '${promiseName}' has no revision with version '${version}' (spec.version); choose one of: ${known}, or '${KRATIX_LATEST_VERSION}'`,
      };
}

/**
 * The API of one Promise version, with what its requests' `spec` may hold.
 *
 * @public
 */
export interface RevisionSchema {
  api: KratixPromiseApi;
  /** Where `spec` stands in the API's schema (see `getSpecSchema`). */
  spec: SpecSchema;
  /** The JSON Schema of `spec`, by `structuralSchemaToJsonSchema`; `{}` when the API takes any spec or none. */
  specJsonSchema: Record<string, unknown>;
}

/**
 * Reads the API schema of a PromiseRevision (its `spec.promiseSpec.api`) with the same converter the catalog and the
 * scaffolder use; undefined when that version offers no API.
 *
 * @public
 */
export function getRevisionSchema(
  revision: KratixPromiseRevision,
): RevisionSchema | undefined {
  const api = getPromiseApi({ spec: revision.spec?.promiseSpec });
  if (!api) return undefined;
  const spec = getSpecSchema(api.schema);
  return {
    api,
    spec,
    specJsonSchema:
      spec.kind === 'schema' ? structuralSchemaToJsonSchema(spec.schema) : {},
  };
}

/**
 * A binding version strategy of the Kratix ConfigMap.
 *
 * @public
 */
export type BindingVersionStrategy =
  (typeof KRATIX_BINDING_VERSION_STRATEGIES)[keyof typeof KRATIX_BINDING_VERSION_STRATEGIES];

/**
 * Reads `resourceBindingVersionStrategy` of the Kratix ConfigMap's config: `pinned` or `floating`; anything else,
 * absent included, is `floating`, as Kratix falls back.
 *
 * @public
 */
export function getBindingVersionStrategy(
  value: unknown,
): BindingVersionStrategy {
  return value === KRATIX_BINDING_VERSION_STRATEGIES.pinned
    ? KRATIX_BINDING_VERSION_STRATEGIES.pinned
    : KRATIX_BINDING_VERSION_STRATEGIES.floating;
}
