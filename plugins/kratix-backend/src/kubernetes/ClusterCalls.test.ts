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
});
