import { isPlatformBehind } from './isPlatformBehind';

describe('isPlatformBehind', () => {
  it('is true when the generation is ahead of the observed generation', () => {
    expect(
      isPlatformBehind({
        metadata: { generation: 3 },
        status: { observedGeneration: 2 },
      }),
    ).toBe(true);
  });

  it('is false when Kratix has observed the latest generation', () => {
    expect(
      isPlatformBehind({
        metadata: { generation: 3 },
        status: { observedGeneration: 3 },
      }),
    ).toBe(false);
  });

  it('is false when either number is missing', () => {
    expect(isPlatformBehind({ metadata: { generation: 3 } })).toBe(false);
    expect(
      isPlatformBehind({ metadata: {}, status: { observedGeneration: 1 } }),
    ).toBe(false);
    expect(isPlatformBehind(undefined)).toBe(false);
  });
});
