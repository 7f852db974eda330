import { Condition } from '../types';
import { isCrossplaneReady } from './isCrossplaneReady';

const withConditions = (...conditions: Condition[]) => ({
  status: { conditions },
});

describe('isCrossplaneReady', () => {
  it('is true when Ready and Synced are both True', () => {
    expect(
      isCrossplaneReady(
        withConditions(
          { type: 'Ready', status: 'True', reason: 'Available' },
          { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        ),
      ),
    ).toBe(true);
  });

  it('is false when Synced is not True', () => {
    expect(
      isCrossplaneReady(
        withConditions(
          { type: 'Ready', status: 'True' },
          { type: 'Synced', status: 'False', reason: 'ReconcileError' },
        ),
      ),
    ).toBe(false);
    expect(
      isCrossplaneReady(withConditions({ type: 'Ready', status: 'True' })),
    ).toBe(false);
  });

  it('is false when Ready is not True', () => {
    expect(
      isCrossplaneReady(
        withConditions(
          { type: 'Ready', status: 'False', reason: 'Creating' },
          { type: 'Synced', status: 'True' },
        ),
      ),
    ).toBe(false);
    expect(isCrossplaneReady({})).toBe(false);
  });
});
