import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  TestCluster,
  applyCrd,
  kratixCrdFiles,
  loadFixture,
  looseCrd,
  promiseApiCrd,
} from '@kratix-backstage/kube-test-cluster';
import {
  KRATIX_API_VERSION,
  KRATIX_KINDS,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';
import {
  adminClient,
  testClusterSkipReason,
  widgetCrd,
} from '../__testUtils__/testCluster';
import {
  KratixCoreApiUnavailableError,
  isKratixCoreApiUnavailableError,
} from '../errors/KratixCoreApiUnavailableError';
import { KratixKubernetesClient } from './KratixKubernetesClient';
import type { KubernetesWatchEventType } from './types';

// A real API server (tools/kube-apiserver); skipped with a message where it can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason('KratixKubernetesClient')
  ? describe.skip
  : describe;

const WIDGETS = { apiVersion: 'test.kratix.io/v1', kind: 'Widget' } as const;

function widget(name: string, namespace = 'default', size = 'small') {
  return {
    ...WIDGETS,
    metadata: { name, namespace },
    spec: { size },
  } as KubernetesObject<{ size: string }>;
}

/** Creates objects in parallel batches: fast, without flooding the server. */
async function createMany(
  client: KratixKubernetesClient,
  objects: KubernetesObject[],
  batchSize = 50,
) {
  for (let i = 0; i < objects.length; i += batchSize) {
    await Promise.all(
      objects.slice(i, i + batchSize).map(o => client.create(o)),
    );
  }
}

async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 50));
  }
}

function names(objects: KubernetesObject[]) {
  return objects.map(o => o.metadata.name).sort();
}

describeWithCluster('KratixKubernetesClient against a real API server', () => {
  let cluster: TestCluster;
  let admin: KratixKubernetesClient;
  let reader: KratixKubernetesClient;

  beforeAll(async () => {
    cluster = await TestCluster.start({
      name: 'kratix-node',
      crds: kratixCrdFiles(),
    });
    await applyCrd(cluster.admin, widgetCrd('widgets'));
    admin = adminClient(cluster);
    reader = await KratixKubernetesClient.fromKubeconfigFile(
      cluster.readerKubeconfigPath,
    );
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await reader?.close();
    await cluster?.destroy();
  });

  it('resolves kinds and plurals through discovery', async () => {
    await expect(
      admin.resolveResource({
        apiVersion: KRATIX_API_VERSION,
        kind: KRATIX_KINDS.promise,
      }),
    ).resolves.toEqual({
      apiVersion: KRATIX_API_VERSION,
      kind: 'Promise',
      plural: 'promises',
      namespaced: false,
      verbs: expect.arrayContaining(['get', 'list', 'watch', 'create']),
      hasStatusSubresource: true,
    });
    await expect(
      admin.resolveResource({
        apiVersion: KRATIX_API_VERSION,
        plural: 'works',
      }),
    ).resolves.toMatchObject({ kind: 'Work', namespaced: true });
  });

  it("finds the plural of a Promise's API created at runtime", async () => {
    const [redisPromise] = loadFixture(
      'kratix/kratix-marketplace__redis-promise.yaml',
    );
    const type = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
    };

    const before = await admin.resolveResource(type).catch(e => e);
    expect(before).toBeInstanceOf(NotFoundError);
    expect(before.message).toMatch(
      "Cluster 'kratix-node' does not serve the API marketplace.kratix.io/v1alpha1",
    );

    await applyCrd(cluster.admin, promiseApiCrd(redisPromise));
    // No invalidation: a miss asks the server again, as a newly installed Promise needs.
    await expect(
      eventually(() => admin.resolveResource(type)),
    ).resolves.toMatchObject({
      plural: 'redis',
      namespaced: true,
      hasStatusSubresource: true,
    });
  });

  it('creates, reads, replaces, patches and deletes', async () => {
    const created = await admin.create(widget('crud'));
    expect(created.metadata.resourceVersion).toBeTruthy();
    expect(
      (created.metadata as { managedFields?: Array<{ manager: string }> })
        .managedFields?.[0].manager,
    ).toBe('kratix-backstage');

    const read = await admin.get<KubernetesObject<{ size: string }>>({
      ...WIDGETS,
      namespace: 'default',
      name: 'crud',
    });
    expect(read.spec?.size).toBe('small');

    const replaced = await admin.replace({ ...read, spec: { size: 'large' } });
    expect(replaced.spec).toEqual({ size: 'large' });

    const merged = await admin.patch<KubernetesObject<{ size: string }>>({
      ...WIDGETS,
      namespace: 'default',
      name: 'crud',
      type: 'merge',
      patch: { metadata: { labels: { team: 'a' } } },
    });
    expect(merged.metadata.labels).toEqual({ team: 'a' });

    const jsonPatched = await admin.patch<KubernetesObject<{ size: string }>>({
      ...WIDGETS,
      namespace: 'default',
      name: 'crud',
      type: 'json',
      patch: [{ op: 'replace', path: '/spec/size', value: 'small' }],
    });
    expect(jsonPatched.spec?.size).toBe('small');

    const applied = await admin.patch<KubernetesObject<{ size: string }>>({
      ...WIDGETS,
      namespace: 'default',
      name: 'crud',
      type: 'apply',
      fieldManager: 'test-apply',
      force: true,
      patch: {
        ...WIDGETS,
        metadata: { name: 'crud', namespace: 'default' },
        spec: { size: 'large' },
      },
    });
    expect(applied.spec?.size).toBe('large');

    await admin.delete({ ...WIDGETS, namespace: 'default', name: 'crud' });
    await expect(
      admin.get({ ...WIDGETS, namespace: 'default', name: 'crud' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('does not store anything on a dry run', async () => {
    await admin.create(widget('dry'), { dryRun: true });
    await expect(
      admin.get({ ...WIDGETS, namespace: 'default', name: 'dry' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('gives ConflictError on create of an existing object and on a stale replace', async () => {
    const first = await admin.create(widget('conflict'));
    const again = await admin.create(widget('conflict')).catch(e => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toMatch(
      /"conflict" already exists \(cluster 'kratix-node'\)/,
    );

    await admin.replace({ ...first, spec: { size: 'large' } });
    await expect(
      admin.replace({ ...first, spec: { size: 'small' } }),
    ).rejects.toThrow(ConflictError);
  });

  it('gives InputError with the field causes when the schema rejects an object (422)', async () => {
    const error = await admin
      .create(widget('bad', 'default', 'medium'))
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Cluster 'kratix-node' rejected the object: .*spec\.size/,
    );
    expect(error.details.causes).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'spec.size' })]),
    );

    // The same holds on a Promise's own API, as the scaffolder will see it.
    const redis = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      metadata: { name: 'cache', namespace: 'default' },
      spec: { size: 3 },
    };
    const typed = await eventually(() => admin.create(redis).catch(e => e));
    expect(typed).toBeInstanceOf(InputError);
    expect(typed.message).toMatch(/spec\.size in body must be of type string/);
  });

  it('gives NotAllowedError naming the read-only identity (403), while it can still read', async () => {
    await expect(reader.list(WIDGETS)).resolves.toBeDefined();
    const error = await reader.create(widget('forbidden')).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^The identity Backstage uses for cluster '.*' is not allowed to do this: .*forbidden: User "reader" cannot create/,
    );
  });

  it('gives AuthenticationError for an unknown token (401)', async () => {
    const stranger = KratixKubernetesClient.fromClusterConfig({
      name: 'stranger',
      url: cluster.url,
      auth: { type: 'serviceAccount', token: 'not-a-known-token' },
      caData: Buffer.from(cluster.caData).toString('base64'),
      isDefault: false,
      skipTLSVerify: false,
      source: 'kratix',
    });
    await expect(stranger.list(WIDGETS)).rejects.toThrow(AuthenticationError);
  });

  it('gives ServiceUnavailableError naming the cluster when it cannot be reached', async () => {
    const gone = KratixKubernetesClient.fromClusterConfig({
      name: 'gone',
      url: 'https://127.0.0.1:1',
      auth: { type: 'serviceAccount', token: 't' },
      isDefault: false,
      skipTLSVerify: true,
      source: 'kratix',
    });
    const error = await gone.list(WIDGETS).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      /^Kubernetes cluster 'gone' at https:\/\/127\.0\.0\.1:1 could not be reached: .*ECONNREFUSED/,
    );
  });

  it('drives the /status subresource like a controller', async () => {
    const created = await admin.create(widget('with-status'));
    const withStatus = await admin.replaceStatus({
      ...created,
      status: { message: 'Resource requested' },
    });
    expect(withStatus.status).toEqual({ message: 'Resource requested' });

    const patched = await admin.patchStatus({
      ...WIDGETS,
      namespace: 'default',
      name: 'with-status',
      type: 'merge',
      patch: {
        status: {
          conditions: [{ type: 'Reconciled', status: 'True', reason: 'Done' }],
        },
      },
    });
    expect(patched.status).toMatchObject({
      message: 'Resource requested',
      conditions: [{ type: 'Reconciled', status: 'True' }],
    });

    // A write to the object itself leaves status alone, and the other way round.
    const replaced = await admin.replace({
      ...patched,
      status: { message: 'ignored' },
    });
    expect(replaced.status).toMatchObject({ message: 'Resource requested' });
  });

  it('pages through more than 1,000 objects', async () => {
    await createMany(
      admin,
      Array.from({ length: 1050 }, (_, i) =>
        widget(`paged-${String(i).padStart(4, '0')}`, 'paging'),
      ),
    );

    const pages = [];
    for await (const page of admin.listPages({
      ...WIDGETS,
      namespace: 'paging',
      pageSize: 100,
    })) {
      pages.push(page);
    }
    expect(pages).toHaveLength(11);
    expect(pages[0].items).toHaveLength(100);
    expect(pages[0].remainingItemCount).toBe(950);
    expect(pages[10].items).toHaveLength(50);
    expect(new Set(pages.map(p => p.resourceVersion)).size).toBe(1);

    const all = await admin.list({ ...WIDGETS, namespace: 'paging' });
    expect(all.items).toHaveLength(1050);
    expect(new Set(names(all.items)).size).toBe(1050);
    expect(all.resourceVersion).toBe(pages[0].resourceVersion);

    const labelled = await admin.list({
      ...WIDGETS,
      namespace: 'paging',
      fieldSelector: 'metadata.name=paged-0007',
    });
    expect(names(labelled.items)).toEqual(['paged-0007']);
  }, 120_000);

  it('watches from a resourceVersion', async () => {
    const { resourceVersion } = await admin.list({
      ...WIDGETS,
      namespace: 'watched',
    });
    await admin.create(widget('w1', 'watched'));

    const events: Array<[KubernetesWatchEventType, string]> = [];
    const done = jest.fn();
    const handle = admin.watch(
      { ...WIDGETS, namespace: 'watched', resourceVersion },
      (type, object) => {
        if (type !== 'BOOKMARK') events.push([type, object.metadata.name]);
      },
      done,
    );
    // Created before the watch, after the resourceVersion: still delivered.
    await eventually(() => events.length === 1);
    await admin.patch({
      ...WIDGETS,
      namespace: 'watched',
      name: 'w1',
      type: 'merge',
      patch: { spec: { size: 'large' } },
    });
    await admin.delete({ ...WIDGETS, namespace: 'watched', name: 'w1' });
    await eventually(() => events.length === 3);
    expect(events).toEqual([
      ['ADDED', 'w1'],
      ['MODIFIED', 'w1'],
      ['DELETED', 'w1'],
    ]);

    handle.abort();
    handle.abort();
    expect(done).toHaveBeenCalledTimes(1);
    expect(done).toHaveBeenCalledWith(undefined);
  });

  it('keeps an informer in step with the server, then stops cleanly', async () => {
    await admin.create(widget('i1', 'informed'));
    const informer = admin.informer({
      ...WIDGETS,
      namespace: 'informed',
      pageSize: 1,
    });
    const seen: string[] = [];
    informer.on('add', o => seen.push(`add ${o.metadata.name}`));
    informer.on('delete', o => seen.push(`delete ${o.metadata.name}`));
    informer.start();
    await informer.waitForSync();
    expect(names(informer.list())).toEqual(['i1']);

    await admin.create(widget('i2', 'informed'));
    await admin.delete({ ...WIDGETS, namespace: 'informed', name: 'i1' });
    await eventually(() => seen.length === 3);
    expect(seen).toEqual(['add i1', 'add i2', 'delete i1']);
    expect(names(informer.list('informed'))).toEqual(['i2']);
    await informer.stop();
  });

  // Why kratix-node builds its requests rather than using client-node's KubernetesObjectApi (1.4): that one
  // serializes an object by `<version><kind>` only, so a Promise API of kind `Service` at v1 would be written and read
  // as a core Service, without the fields a core Service lacks.
  it('keeps every field of a custom kind named like a built-in one through create, get, replace, patch and list', async () => {
    const shop = { apiVersion: 'shop.example.io/v1', kind: 'Service' } as const;
    await applyCrd(
      cluster.admin,
      looseCrd({ ...shop, plural: 'services', namespaced: true }),
    );
    const spec = { size: 'small', ports: [{ port: 80, colour: 'blue' }] };
    const created = await admin.create({
      ...shop,
      metadata: { name: 'storefront', namespace: 'default' },
      spec,
    } as KubernetesObject);
    expect(created.spec).toEqual(spec);
    const ref = { ...shop, namespace: 'default', name: 'storefront' };
    const read = await admin.get(ref);
    expect(read.spec).toEqual(spec);
    expect(read.metadata.creationTimestamp).toMatch(/Z$/);
    const replaced = await admin.replace({
      ...read,
      spec: { ...spec, size: 'large' },
    });
    expect(replaced.spec).toEqual({ ...spec, size: 'large' });
    const merged = await admin.patch({
      ...ref,
      type: 'merge',
      patch: { spec: { tier: 'gold' } },
    });
    expect(merged.spec).toEqual({ ...spec, size: 'large', tier: 'gold' });
    const listed = await admin.list({ ...shop, namespace: 'default' });
    expect(listed.items.map(o => o.spec)).toEqual([merged.spec]);
  });

  it('sends a name as given: a delete of a name in the wrong case is a 404 and leaves the lower-case object', async () => {
    await admin.create(widget('mixed-case'));
    await expect(
      admin.delete({ ...WIDGETS, namespace: 'default', name: 'Mixed-Case' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      admin.get({ ...WIDGETS, namespace: 'default', name: 'mixed-case' }),
    ).resolves.toMatchObject({ metadata: { name: 'mixed-case' } });
  });

  it('says the cluster does not serve Jobs and Pods', async () => {
    for (const call of [
      () =>
        admin.listJobs({
          namespace: 'default',
          labelSelector: 'kratix.io/promise-name=redis',
        }),
      () => admin.listPods({ labelSelector: 'kratix.io/promise-name=redis' }),
      () =>
        admin.getPodLogs({
          namespace: 'default',
          pod: 'kratix-redis-configure-abc',
          tailLines: 100,
        }),
    ]) {
      const error = await call().catch(e => e);
      expect(error).toBeInstanceOf(KratixCoreApiUnavailableError);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(
        isKratixCoreApiUnavailableError(
          JSON.parse(JSON.stringify({ ...error, name: error.name })),
        ),
      ).toBe(true);
      expect(error.message).toMatch(
        /^Cluster 'kratix-node' does not serve (jobs \(batch\/v1\)|pods \(v1\))/,
      );
    }
  });
});

describeWithCluster(
  'KratixKubernetesClient when resourceVersions expire (watch cache off)',
  () => {
    let cluster: TestCluster;
    let admin: KratixKubernetesClient;

    beforeAll(async () => {
      cluster = await TestCluster.start({
        name: 'kratix-node-410',
        watchCache: false,
      });
      await applyCrd(cluster.admin, widgetCrd('widgets'));
      admin = adminClient(cluster);
    }, 180_000);

    afterAll(async () => {
      await admin?.close();
      await cluster?.destroy();
    });

    it('starts a list again, once, when its continue token expires mid-way', async () => {
      await createMany(
        admin,
        Array.from({ length: 30 }, (_, i) => widget(`c-${i}`, 'continue')),
      );
      const pages = [];
      for await (const page of admin.listPages({
        ...WIDGETS,
        namespace: 'continue',
        pageSize: 10,
      })) {
        pages.push(page);
        if (pages.length === 1) await cluster.compactEtcd();
      }
      expect(pages.map(p => [p.items.length, p.restarted])).toEqual([
        [10, false],
        [10, true],
        [10, false],
        [10, false],
      ]);
      const fromRestart = pages.slice(1).flatMap(p => p.items);
      expect(new Set(names(fromRestart)).size).toBe(30);
    });

    it('lists again after etcd compaction (410 Gone) and keeps a correct cache', async () => {
      const debug = jest.fn();
      const logger = {
        debug,
        info: jest.fn(),
        warn: jest.fn(),
        error: jest.fn(),
        child: () => logger,
      };
      const client = KratixKubernetesClient.fromKubeconfigFile(
        cluster.adminKubeconfigPath,
        undefined,
        {
          logger: logger as any,
        },
      );
      const informer = (await client).informer({
        ...WIDGETS,
        namespace: 'compacted',
        watchTimeoutSeconds: 1,
        backoff: { initialDelayMs: 50 },
      });
      await admin.create(widget('before', 'compacted'));
      informer.start();
      await informer.waitForSync();
      await admin.create(widget('during', 'compacted'));
      await eventually(() => informer.list().length === 2);

      await cluster.compactEtcd();
      // The next reconnect (at most a second away) starts from a compacted revision.
      await eventually(() =>
        debug.mock.calls.some(([message]) =>
          /expired \(410 Gone\), listing again/.test(message),
        ),
      );
      await admin.create(widget('after', 'compacted'));
      await admin.delete({
        ...WIDGETS,
        namespace: 'compacted',
        name: 'before',
      });
      await eventually(async () => {
        const server = await admin.list({ ...WIDGETS, namespace: 'compacted' });
        return (
          JSON.stringify(names(informer.list())) ===
            JSON.stringify(names(server.items)) &&
          JSON.stringify(names(server.items)) ===
            JSON.stringify(['after', 'during'])
        );
      });
      expect(debug).toHaveBeenCalledWith(
        expect.stringMatching(/expired \(410 Gone\), listing again/),
      );
      expect(names(informer.list())).toEqual(['after', 'during']);
      await informer.stop();
      await (await client).close();
    });

    it('catches up with changes made while the server was down, through a relist', async () => {
      const informer = admin.informer({
        ...WIDGETS,
        namespace: 'restarted',
        backoff: { initialDelayMs: 4000, maxDelayMs: 8000 },
      });
      const seen: string[] = [];
      informer.on('add', o => seen.push(`add ${o.metadata.name}`));
      informer.on('delete', o => seen.push(`delete ${o.metadata.name}`));
      const errors: Error[] = [];
      informer.on('error', e => errors.push(e));
      await admin.create(widget('keep', 'restarted'));
      await admin.create(widget('drop', 'restarted'));
      informer.start();
      await informer.waitForSync();

      await cluster.restart();
      // Changes the informer cannot see as events: its old resourceVersion is compacted away.
      await eventually(() =>
        admin.delete({ ...WIDGETS, namespace: 'restarted', name: 'drop' }),
      );
      await admin.create(widget('new', 'restarted'));
      await cluster.compactEtcd();

      await eventually(
        () =>
          JSON.stringify(names(informer.list())) ===
          JSON.stringify(['keep', 'new']),
        30_000,
      );
      // The relist reports what it found different: 'drop' deleted and 'new' added.
      expect(seen.slice(2).sort()).toEqual(['add new', 'delete drop']);
      expect(errors.every(e => e instanceof ServiceUnavailableError)).toBe(
        true,
      );
      await informer.stop();
    }, 60_000);
  },
);
