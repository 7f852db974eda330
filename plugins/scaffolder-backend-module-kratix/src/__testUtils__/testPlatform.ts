import { mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  installPromise as installKratixPromise,
  kratixClusterConfig,
  kubeRequest,
  recordUpgrade,
  resourceBindingsPath,
  loadFixture,
  patchStatus as patchObjectStatus,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
import {
  DefaultKratixClusterService,
  type KratixActionOptions,
  readKratixScaffolderConfig,
} from '@kratix-backstage/plugin-kratix-node';

export const PROMISES = '/apis/platform.kratix.io/v1alpha1/promises';

/** The Promise document of a fixture file. */
export function fixturePromise(file: string): any {
  return structuredClone(
    loadFixture(`kratix/${file}`).find(d => d.kind === 'Promise'),
  );
}

export const redisPromise = () =>
  fixturePromise('kratix-marketplace__redis-promise.yaml');
export const kafkaPromise = () =>
  fixturePromise('kratix-marketplace__kafka-promise.yaml');
export const kafkaRequest = () =>
  structuredClone(
    loadFixture('kratix/kratix-marketplace__kafka-resource-request.yaml')[0],
  );

/** The input of a `kratix:resource:request` step for a small redis `name` in `default`, owned by team-a. */
export function redisRequestInput(name: string, extra: object = {}) {
  return {
    promise: 'redis',
    name,
    namespace: 'default',
    owner: 'group:default/team-a',
    spec: { size: 'small' },
    ...extra,
  };
}

/** Merge-patches an object's `/status`, as a Kratix controller would write it. */
export function patchStatus(cluster: TestCluster, path: string, status: any) {
  return patchObjectStatus(cluster.admin, path, status);
}

/**
 * Installs a Promise as Kratix would: the CRD of its API, the Promise, and (unless `available: false`) the status
 * Kratix writes once it is Available.
 */
export function installPromise(
  cluster: TestCluster,
  promise: any,
  options: { available?: boolean } = {},
) {
  return installKratixPromise(cluster.admin, promise, {
    status: options.available === false ? 'Unavailable' : 'Available',
  });
}

/** The cluster service a backend would build from `kratix.clusters`, as the admin or the read-only identity. */
export function clusterService(
  cluster: TestCluster,
  identity: 'admin' | 'reader' = 'admin',
  token?: string,
) {
  return DefaultKratixClusterService.fromConfig(
    new ConfigReader({
      kratix: { clusters: [clusterConfig(cluster, identity, token)] },
    }),
  );
}

/** `kratix.clusters` entry `platform`: the admin, the read-only identity, or the identity of a bearer token. */
export function clusterConfig(
  cluster: TestCluster,
  identity: 'admin' | 'reader' = 'admin',
  token?: string,
) {
  return kratixClusterConfig(cluster, { identity, name: 'platform', token });
}

/** What the actions are built with, against a test cluster. */
export function actionOptions(
  cluster: TestCluster,
  options: {
    identity?: 'admin' | 'reader';
    /** A bearer token to use instead of `identity`, e.g. from `tokenWithClusterRole`. */
    token?: string;
    permissions?: PermissionsService;
    scaffolderConfig?: object;
  } = {},
): KratixActionOptions {
  const clusters = clusterService(cluster, options.identity, options.token);
  return {
    clusters,
    permissions:
      options.permissions ??
      mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    config: readKratixScaffolderConfig(
      new ConfigReader({
        kratix: { scaffolder: options.scaffolderConfig ?? {} },
      }),
      { defaultCluster: () => 'platform' },
    ),
  };
}

/** A logger that records its lines, for asserting on what a task log would show. */
export function recordingLogger() {
  const lines: string[] = [];
  const log = (message: string) => {
    lines.push(message);
  };
  const logger: any = {
    info: log,
    warn: log,
    error: log,
    debug: () => {},
    child: () => logger,
  };
  return { logger, lines };
}

/**
 * Plays Kratix for the binding of request `name` in `default` (as `installResourceBinding` names it): when its
 * spec.version asks for another version than it runs, the upgrade goes in progress for a second, then completes, or
 * fails for `failing` with the configure workflow's message (upstream `internal/controller/resourcebinding_controller.go`
 * and `dynamic_resource_request_controller.go`). Returns a function that stops it.
 */
export function playKratixUpgrades(
  cluster: TestCluster,
  name: string,
  options: { latest: string; failing?: string },
) {
  const ref = { namespace: 'default', name: `binding-of-${name}` };
  const path = resourceBindingsPath(ref.namespace, ref.name);
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const binding = await kubeRequest(cluster.admin, 'GET', path);
      const asked =
        binding.spec.version === 'latest'
          ? options.latest
          : binding.spec.version;
      if (
        asked !== binding.status?.lastAppliedVersion &&
        binding.status?.failedVersion !== asked
      ) {
        await recordUpgrade(cluster.admin, ref, {
          state: 'in-progress',
          version: asked,
        });
        await new Promise(r => setTimeout(r, 1000));
        await recordUpgrade(cluster.admin, ref, {
          state: asked === options.failing ? 'failed' : 'succeeded',
          version: asked,
          message:
            "A Pipeline has failed: 'instance-configure' in namespace 'default'",
        });
      }
      await new Promise(r => setTimeout(r, 100));
    }
  })();
  return async () => {
    stopped = true;
    await done;
  };
}
