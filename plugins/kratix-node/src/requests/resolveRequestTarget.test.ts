import { validateObjectName } from './resolveRequestTarget';

describe('validateObjectName', () => {
  // Kratix caps a request's name at 63 characters in the CRD it makes of the
  // Promise's API (syntasso/kratix api/v1alpha1/promise_types.go, MaxResourceNameLength).
  it('takes a DNS subdomain of at most 63 characters, as Kratix does', () => {
    expect(() => validateObjectName('a'.repeat(63), 'team-a')).not.toThrow();
    expect(() => validateObjectName('team.cache')).not.toThrow();
    expect(() => validateObjectName('a'.repeat(64))).toThrow(
      /name 'a+' is not a valid Kubernetes name for a resource request: use at most 63 lower-case letters, digits, '-' and '.'/,
    );
    expect(() => validateObjectName('Cache')).toThrow(/'Cache'/);
  });

  it('takes a DNS label as namespace', () => {
    expect(() => validateObjectName('cache', 'team.a')).toThrow(
      /namespace 'team.a' is not a valid Kubernetes namespace: use at most 63 lower-case letters, digits and '-'/,
    );
  });
});
