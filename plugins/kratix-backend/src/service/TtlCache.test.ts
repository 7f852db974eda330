import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one computation per key within the TTL and forgets failures', async () => {
    const cache = new TtlCache(60_000);
    const compute = jest.fn(async () => 'value');
    await Promise.all([cache.get('a', compute), cache.get('a', compute)]);
    expect(compute).toHaveBeenCalledTimes(1);

    const failing = jest.fn(async () => {
      throw new Error('down');
    });
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    await expect(cache.get('b', failing)).rejects.toThrow('down');
    expect(failing).toHaveBeenCalledTimes(2);

    cache.invalidate('a');
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('does not cache with a TTL of 0', async () => {
    const cache = new TtlCache(0);
    const compute = jest.fn(async () => 1);
    await cache.get('a', compute);
    await cache.get('a', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });
});
