import { reconcileReason } from './Simulator';
import { chooseDestination } from './kratixWork';

describe('reconcileReason', () => {
  const rr = (metadata: any, status?: any) => ({
    metadata: { generation: 1, ...metadata },
    status,
  });
  const done = {
    conditions: [{ type: 'Reconciled', status: 'True' }],
    observedGeneration: 1,
  };

  it('picks up new, changed and manually re-run requests', () => {
    expect(reconcileReason(rr({}))).toBe('new request');
    expect(reconcileReason(rr({ generation: 2 }, done))).toMatch(
      /generation 2/,
    );
    expect(
      reconcileReason(
        rr({ labels: { 'kratix.io/manual-reconciliation': 'true' } }, done),
      ),
    ).toMatch(/manual/);
    expect(
      reconcileReason(
        rr(
          { annotations: { 'kratix.io/manual-reconciliation': 'true' } },
          done,
        ),
      ),
    ).toMatch(/manual/);
  });

  it('leaves reconciled, paused and frozen requests alone', () => {
    expect(reconcileReason(rr({}, done))).toBeUndefined();
    expect(
      reconcileReason(rr({ labels: { 'kratix.io/paused': 'true' } })),
    ).toBeUndefined();
    expect(
      reconcileReason(
        rr({ annotations: { 'demo.kratix.backstage.io/frozen': 'true' } }),
      ),
    ).toBeUndefined();
  });
});

describe('chooseDestination', () => {
  const destinations = [
    {
      metadata: {
        name: 'worker-2',
        labels: { environment: 'prod', crossplane: 'enabled' },
      },
    },
    {
      metadata: {
        name: 'worker-1',
        labels: { environment: 'dev', crossplane: 'enabled' },
      },
    },
  ];
  const promise = (selectors?: any[]) => ({
    spec: { destinationSelectors: selectors },
  });

  it('takes the first Destination by name whose labels match', () => {
    expect(
      chooseDestination(
        promise([{ matchLabels: { environment: 'prod' } }]),
        destinations,
      ),
    ).toBe('worker-2');
    expect(
      chooseDestination(
        promise([{ matchLabels: { crossplane: 'enabled' } }]),
        destinations,
      ),
    ).toBe('worker-1');
  });

  it('falls back to worker-1 when nothing matches', () => {
    expect(
      chooseDestination(
        promise([{ matchLabels: { environment: 'platform' } }]),
        destinations,
      ),
    ).toBe('worker-1');
  });
});
