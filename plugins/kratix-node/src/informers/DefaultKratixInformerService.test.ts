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
