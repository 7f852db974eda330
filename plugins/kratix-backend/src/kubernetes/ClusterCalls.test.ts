import { ServiceUnavailableError } from '@backstage/errors';
import type {
  KratixClusterService,
  KratixInformerService,
} from '@kratix-backstage/plugin-kratix-node';
import { ClusterCalls } from './ClusterCalls';

describe('ClusterCalls', () => {
  const clusters = {
    listClusters: () => [
      { name: 'slow', isDefault: true, authProvider: 'serviceAccount' },
    ],
    getDefaultClusterName: () => 'slow',
    getClient: () => ({ clusterName: 'slow' }),
  } as unknown as KratixClusterService;
  const informers = {} as KratixInformerService;

  it('gives up on a cluster that does not answer in time, and aborts the call', async () => {
    const calls = new ClusterCalls(clusters, 50, informers);
    let aborted = false;
    const never = calls.run(
      undefined,
      'listing Promises',
      (_client, signal) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise(() => {});
      },
    );
    await expect(never).rejects.toThrow(ServiceUnavailableError);
    await expect(never).rejects.toThrow(
      "Cluster 'slow' did not answer within 0.05 s while listing Promises",
    );
    expect(aborted).toBe(true);
  });

  it('passes answers and errors through', async () => {
    const calls = new ClusterCalls(clusters, 1000, informers);
    await expect(calls.run('slow', 'x', async () => 42)).resolves.toBe(42);
    await expect(
      calls.run('slow', 'x', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });

  describe('listCached', () => {
    const work = { apiVersion: 'v1', kind: 'Work', metadata: { name: 'w' } };

    /** A lease whose first list ends when `sync` is called, or fails when `fail` is; `list` serves `work`. */
    function fakeInformers() {
      let synced = false;
      let sync = () => {};
      const errorListeners: Array<(error: Error) => void> = [];
      const acquired: unknown[] = [];
      const lease = {
        on(event: string, listener: (error: Error) => void) {
          if (event === 'error') errorListeners.push(listener);
          return lease;
        },
        hasSynced: () => synced,
        waitForSync: () =>
          new Promise<void>(resolve => {
            sync = () => {
              synced = true;
              resolve();
            };
          }),
        list: () => [work],
        release: async () => {},
      };
      const service = {
        acquire: (selection: unknown) => {
          acquired.push(selection);
          return lease;
        },
      } as unknown as KratixInformerService;
      return {
        service,
        acquired,
        sync: () => sync(),
        fail: (error: Error) => errorListeners.forEach(l => l(error)),
      };
    }

    const listing = (items: unknown[]) => {
      const list = jest.fn(async () => ({ items }));
      return {
        list,
        clusters: {
          ...clusters,
          getClient: () => ({ clusterName: 'slow', list }),
        } as unknown as KratixClusterService,
      };
    };

    const selection = { apiVersion: 'v1', kind: 'Work', namespace: 'team-a' };

    it('waits for the first list of the shared informer, then reads its cache without listing', async () => {
      const fake = fakeInformers();
      const { list, clusters: withList } = listing([]);
      const calls = new ClusterCalls(withList, 1000, fake.service);
      const read = calls.listCached(undefined, selection, 'listing Works');
      setTimeout(fake.sync, 20);
      await expect(read).resolves.toEqual([work]);
      await expect(
        calls.listCached('slow', selection, 'listing Works'),
      ).resolves.toEqual([work]);
      expect(fake.acquired).toEqual([{ cluster: 'slow', ...selection }]);
      expect(list).not.toHaveBeenCalled();
      await calls.close();
    });

    it("lists directly while the informer's first list fails", async () => {
      const fake = fakeInformers();
      const direct = { ...work, metadata: { name: 'listed' } };
      const { list, clusters: withList } = listing([direct]);
      const calls = new ClusterCalls(withList, 1000, fake.service);
      const read = calls.listCached(undefined, selection, 'listing Works');
      fake.fail(new Error('works is forbidden'));
      await expect(read).resolves.toEqual([direct]);
      expect(list).toHaveBeenCalledWith(expect.objectContaining(selection));
      await calls.close();
    });

    it('gives up waiting for the first list after the cluster time limit', async () => {
      const fake = fakeInformers();
      const calls = new ClusterCalls(clusters, 50, fake.service);
      await expect(
        calls.listCached(undefined, selection, 'listing Works'),
      ).rejects.toThrow(
        "Cluster 'slow' did not answer within 0.05 s while listing Works",
      );
      await calls.close();
    });
  });
});
