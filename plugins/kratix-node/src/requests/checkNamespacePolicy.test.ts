import { NotAllowedError } from '@backstage/errors';
import { checkNamespacePolicy } from './checkNamespacePolicy';

const rules = [
  { owners: ['group:default/team-a'], namespaces: ['team-a', 'team-a-*'] },
  { promises: ['redis'], namespaces: ['shared-cache'] },
];

describe('checkNamespacePolicy', () => {
  it('allows everything without rules, and cluster-scoped requests always', () => {
    expect(() =>
      checkNamespacePolicy([], { promise: 'kafka', namespace: 'anything' }),
    ).not.toThrow();
    expect(() =>
      checkNamespacePolicy(rules, {
        promise: 'kafka',
        owner: 'user:default/x',
      }),
    ).not.toThrow();
  });

  it('allows a namespace a matching rule lists, with globs and owner refs in any case', () => {
    for (const namespace of ['team-a', 'team-a-dev']) {
      expect(() =>
        checkNamespacePolicy(rules, {
          owner: 'Group:default/Team-A',
          promise: 'kafka',
          namespace,
        }),
      ).not.toThrow();
    }
    expect(() =>
      checkNamespacePolicy(rules, {
        owner: 'group:default/team-b',
        promise: 'redis',
        namespace: 'shared-cache',
      }),
    ).not.toThrow();
  });

  it('refuses other namespaces and says which are allowed', () => {
    expect(() =>
      checkNamespacePolicy(rules, {
        owner: 'group:default/team-a',
        promise: 'redis',
        namespace: 'team-b',
      }),
    ).toThrow(
      new NotAllowedError(
        "The namespace policy (kratix.scaffolder.namespacePolicy) does not let owner 'group:default/team-a' use namespace 'team-b' for Promise 'redis'; allowed namespaces: 'team-a', 'team-a-*', 'shared-cache'",
      ),
    );
    expect(() =>
      checkNamespacePolicy(rules, {
        owner: 'group:default/team-b',
        promise: 'kafka',
        namespace: 'team-a',
      }),
    ).toThrow(/no namespace is allowed for this owner and Promise/);
  });
});
