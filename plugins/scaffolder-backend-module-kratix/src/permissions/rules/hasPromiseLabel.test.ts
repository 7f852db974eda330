import { hasPromiseLabel } from './hasPromiseLabel';

const resource = (labels?: Record<string, string>) => ({
  cluster: 'platform',
  promise: {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'redis', labels },
  },
});

describe('HAS_PROMISE_LABEL', () => {
  const label = 'platform.example.com/self-service';

  it('matches a Promise carrying the label, with the value when one is given', () => {
    expect(
      hasPromiseLabel.apply(resource({ [label]: 'true' }), { label }),
    ).toBe(true);
    expect(hasPromiseLabel.apply(resource({ [label]: '' }), { label })).toBe(
      true,
    );
    expect(
      hasPromiseLabel.apply(resource({ [label]: 'true' }), {
        label,
        value: 'true',
      }),
    ).toBe(true);
    expect(
      hasPromiseLabel.apply(resource({ [label]: 'false' }), {
        label,
        value: 'true',
      }),
    ).toBe(false);
  });

  it('does not match without the label, nor on a label of another case', () => {
    expect(hasPromiseLabel.apply(resource(), { label })).toBe(false);
    expect(
      hasPromiseLabel.apply(resource({ 'kratix.io/promise-version': 'v1' }), {
        label,
      }),
    ).toBe(false);
    expect(
      hasPromiseLabel.apply(resource({ [label.toUpperCase()]: 'true' }), {
        label,
      }),
    ).toBe(false);
    // Inherited properties are not labels.
    expect(hasPromiseLabel.apply(resource({}), { label: 'toString' })).toBe(
      false,
    );
  });

  it('says the same as a filter', () => {
    expect(hasPromiseLabel.toQuery({ label })).toEqual({
      key: `metadata.labels.${label}`,
    });
    expect(hasPromiseLabel.toQuery({ label, value: 'true' })).toEqual({
      key: `metadata.labels.${label}`,
      values: ['true'],
    });
  });
});
