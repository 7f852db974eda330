import { getCondition } from './getCondition';

describe('getCondition', () => {
  const obj = {
    status: {
      conditions: [
        { type: 'Ready', status: 'True' as const, reason: 'Available' },
        { type: 'Synced', status: 'False' as const, reason: 'ReconcileError' },
      ],
    },
  };

  it('returns the condition of the given type', () => {
    expect(getCondition(obj, 'Synced')).toEqual({
      type: 'Synced',
      status: 'False',
      reason: 'ReconcileError',
    });
  });

  it('returns undefined for a missing type', () => {
    expect(getCondition(obj, 'Reconciled')).toBeUndefined();
  });

  it('copes with objects without status, or with null conditions', () => {
    expect(getCondition(undefined, 'Ready')).toBeUndefined();
    expect(getCondition({}, 'Ready')).toBeUndefined();
    expect(getCondition({ status: null }, 'Ready')).toBeUndefined();
    expect(
      getCondition({ status: { conditions: null } }, 'Ready'),
    ).toBeUndefined();
  });
});
