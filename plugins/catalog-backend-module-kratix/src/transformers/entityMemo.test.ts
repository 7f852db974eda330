import v8 from 'v8';
import vm from 'vm';
import { EntityMemo } from './entityMemo';

describe('EntityMemo', () => {
  const transform = jest.fn((object: { name: string }, options: object) => ({
    name: object.name,
    options,
  }));

  beforeEach(() => transform.mockClear());

  it('hands out the same entity for the same object and options while it is held', () => {
    const memo = new EntityMemo(transform);
    const object = { name: 'a' };
    const first = memo.get(object, { owner: 'team-a' });
    expect(memo.get(object, { owner: 'team-a' })).toBe(first);
    expect(transform).toHaveBeenCalledTimes(1);
    // Other options make another entity.
    expect(memo.get(object, { owner: 'team-b' })).not.toBe(first);
    expect(transform).toHaveBeenCalledTimes(2);
  });

  it('remembers a transformer error, and a value that is not an object', () => {
    const failing = new EntityMemo(
      (_o: object, _options: object): undefined => {
        throw new Error('no name');
      },
    );
    const object = {};
    expect(() => failing.get(object, {})).toThrow('no name');
    expect(() => failing.get(object, {})).toThrow('no name');
    const skipping = jest.fn(() => undefined);
    const memo = new EntityMemo(skipping);
    expect(memo.get(object, {})).toBeUndefined();
    expect(memo.get(object, {})).toBeUndefined();
    expect(skipping).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing of an object once its entity is gone, not even the options it was made with', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc: () => void = vm.runInNewContext('gc');
    const heap = () => v8.getHeapStatistics().used_heap_size;
    const memo = new EntityMemo(
      (object: { name: string }, _options: object) => ({ name: object.name }),
    );
    // The objects stay (an informer's cache holds them); each has options of its own, as each request has its
    // relations: 3,000 × 4 KB of options JSON.
    const objects = Array.from({ length: 3000 }, (_, i) => ({
      name: `request-${i}`,
    }));
    const padding = 'x'.repeat(4096);
    await new Promise(resolve => setImmediate(resolve));
    gc();
    const before = heap();
    let entities: unknown[] | undefined = objects.map((o, i) =>
      memo.get(o, { relations: `${i}${padding}` }),
    );
    expect(entities).toHaveLength(3000);
    entities = undefined;
    // A WeakRef holds its target until the end of the job that made it.
    await new Promise(resolve => setImmediate(resolve));
    gc();
    const grown = heap() - before;
    // The options of the last 256 stay as shared keys (1 MB); kept per object they would be 12 MB.
    expect(grown).toBeLessThan(4 * 2 ** 20);
    expect(objects).toHaveLength(3000);
  });
});
