import { createOrReplace } from './createOrReplace';
import { KubeConnection, kubeRequest } from './kubeRequest';
import { patchStatus } from './patchStatus';

const API = '/apis/platform.kratix.io/v1alpha1';

/** Path of the PromiseRevisions collection, or of one of them. */
export const promiseRevisionsPath = (name?: string) =>
  `${API}/promiserevisions${name ? `/${name}` : ''}`;

/** Path of a namespace's ResourceBindings, or of one of them. */
export const resourceBindingsPath = (namespace: string, name?: string) =>
  `${API}/namespaces/${namespace}/resourcebindings${name ? `/${name}` : ''}`;

/**
 * Writes the PromiseRevisions Kratix's Promise controller keeps for a Promise, one per version: a copy of the
 * Promise's spec at that version (`specs[version]`), labelled with the Promise's name, and the last version marked
 * latest (`status.latest` and the label `kratix.io/latest-revision`), as upstream
 * `internal/controller/promise_controller.go` and `api/v1alpha1/promiserevision_types.go` do.
 */
export async function installPromiseRevisions(
  conn: KubeConnection,
  promiseName: string,
  specs: Record<string, any>,
  options: { latest?: string } = {},
): Promise<void> {
  const versions = Object.keys(specs);
  const latest = options.latest ?? versions[versions.length - 1];
  for (const version of versions) {
    const name = `${promiseName}-${version.replace(/[^a-z0-9-]/gi, '-')}`;
    await createOrReplace(conn, promiseRevisionsPath(), {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'PromiseRevision',
      metadata: {
        name,
        labels: {
          'kratix.io/promise-name': promiseName,
          ...(version === latest && { 'kratix.io/latest-revision': 'true' }),
        },
      },
      spec: {
        promiseRef: { name: promiseName },
        promiseSpec: specs[version],
        version,
      },
    });
    await patchStatus(conn, promiseRevisionsPath(name), {
      latest: version === latest,
    });
  }
}

/**
 * Writes the ResourceBinding Kratix keeps for a request (labels `kratix.io/promise-name` and
 * `kratix.io/resource-name`; upstream `internal/controller/dynamic_resource_request_controller.go`), asking for
 * `version` (a version, or `latest`) and, when `applied` is given, recording that the request last ran with it. The
 * name is deliberately not Kratix's own: bindings are found by their labels (upstream
 * `test/system/assets/promise-revision/resource-binding-3.yaml`).
 */
export async function installResourceBinding(
  conn: KubeConnection,
  request: { promiseName: string; namespace: string; name: string },
  options: { version: string; applied?: string },
): Promise<string> {
  const name = `binding-of-${request.name}`;
  await createOrReplace(conn, resourceBindingsPath(request.namespace), {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name,
      namespace: request.namespace,
      labels: {
        'kratix.io/promise-name': request.promiseName,
        'kratix.io/resource-name': request.name,
      },
    },
    spec: {
      version: options.version,
      promiseRef: { name: request.promiseName },
      resourceRef: { name: request.name, namespace: request.namespace },
    },
  });
  if (options.applied) {
    await patchStatus(conn, resourceBindingsPath(request.namespace, name), {
      lastAppliedVersion: options.applied,
    });
  }
  return name;
}

/**
 * Records on a binding what Kratix records for an upgrade (upstream
 * `internal/controller/dynamic_resource_request_controller.go`, `syncResourceBindingUpgradeStatus`): `in-progress`
 * (`UpgradeSucceeded=Unknown`, reason UpgradeInProgress, failedVersion cleared), `succeeded` (True, UpgradeComplete,
 * lastAppliedVersion set) or `failed` (False, UpgradeFailed with the workflow's message, failedVersion set).
 */
export async function recordUpgrade(
  conn: KubeConnection,
  binding: { namespace: string; name: string },
  outcome: {
    state: 'in-progress' | 'succeeded' | 'failed';
    version: string;
    message?: string;
  },
): Promise<void> {
  const path = resourceBindingsPath(binding.namespace, binding.name);
  const current = await kubeRequest(conn, 'GET', path);
  const { version } = outcome;
  const condition = {
    type: 'UpgradeSucceeded',
    lastTransitionTime: new Date().toISOString(),
    ...(outcome.state === 'in-progress' && {
      status: 'Unknown',
      reason: 'UpgradeInProgress',
      message: `Upgrade to version ${version} is in progress`,
    }),
    ...(outcome.state === 'succeeded' && {
      status: 'True',
      reason: 'UpgradeComplete',
      message: `Resource is at version ${version}`,
    }),
    ...(outcome.state === 'failed' && {
      status: 'False',
      reason: 'UpgradeFailed',
      message: outcome.message ?? 'A pipeline failed',
    }),
  };
  await patchStatus(conn, path, {
    conditions: [
      ...(current.status?.conditions ?? []).filter(
        (c: any) => c.type !== 'UpgradeSucceeded',
      ),
      condition,
    ],
    ...(outcome.state === 'succeeded' && { lastAppliedVersion: version }),
    failedVersion: outcome.state === 'failed' ? version : null,
  });
}
