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

  // syntasso/kratix internal/controller/promise_controller.go keeps a paused Promise Unavailable with the
  // reason PausedReconciliation: it is not failed, and the catalog names the reason.
  it('shows an Unavailable, paused Promise as in progress with its reason (promise_controller.go)', () => {
    const promise = kafka();
    promise.status = {
      status: 'Unavailable',
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'PausedReconciliation',
          message: 'Paused',
        },
      ],
    };
    const [component] = promiseToEntities(promise, ctx);
    expect(component.metadata.annotations).toMatchObject({
      'kratix.backstage.io/status': 'in-progress',
      'kratix.backstage.io/status-reason': 'PausedReconciliation',
      'kratix.backstage.io/status-message': 'Paused',
    });
  });
});
