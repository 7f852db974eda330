import type { Entity } from '@backstage/catalog-model';
import {
  isCrossplaneResource,
  isKratixPromise,
  isKratixResource,
} from './entityPredicates';

function entity(
  kind: string,
  type: string | undefined,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', namespace: 'default', annotations },
    spec: type === undefined ? {} : { type, owner: 'group:default/team-a' },
  };
}

// As the catalog module writes them.
const ourPromise = entity('Component', 'kratix-promise', {
  'kratix.backstage.io/cluster': 'platform',
  'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
  'kratix.backstage.io/kind': 'Promise',
  'kratix.backstage.io/name': 'database',
});
const ourRequest = entity('Resource', 'kratix-resource', {
  'kratix.backstage.io/api-version': 'marketplace.kratix.io/v1alpha1',
  'kratix.backstage.io/kind': 'Database',
  'kratix.backstage.io/name': 'orders',
  'kratix.backstage.io/namespace': 'team-a',
});
const ourTemplate = entity('Template', 'kratix-resource', {
  'kratix.backstage.io/cluster': 'platform',
  'kratix.backstage.io/promise': 'database',
  'kratix.backstage.io/promise-ref': 'platform/database',
});

// As Kratix pipelines write them in Syntasso Kratix Enterprise's shape.
const syntassoPromise = entity('Component', 'kratix-promise', {
  'kratix.io/type': 'promise',
  'kratix.io/promise-name': 'database',
});
const syntassoRequest = entity('Component', 'kratix-resource', {
  'kratix.io/type': 'resource',
  'kratix.io/promise-name': 'database',
  'kratix.io/group': 'marketplace.kratix.io',
  'kratix.io/version': 'v1alpha1',
  'kratix.io/kind': 'Database',
  'kratix.io/name': 'orders',
  'kratix.io/namespace': 'team-a',
});

describe('entity predicates', () => {
  it('recognises our Promise entities and Syntasso-shaped ones', () => {
    expect(isKratixPromise(ourPromise)).toBe(true);
    expect(isKratixPromise(syntassoPromise)).toBe(true);
    // Only the annotation or only the coordinates are enough.
    expect(
      isKratixPromise(
        entity('System', 'service', { 'kratix.io/type': 'promise' }),
      ),
    ).toBe(true);
    expect(
      isKratixPromise(
        entity('Component', 'service', {
          'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
          'kratix.backstage.io/kind': 'Promise',
        }),
      ),
    ).toBe(true);

    expect(isKratixResource(ourPromise)).toBe(false);
    expect(isKratixResource(syntassoPromise)).toBe(false);
  });

  it('recognises our request entities and Syntasso-shaped ones', () => {
    expect(isKratixResource(ourRequest)).toBe(true);
    expect(isKratixResource(syntassoRequest)).toBe(true);
    expect(
      isKratixResource(
        entity('Component', undefined, { 'kratix.io/type': 'resource' }),
      ),
    ).toBe(true);

    expect(isKratixPromise(ourRequest)).toBe(false);
    expect(isKratixPromise(syntassoRequest)).toBe(false);
  });

  it('does not take the Templates that create requests for requests', () => {
    expect(isKratixResource(ourTemplate)).toBe(false);
    expect(isKratixPromise(ourTemplate)).toBe(false);
    expect(
      isKratixPromise(
        entity('Template', 'kratix-promise', { 'kratix.io/type': 'promise' }),
      ),
    ).toBe(false);
  });

  it('recognises the Crossplane objects behind requests, and nothing else', () => {
    for (const type of [
      'crossplane-claim',
      'crossplane-xr',
      'crossplane-managed',
    ]) {
      expect(isCrossplaneResource(entity('Resource', type))).toBe(true);
    }
    // An XRD is an API, not an object with Ready and Synced.
    expect(isCrossplaneResource(entity('API', 'crossplane-xrd'))).toBe(false);
    expect(isCrossplaneResource(ourRequest)).toBe(false);
  });

  it('says no to other entities, and to entities with odd or missing specs', () => {
    const plain = entity('Component', 'service');
    const destination = entity('Resource', 'kratix-destination');
    const odd: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'odd', annotations: { 'kratix.io/type': ' ' } },
      spec: { type: 42 },
    };
    const bare: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'bare' },
    };
    for (const e of [plain, destination, odd, bare]) {
      expect(isKratixPromise(e)).toBe(false);
      expect(isKratixResource(e)).toBe(false);
      expect(isCrossplaneResource(e)).toBe(false);
    }
  });
});
