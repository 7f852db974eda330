import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { promiseOwner, promiseToEntities } from './promiseToEntities';

const ctx = {
  cluster: 'platform',
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
};

const kafka = (owner?: string) => {
  const promise = loadFixture(
    'kratix/kratix-marketplace__kafka-promise.yaml',
  ).find(d => d?.kind === 'Promise');
  if (owner !== undefined)
    promise.metadata.annotations = {
      ...promise.metadata.annotations,
      'kratix.backstage.io/owner': owner,
    };
  return promise;
};

describeWithFixtures('promiseToEntities', () => {
  it('owns the Component and the API by the annotation when it is an entity reference', () => {
    const entities = promiseToEntities(kafka('group:default/data'), ctx);
    expect(entities.map(e => [e.kind, e.spec!.owner])).toEqual([
      ['Component', 'group:default/data'],
      ['API', 'group:default/data'],
    ]);
  });

  it.each([
    ['a long value with spaces and punctuation', `team a!! ${'x'.repeat(291)}`],
    ['a name too long for an entity', 'a'.repeat(64)],
    ['a kind with a space', 'my group:default/data'],
  ])('falls back to the default owner for %s', (_, owner) => {
    const entities = promiseToEntities(kafka(owner), ctx);
    expect(entities.map(e => e.spec!.owner)).toEqual([
      'group:default/platform',
      'group:default/platform',
    ]);
    expect(promiseOwner(kafka(owner), ctx)).toBe('group:default/platform');
  });

  it('uses the default owner without an annotation', () => {
    expect(promiseOwner(kafka(), ctx)).toBe('group:default/platform');
  });
});
