import { isResourceReady } from './isResourceReady';

describe('isResourceReady', () => {
  it('is true when Reconciled is True', () => {
    expect(
      isResourceReady({
        status: { conditions: [{ type: 'Reconciled', status: 'True' }] },
      }),
    ).toBe(true);
  });

  it.each(['False', 'Unknown'] as const)(
    'is false when Reconciled is %s',
    status => {
      expect(
        isResourceReady({
          status: { conditions: [{ type: 'Reconciled', status }] },
        }),
      ).toBe(false);
    },
  );

  it('is false without a Reconciled condition', () => {
    expect(isResourceReady({ status: { conditions: [] } })).toBe(false);
    expect(isResourceReady({})).toBe(false);
    expect(isResourceReady(undefined)).toBe(false);
  });
});
