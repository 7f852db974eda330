import { NotFoundError } from '@backstage/errors';
import { ResourceDiscovery } from './ResourceDiscovery';

const redisList = {
  resources: [
    { name: 'redis', kind: 'Redis', namespaced: true, verbs: ['get', 'list'] },
    { name: 'redis/status', kind: 'Redis', namespaced: true, verbs: ['get'] },
  ],
};

describe('ResourceDiscovery', () => {
  it('caches answers for the TTL, then asks again', async () => {
    let now = 0;
    const fetch = jest.fn().mockResolvedValue(redisList);
    const discovery = new ResourceDiscovery({
      fetch,
      ttlMs: 1000,
      now: () => now,
    });
    const type = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'Redis',
    };

    await expect(discovery.resolve(type, 'c')).resolves.toEqual({
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'Redis',
      plural: 'redis',
      namespaced: true,
      verbs: ['get', 'list'],
      hasStatusSubresource: true,
    });
    await discovery.resolve(
      { apiVersion: type.apiVersion, plural: 'redis' },
      'c',
    );
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('/apis/marketplace.kratix.io/v1alpha1');

    now = 2000;
    await discovery.resolve(type, 'c');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('asks again on a miss, since a CRD may have appeared', async () => {
    let now = 0;
    const fetch = jest
      .fn()
      .mockResolvedValueOnce({ resources: [] })
      .mockResolvedValueOnce(redisList);
    const discovery = new ResourceDiscovery({ fetch, now: () => now });
    const type = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'Redis',
    };

    await expect(discovery.resolve(type, 'c')).rejects.toThrow(
      "Cluster 'c' serves marketplace.kratix.io/v1alpha1 but no kind 'Redis' in it",
    );
    now = 1000;
    await expect(discovery.resolve(type, 'c')).resolves.toMatchObject({
      plural: 'redis',
    });
  });

  it('says when the group/version is not served at all', async () => {
    const fetch = jest
      .fn()
      .mockRejectedValue(Object.assign(new Error('404'), { code: 404 }));
    const discovery = new ResourceDiscovery({ fetch });
    const error = await discovery
      .resolve({ apiVersion: 'v1', kind: 'Pod' }, 'c')
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/does not serve the API v1/);
    expect(fetch).toHaveBeenCalledWith('/api/v1');
  });

  it('shares one request between concurrent lookups', async () => {
    const fetch = jest.fn().mockResolvedValue(redisList);
    const discovery = new ResourceDiscovery({ fetch });
    const type = {
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'Redis',
    };
    await Promise.all([
      discovery.resolve(type, 'c'),
      discovery.resolve(type, 'c'),
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
