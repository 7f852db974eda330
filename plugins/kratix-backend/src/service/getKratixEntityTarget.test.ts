import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { getKratixEntityTarget } from './getKratixEntityTarget';

function entity(annotations: Record<string, string>, type = 'service'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', namespace: 'default', annotations },
    spec: { type },
  };
}

describe('getKratixEntityTarget', () => {
  it('reads our annotations and recognises a Promise', () => {
    expect(
      getKratixEntityTarget(
        entity(
          {
            'kratix.backstage.io/cluster': 'platform',
            'kratix.backstage.io/api-version': 'platform.kratix.io/v1alpha1',
            'kratix.backstage.io/kind': 'Promise',
            'kratix.backstage.io/name': 'redis',
          },
          'kratix-promise',
        ),
      ),
    ).toEqual({
      entityRef: 'component:default/x',
      role: 'promise',
      cluster: 'platform',
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Promise',
      name: 'redis',
    });
  });

  it('reads a Crossplane entity with its Destination', () => {
    expect(
      getKratixEntityTarget(
        entity(
          {
            'kratix.backstage.io/cluster': 'worker-1',
            'kratix.backstage.io/api-version': 'db.example.org/v1',
            'kratix.backstage.io/kind': 'PostgreSQLInstance',
            'kratix.backstage.io/namespace': 'default',
            'kratix.backstage.io/name': 'db',
            'kratix.backstage.io/destination': 'aws',
          },
          'crossplane-claim',
        ),
      ),
    ).toMatchObject({
      role: 'crossplane',
      namespace: 'default',
      destination: 'aws',
    });
  });

  it('reads the Syntasso shape', () => {
    expect(
      getKratixEntityTarget(
        entity({
          'kratix.io/type': 'resource',
          'kratix.io/promise-name': 'redis',
          'kratix.io/group': 'marketplace.kratix.io',
          'kratix.io/version': 'v1alpha1',
          'kratix.io/kind': 'redis',
          'kratix.io/name': 'cache',
          'kratix.io/namespace': 'team-a',
        }),
      ),
    ).toEqual({
      entityRef: 'component:default/x',
      role: 'resource',
      apiVersion: 'marketplace.kratix.io/v1alpha1',
      kind: 'redis',
      namespace: 'team-a',
      name: 'cache',
      promise: 'redis',
    });
    expect(
      getKratixEntityTarget(
        entity({
          'kratix.io/type': 'promise',
          'kratix.io/promise-name': 'redis',
        }),
      ),
    ).toMatchObject({ role: 'promise', kind: 'Promise', name: 'redis' });
  });

  it('names the missing annotation', () => {
    expect(() =>
      getKratixEntityTarget(
        entity({
          'kratix.backstage.io/api-version': 'v1',
          'kratix.backstage.io/name': 'x',
        }),
      ),
    ).toThrow(
      "Entity 'component:default/x' is not a Kratix entity: it lacks the annotation 'kratix.backstage.io/kind' that names its Kubernetes object",
    );
    expect(() => getKratixEntityTarget(entity({}))).toThrow(InputError);
    expect(() =>
      getKratixEntityTarget(entity({ 'kratix.io/type': 'resource' })),
    ).toThrow(
      /'kratix.io\/group', 'kratix.io\/version', 'kratix.io\/kind', 'kratix.io\/name'/,
    );
  });
});
