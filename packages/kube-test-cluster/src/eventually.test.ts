import { eventually } from './eventually';

describe('eventually', () => {
  it('answers the first truthy value, from a plain or an async check', async () => {
    let calls = 0;
    await expect(
      eventually(() => ++calls >= 3 && calls, 'three calls', 1_000, 1),
    ).resolves.toBe(3);
    await expect(
      eventually(async () => ({ ready: true }), 'an object'),
    ).resolves.toEqual({ ready: true });
  });

  it('says what it waited for when time runs out', async () => {
    await expect(
      eventually(() => false, 'the impossible', 20, 5),
    ).rejects.toThrow('Timed out waiting for the impossible');
  });

  it('fails at once when the check throws', async () => {
    let calls = 0;
    await expect(
      eventually(
        () => {
          calls += 1;
          throw new Error('broken');
        },
        'a broken check',
        1_000,
        1,
      ),
    ).rejects.toThrow('broken');
    expect(calls).toBe(1);
  });
});
