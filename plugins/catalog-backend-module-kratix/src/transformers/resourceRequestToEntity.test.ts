import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import {
  resourceRequestOwner,
  resourceRequestToEntity,
} from './resourceRequestToEntity';

const ODD_OWNER = `team a!! ${'x'.repeat(291)}`;

const request = (owner?: string) => {
  const [rr] = loadFixture(
    'kratix/kratix-marketplace__kafka-resource-request.yaml',
  );
  if (owner !== undefined)
    rr.metadata.annotations = {
      ...rr.metadata.annotations,
      'kratix.backstage.io/owner': owner,
    };
  return rr;
};

const ctx = {
  cluster: 'platform',
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
  promiseName: 'kafka',
  entityKind: 'Resource' as const,
};

describeWithFixtures('resourceRequestToEntity', () => {
  it('takes the owner from an annotation that is an entity reference, short or full', () => {
    for (const owner of ['user:default/jane', 'team-a', 'group:ops/team-b']) {
      const entity = resourceRequestToEntity(request(owner), ctx);
      expect(entity.spec!.owner).toBe(owner);
      expect(entity.metadata.annotations!['kratix.backstage.io/owner']).toBe(
        owner,
      );
    }
  });

  it.each([
    ['a long value with spaces and punctuation', ODD_OWNER],
    ['a name with spaces', 'team a'],
    ['an empty kind', ':default/team-a'],
    ['an invalid namespace', 'group:Team_A!/team-a'],
    ['too many parts', 'group:default/team/a'],
  ])(
    'falls back to the namespace mapping, else the default, for %s',
    (_, owner) => {
      const mapped = resourceRequestToEntity(request(owner), {
        ...ctx,
        namespaceOwner: 'group:default/team-a',
      });
      expect(mapped.spec!.owner).toBe('group:default/team-a');
      expect(
        mapped.metadata.annotations!['kratix.backstage.io/owner'],
      ).toBeUndefined();
      expect(resourceRequestToEntity(request(owner), ctx).spec!.owner).toBe(
        'group:default/platform',
      );
    },
  );

  it('uses the namespace mapping, else the default, without an annotation', () => {
    expect(
      resourceRequestOwner(request(), {
        namespaceOwner: 'group:default/team-a',
        defaultOwner: 'group:default/platform',
      }),
    ).toBe('group:default/team-a');
    expect(
      resourceRequestOwner(request(''), {
        defaultOwner: 'group:default/platform',
      }),
    ).toBe('group:default/platform');
  });
});
