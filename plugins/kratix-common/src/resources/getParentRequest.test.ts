import { getParentRequest } from './getParentRequest';

const withLabels = (labels: Record<string, string>) => ({
  metadata: { labels },
});

describe('getParentRequest', () => {
  it('reads the newer kratix.io/parent-* labels', () => {
    expect(
      getParentRequest(
        withLabels({
          'kratix.io/parent-promise-name': 'app',
          'kratix.io/parent-resource-name': 'shop',
          'kratix.io/parent-resource-namespace': 'team-a',
        }),
      ),
    ).toEqual({ promiseName: 'app', name: 'shop', namespace: 'team-a' });
  });

  it('ignores kratix.io/component-of-* labels, which upstream Kratix never writes', () => {
    expect(
      getParentRequest(
        withLabels({
          'kratix.io/component-of-promise-name': 'app',
          'kratix.io/component-of-resource-name': 'shop',
        }),
      ),
    ).toBeUndefined();
  });

  it('returns undefined for a request that is not part of a compound Promise', () => {
    expect(
      getParentRequest(withLabels({ 'kratix.io/promise-name': 'redis' })),
    ).toBeUndefined();
    expect(
      getParentRequest(withLabels({ 'kratix.io/parent-promise-name': 'app' })),
    ).toBeUndefined();
    expect(getParentRequest({ metadata: {} })).toBeUndefined();
    expect(getParentRequest(undefined)).toBeUndefined();
  });
});
