import {
  parseResourceRequestRef,
  stringifyResourceRequestRef,
} from './resourceRequestRef';

describe('parseResourceRequestRef', () => {
  it('parses namespace/kind/name', () => {
    expect(parseResourceRequestRef('default/kafka/orders')).toEqual({
      namespace: 'default',
      kind: 'kafka',
      name: 'orders',
    });
  });

  it('parses a cluster and a group-qualified kind', () => {
    expect(
      parseResourceRequestRef('prod/team-a/kafka.marketplace.kratix.io/orders'),
    ).toEqual({
      cluster: 'prod',
      namespace: 'team-a',
      kind: 'kafka',
      group: 'marketplace.kratix.io',
      name: 'orders',
    });
  });

  it.each(['', 'orders', 'kafka/orders', 'a/b/c/d/e', 'default//orders'])(
    'rejects %p with a message showing the expected shape',
    ref => {
      expect(() => parseResourceRequestRef(ref)).toThrow(
        /expected '\[cluster\/\]namespace\/kind\/name'/,
      );
    },
  );
});

describe('stringifyResourceRequestRef', () => {
  it.each([
    'default/kafka/orders',
    'prod/team-a/kafka.marketplace.kratix.io/orders',
  ])('round-trips %s', ref => {
    expect(stringifyResourceRequestRef(parseResourceRequestRef(ref))).toBe(ref);
  });
});
