import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  applyCrd,
  eventually,
  kratixClusterConfig,
  readResourceRequests,
  TestCluster,
} from '@kratix-backstage/kube-test-cluster';
import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { ConfigReader } from '@backstage/config';
import {
  adminClient,
  testClusterSkipReason,
  widgetCrd,
} from '../__testUtils__/testCluster';
import type { KratixKubernetesClient } from '../client/KratixKubernetesClient';
import { DefaultKratixClusterService } from '../service/DefaultKratixClusterService';
import { DefaultKratixInformerService } from './DefaultKratixInformerService';
import { kratixInformerServiceRef } from './kratixInformerServiceRef';
import type { KratixInformerLease } from './KratixInformerService';

// A real API server (tools/kube-apiserver); skipped with a message where it can't start, failing under CI=true.
const describeWithCluster = testClusterSkipReason(
  'DefaultKratixInformerService',
)
  ? describe.skip
  : describe;

const GADGETS = { apiVersion: 'test.kratix.io/v1', kind: 'Gadget' } as const;
const RESOURCE = { group: 'test.kratix.io', plural: 'gadgets' };

function gadget(name: string, namespace: string): KubernetesObject {
  return {
    ...GADGETS,
    metadata: { name, namespace },
    spec: { size: 'small' },
  } as KubernetesObject;
}

const names = (objects: KubernetesObject[]) =>
  objects.map(o => `${o.metadata.namespace}/${o.metadata.name}`).sort();

describeWithCluster('DefaultKratixInformerService on a real API server', () => {
  let cluster: TestCluster;
  let admin: KratixKubernetesClient;

  beforeAll(async () => {
    cluster = await TestCluster.start({ name: 'informers', crds: [] });
    await applyCrd(cluster.admin, widgetCrd('gadgets'));
    admin = adminClient(cluster);
    await admin.create(gadget('g1', 'team-a'));
    await admin.create(gadget('g2', 'team-b'));
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await cluster?.destroy();
  });

  const requests = () => readResourceRequests(cluster.admin, RESOURCE);

  it('lists and watches a kind once for every lease, and stops with the last one', async () => {
    const clusters = DefaultKratixClusterService.fromConfig(
      new ConfigReader({
        kratix: { clusters: [kratixClusterConfig(cluster)] },
      }),
    );
    const informers = DefaultKratixInformerService.create({ clusters });
    const before = await requests();

    const wide = informers.acquire(GADGETS);
    const teamA = informers.acquire({ ...GADGETS, namespace: 'team-a' });
    const again = informers.acquire(GADGETS);
    await Promise.all([wide, teamA, again].map(l => l.waitForSync()));
    // A namespaced lease served by the cluster-wide informer sees its namespace only.
    expect(names(wide.list())).toEqual(['team-a/g1', 'team-b/g2']);
    expect(names(teamA.list())).toEqual(['team-a/g1']);
    expect(teamA.get('g2', 'team-b')).toBeUndefined();
    const teamAEvents: string[] = [];
    teamA.on('add', o => teamAEvents.push(o.metadata.name!));
    const wideEvents: string[] = [];
    wide.on('add', o => wideEvents.push(o.metadata.name!));
    await admin.create(gadget('g3', 'team-b'));
    await admin.create(gadget('g4', 'team-a'));
    await eventually(() => wideEvents.length === 2, 'both adds');
    expect(teamAEvents).toEqual(['g4']);

    const sharing = await requests();
    expect(sharing.lists - before.lists).toBe(1);
    expect(sharing.watches - before.watches).toBe(1);
    expect(sharing.openWatches - before.openWatches).toBe(1);

    // Released leases hear nothing more; the informer keeps watching for the lease still held.
    await wide.release();
    await teamA.release();
    await admin.create(gadget('g5', 'team-a'));
    await eventually(
      () => again.get('g5', 'team-a'),
      'the remaining lease sees g5',
    );
    expect(wideEvents).toEqual(['g3', 'g4']);
    expect(teamAEvents).toEqual(['g4']);
    expect((await requests()).openWatches).toBe(sharing.openWatches);

    await again.release();
    await eventually(
      async () => (await requests()).openWatches === before.openWatches,
      'the watch to close with the last lease',
    );
    await clusters.close();
  });

  it('moves a namespaced lease onto the cluster-wide informer started after it, and watches the kind once', async () => {
    const clusters = DefaultKratixClusterService.fromConfig(
      new ConfigReader({
        kratix: { clusters: [kratixClusterConfig(cluster)] },
      }),
    );
    const informers = DefaultKratixInformerService.create({ clusters });
    const before = await requests();
    // A backend plugin reads one namespace first…
    const teamA = informers.acquire({ ...GADGETS, namespace: 'team-a' });
    await teamA.waitForSync();
    const teamAEvents: string[] = [];
    teamA.on('add', o => teamAEvents.push(`add ${o.metadata.name}`));
    teamA.on('delete', o => teamAEvents.push(`delete ${o.metadata.name}`));
    const existing = names(teamA.list());
    // …then the provider watches the whole cluster.
    const wide = informers.acquire(GADGETS);
    await wide.waitForSync();
    // Both have watched (`watches` counts every watch ever opened); one watch is left open.
    await eventually(async () => {
      const now = await requests();
      return (
        now.watches - before.watches === 2 &&
        now.openWatches - before.openWatches === 1 &&
        now
      );
    }, 'the namespaced watch to close, leaving the cluster-wide one');

    // The moved lease still sees its namespace only, and each change once.
    expect(names(teamA.list())).toEqual(existing);
    await admin.create(gadget('m1', 'team-a'));
    await admin.create(gadget('m2', 'team-b'));
    await eventually(() => wide.get('m2', 'team-b'), 'the wide lease sees m2');
    await eventually(() => teamA.get('m1', 'team-a'), 'team-a sees m1');
    await admin.delete({ ...GADGETS, name: 'm1', namespace: 'team-a' });
    await eventually(
      () => teamAEvents.includes('delete m1'),
      'team-a hears m1 deleted',
    );
    expect(teamAEvents).toEqual(['add m1', 'delete m1']);
    expect(teamA.get('m2', 'team-b')).toBeUndefined();

    // The moved lease holds the informer it moved onto.
    await wide.release();
    await admin.create(gadget('m3', 'team-a'));
    await eventually(() => teamA.get('m3', 'team-a'), 'team-a sees m3');
    await teamA.release();
    await eventually(
      async () => (await requests()).openWatches === before.openWatches,
      'the watch to close with the last lease',
    );
    await informers.close();
    await clusters.close();
  });

  it('rejects the sync of a lease released before the first list', async () => {
    const clusters = DefaultKratixClusterService.fromConfig(
      new ConfigReader({
        kratix: { clusters: [kratixClusterConfig(cluster)] },
      }),
    );
    const informers = DefaultKratixInformerService.create({ clusters });
    const lease = informers.acquire({ ...GADGETS, kind: 'Nothing' });
    const sync = lease.waitForSync();
    await lease.release();
    await expect(sync).rejects.toThrow(/released before its first list/);
    await informers.close();
    await clusters.close();
  });

  it('is one service for every plugin of a backend, stopped with the backend', async () => {
    const before = await requests();
    const leases: KratixInformerLease[] = [];
    const probe = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: {
              informers: kratixInformerServiceRef,
              logger: coreServices.logger,
            },
            async init({ informers }) {
              const lease = informers.acquire(GADGETS);
              leases.push(lease);
              await lease.waitForSync();
            },
          });
        },
      });
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: { kratix: { clusters: [kratixClusterConfig(cluster)] } },
        }),
        probe('first'),
        probe('second'),
      ],
    });
    expect(leases).toHaveLength(2);
    // The watch opens once the list is in.
    const running = await eventually(async () => {
      const now = await requests();
      return now.openWatches > before.openWatches && now;
    }, 'the watch to open');
    expect(running.lists - before.lists).toBe(1);
    expect(running.openWatches - before.openWatches).toBe(1);

    await backend.stop();
    await eventually(
      async () => (await requests()).openWatches === before.openWatches,
      'the watch to close when the backend stops',
    );
  });
});
