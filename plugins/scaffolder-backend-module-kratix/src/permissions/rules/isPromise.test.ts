import { isPromise } from './isPromise';

const resource = (cluster: string, name: string) => ({
  cluster,
  promise: {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name },
  },
});

describe('IS_PROMISE', () => {
  it('matches the Promises named, on any cluster unless one is given', () => {
    const params = { promises: ['postgresql', 'redis'] };
    expect(isPromise.apply(resource('platform', 'redis'), params)).toBe(true);
    expect(isPromise.apply(resource('eu', 'postgresql'), params)).toBe(true);
    expect(isPromise.apply(resource('platform', 'cluster'), params)).toBe(
      false,
    );

    const onPlatform = { ...params, cluster: 'platform' };
    expect(isPromise.apply(resource('platform', 'redis'), onPlatform)).toBe(
      true,
    );
    expect(isPromise.apply(resource('eu', 'redis'), onPlatform)).toBe(false);
    expect(
      isPromise.apply(resource('platform', 'redis'), { promises: [] }),
    ).toBe(false);
  });

  it('says the same as a filter', () => {
    expect(isPromise.toQuery({ promises: ['redis'] })).toEqual({
      key: 'metadata.name',
      values: ['redis'],
    });
    expect(isPromise.toQuery({ promises: ['redis'], cluster: 'eu' })).toEqual({
      allOf: [
        { key: 'metadata.name', values: ['redis'] },
        { key: 'cluster', values: ['eu'] },
      ],
    });
  });
});
