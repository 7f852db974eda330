import { mockServices } from '@backstage/backend-test-utils';
import {
  createOrReplace,
  describeWithFixtures,
  eventually,
  installPromise,
  kubeRequest,
  patchStatus,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_ENTITY_ANNOTATIONS as A,
  promiseEntityName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { DefaultKratixClusterService } from '@kratix-backstage/plugin-kratix-node';
import {
  kafkaPromise,
  providerConfig,
  RecordingConnection,
} from '../__testUtils__/testPlatform';
import { readKratixEntityProviderConfigs } from './KratixEntityProviderConfig';
import { KratixIngestion, KratixIngestionMemory } from './KratixIngestion';

jest.setTimeout(120_000);

const KRATIX = '/apis/platform.kratix.io/v1alpha1';
const KAFKAS = '/apis/marketplace.kratix.io/v1alpha1/namespaces/default/kafkas';
const BINDINGS = `${KRATIX}/namespaces/default/resourcebindings`;

const kafkaRef = (name: string) =>
  `resource:default/${resourceRequestEntityName({
    cluster: 'platform',
    namespace: 'default',
    name,
    kind: 'kafka',
    group: 'marketplace.kratix.io',
  })}`.toLowerCase();
const PROMISE_REF = `component:default/${promiseEntityName({
  cluster: 'platform',
  name: 'kafka',
})}`;

/** One run of the provider on the platform, live until `stop`. */
function startIngestion(
  env: TestPlatform,
  memory = new KratixIngestionMemory(),
) {
  const config = providerConfig([env.platform], { syncTimeoutSeconds: 30 });
  const [settings] = readKratixEntityProviderConfigs(config);
  const logger = mockServices.logger.mock();
  const connection = new RecordingConnection();
  const ingestion = new KratixIngestion({
    config: settings,
    clusters: DefaultKratixClusterService.fromConfig(config),
    logger,
    connection,
    memory,
    debounceMs: 50,
  });
  const abort = new AbortController();
  const running = ingestion.run(abort.signal, 60_000);
  return {
    logger,
    connection,
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}

async function revision(env: TestPlatform, version: string, latest: boolean) {
  const name = `kafka-${version.replace(/\./g, '-')}`;
  await createOrReplace(env.platform.admin, `${KRATIX}/promiserevisions`, {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'PromiseRevision',
    metadata: {
      name,
      labels: {
        'kratix.io/promise-name': 'kafka',
        ...(latest && { 'kratix.io/latest-revision': 'true' }),
      },
    },
    spec: {
      promiseRef: { name: 'kafka' },
      promiseSpec: kafkaPromise().spec,
      version,
    },
  });
  await patchStatus(env.platform.admin, `${KRATIX}/promiserevisions/${name}`, {
    latest,
  });
}

async function request(
  env: TestPlatform,
  name: string,
  o: { running: string; bindingVersion: string; bindingName?: string },
) {
  await createOrReplace(env.platform.admin, KAFKAS, {
    apiVersion: 'marketplace.kratix.io/v1alpha1',
    kind: 'kafka',
    metadata: { name, namespace: 'default' },
    spec: {},
  });
  await patchStatus(env.platform.admin, `${KAFKAS}/${name}`, {
    promiseVersion: o.running,
    resourceBindingVersion: o.bindingVersion,
  });
  // Upstream test/system/assets/promise-revision/resource-binding-3.yaml: any name, found by its labels.
  const bindingName = o.bindingName ?? `${name}-kafka-a1b2c`;
  await createOrReplace(env.platform.admin, BINDINGS, {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'ResourceBinding',
    metadata: {
      name: bindingName,
      namespace: 'default',
      labels: {
        'kratix.io/promise-name': 'kafka',
        'kratix.io/resource-name': name,
      },
    },
    spec: {
      version: o.bindingVersion,
      promiseRef: { name: 'kafka' },
      resourceRef: { name, namespace: 'default' },
    },
  });
  await patchStatus(env.platform.admin, `${BINDINGS}/${bindingName}`, {
    lastAppliedVersion: o.running,
  });
  return `${BINDINGS}/${bindingName}`;
}

const annotations = (connection: RecordingConnection, ref: string) =>
  connection.entities.get(ref)?.metadata.annotations ?? {};

describeWithFixtures('the Kratix provider and Promise versions', () => {
  let env: TestPlatform;
  let pinnedBinding: string;

  beforeAll(async () => {
    env = await startTestPlatform({ workers: [] });
    await installPromise(env.platform.admin, kafkaPromise());
    await revision(env, 'v1.9.0', false);
    await revision(env, 'v1.10.0', true);
    pinnedBinding = await request(env, 'orders', {
      running: 'v1.9.0',
      bindingVersion: 'v1.9.0',
      bindingName: 'pinned-by-hand',
    });
    await request(env, 'events', {
      running: 'v1.10.0',
      bindingVersion: 'latest',
    });
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it("lists a Promise's revisions and the latest, and each request's version, binding and upgrade", async () => {
    const run = startIngestion(env);
    try {
      await eventually(
        () => run.connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
        30_000,
      );
      expect(annotations(run.connection, PROMISE_REF)).toMatchObject({
        [A.promiseRevisions]: 'v1.10.0,v1.9.0',
        [A.latestVersion]: 'v1.10.0',
      });
      expect(annotations(run.connection, kafkaRef('orders'))).toMatchObject({
        [A.promiseVersion]: 'v1.9.0',
        [A.desiredVersion]: 'v1.9.0',
        [A.versionBinding]: 'pinned',
        [A.latestVersion]: 'v1.10.0',
        [A.upgradeAvailable]: 'true',
      });
      const events = annotations(run.connection, kafkaRef('events'));
      expect(events).toMatchObject({
        [A.promiseVersion]: 'v1.10.0',
        [A.desiredVersion]: 'latest',
        [A.versionBinding]: 'floating',
        [A.upgradeAvailable]: 'false',
      });
      expect(events).not.toHaveProperty([A.upgradeState]);
      expect(run.logger.warn).not.toHaveBeenCalled();

      // An upgrade by hand, as Kratix reports it (upstream internal/controller/resourcebinding_controller.go and
      // dynamic_resource_request_controller.go): in progress, then complete.
      const started = Date.now();
      await kubeRequest(
        env.platform.admin,
        'PATCH',
        pinnedBinding,
        { spec: { version: 'v1.10.0' } },
        { contentType: 'application/merge-patch+json' },
      );
      await patchStatus(env.platform.admin, pinnedBinding, {
        conditions: [
          {
            type: 'UpgradeSucceeded',
            status: 'Unknown',
            reason: 'UpgradeInProgress',
            message: 'Upgrade to version v1.10.0 is in progress',
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
          },
        ],
      });
      await eventually(
        () =>
          annotations(run.connection, kafkaRef('orders'))[A.upgradeState] ===
          'in-progress',
        'the upgrade in progress in the catalog',
        10_000,
        20,
      );
      const inProgressMs = Date.now() - started;
      const completed = Date.now();
      await patchStatus(env.platform.admin, pinnedBinding, {
        lastAppliedVersion: 'v1.10.0',
        conditions: [
          {
            type: 'UpgradeSucceeded',
            status: 'True',
            reason: 'UpgradeComplete',
            message: 'Resource is at version v1.10.0',
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
          },
        ],
      });
      await eventually(
        () =>
          annotations(run.connection, kafkaRef('orders'))[A.promiseVersion] ===
          'v1.10.0',
        'the upgraded version in the catalog',
        10_000,
        20,
      );
      const completeMs = Date.now() - completed;
      expect(annotations(run.connection, kafkaRef('orders'))).toMatchObject({
        [A.upgradeState]: 'succeeded',
        [A.upgradeAvailable]: 'false',
        [A.versionBinding]: 'pinned',
      });
      // eslint-disable-next-line no-console
      console.log(
        `upgrade shown in the catalog: in progress after ${inProgressMs} ms, complete after ${completeMs} ms`,
      );
    } finally {
      await run.stop();
    }
  });
});

describeWithFixtures(
  'the Kratix provider on a platform without Promise versions',
  () => {
    let env: TestPlatform;

    beforeAll(async () => {
      env = await startTestPlatform({ workers: [] });
      for (const plural of ['promiserevisions', 'resourcebindings']) {
        await kubeRequest(
          env.platform.admin,
          'DELETE',
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${plural}.platform.kratix.io`,
        );
      }
      await eventually(
        async () =>
          kubeRequest(env.platform.admin, 'GET', `${KRATIX}/promiserevisions`)
            .then(() => false)
            .catch(() => true),
        'the PromiseRevision kind to be gone',
        30_000,
      );
      await installPromise(env.platform.admin, kafkaPromise());
      await createOrReplace(env.platform.admin, KAFKAS, {
        apiVersion: 'marketplace.kratix.io/v1alpha1',
        kind: 'kafka',
        metadata: { name: 'orders', namespace: 'default' },
        spec: {},
      });
    });

    afterAll(async () => {
      await env?.destroy();
    });

    it('publishes every entity at once, without version details, and warns on no run', async () => {
      const memory = new KratixIngestionMemory();
      for (const runNumber of [1, 2]) {
        const run = startIngestion(env, memory);
        try {
          const full = await eventually(
            () => run.connection.mutations.find(m => m.type === 'full'),
            `the full mutation of run ${runNumber}`,
            30_000,
          );
          expect(run.connection.mutations[0]).toBe(full);
          expect(run.logger.warn).not.toHaveBeenCalled();
          const orders = annotations(run.connection, kafkaRef('orders'));
          expect(orders).not.toHaveProperty([A.versionBinding]);
          expect(orders).not.toHaveProperty([A.upgradeAvailable]);
          expect(annotations(run.connection, PROMISE_REF)).not.toHaveProperty([
            A.promiseRevisions,
          ]);
        } finally {
          await run.stop();
        }
      }
    });
  },
);
