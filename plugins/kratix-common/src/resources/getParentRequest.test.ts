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

  it('reads the older kratix.io/component-of-* labels', () => {
    expect(
      getParentRequest(
        withLabels({
          'kratix.io/component-of-promise-name': 'app',
          'kratix.io/component-of-resource-name': 'shop',
          'kratix.io/component-of-resource-namespace': 'default',
        }),
      ),
    ).toEqual({ promiseName: 'app', name: 'shop', namespace: 'default' });
  });

  it('prefers the newer shape when both are present', () => {
    expect(
      getParentRequest(
        withLabels({
          'kratix.io/component-of-promise-name': 'old',
          'kratix.io/component-of-resource-name': 'old',
          'kratix.io/parent-promise-name': 'app',
          'kratix.io/parent-resource-name': 'shop',
        }),
      ),
    ).toEqual({ promiseName: 'app', name: 'shop' });
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
