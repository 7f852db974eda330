import type { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import { ServiceUnavailableError } from '@backstage/errors';
import { KratixInformer, KratixInformerSource } from './KratixInformer';
import type { KubernetesListResult, KubernetesWatchEventType } from './types';

function obj(
  name: string,
  resourceVersion: string,
  namespace = 'default',
): KubernetesObject {
  return {
    apiVersion: 'test.kratix.io/v1',
    kind: 'Widget',
    metadata: { name, namespace, resourceVersion },
  };
}

type Handlers = Parameters<KratixInformerSource<KubernetesObject>['watch']>[1];

/** A scripted source: each list() answers the next result; each watch() hands its handlers to the test. */
class FakeSource implements KratixInformerSource<KubernetesObject> {
  cluster = 'fake';
  lists: Array<KubernetesListResult | Error> = [];
  listCalls = 0;
  watches: Array<{
    resourceVersion: string;
    handlers: Handlers;
    aborted: boolean;
  }> = [];

  async list() {
    this.listCalls += 1;
    const next = this.lists.shift();
    if (!next) throw new Error('no more lists scripted');
    if (next instanceof Error) throw next;
    return next;
  }

  watch(resourceVersion: string, handlers: Handlers) {
    const entry = { resourceVersion, handlers, aborted: false };
    this.watches.push(entry);
    setImmediate(() => handlers.onOpen());
    return {
      abort: () => {
        if (entry.aborted) return;
        entry.aborted = true;
        handlers.onDone();
      },
    };
  }

  event(type: KubernetesWatchEventType, object: unknown) {
    this.watches[this.watches.length - 1].handlers.onEvent(type, object);
  }
}

async function until(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 5));
  }
}

function recorder(informer: KratixInformer) {
  const events: string[] = [];
  informer.on('add', o =>
    events.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`),
  );
  informer.on('update', o =>
    events.push(`update ${o.metadata.name}@${o.metadata.resourceVersion}`),
  );
  informer.on('delete', o => events.push(`delete ${o.metadata.name}`));
  informer.on('error', e => events.push(`error ${e.message}`));
  return events;
}

describe('KratixInformer', () => {
  it('lists, syncs, then applies watch events from the list resourceVersion', async () => {
    const source = new FakeSource();
    source.lists.push({
      items: [obj('a', '1'), obj('b', '2')],
      resourceVersion: '2',
    });
    const informer = new KratixInformer({ source });
    const events = recorder(informer);
    const connected = jest.fn();
    informer.on('connect', connected);

    informer.start();
    await informer.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    await until(
      () => source.watches.length === 1 && connected.mock.calls.length === 1,
    );
    expect(source.watches[0].resourceVersion).toBe('2');

    source.event('ADDED', obj('c', '3'));
    source.event('MODIFIED', obj('a', '4'));
    source.event('DELETED', obj('b', '5'));
    source.event('BOOKMARK', { metadata: { resourceVersion: '9' } });

    expect(events).toEqual([
      'add a@1',
      'add b@2',
      'add c@3',
      'update a@4',
      'delete b',
    ]);
    expect(
      informer
        .list()
        .map(o => o.metadata.name)
        .sort(),
    ).toEqual(['a', 'c']);
    expect(informer.get('a', 'default')?.metadata.resourceVersion).toBe('4');
    expect(informer.latestResourceVersion()).toBe('9');
    await informer.stop();
    expect(source.watches[0].aborted).toBe(true);
  });

  it('lists again on 410 Gone and emits the difference', async () => {
    const source = new FakeSource();
    source.lists.push({
      items: [obj('a', '1'), obj('b', '2')],
      resourceVersion: '2',
    });
    source.lists.push({
      items: [obj('a', '7'), obj('c', '8')],
      resourceVersion: '8',
    });
    const informer = new KratixInformer({ source });
    const events = recorder(informer);
    informer.start();
    await informer.waitForSync();
    await until(() => source.watches.length === 1);

    source.event('ERROR', {
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'too old resource version',
    });
    await until(() => source.watches.length === 2);

    expect(source.listCalls).toBe(2);
    expect(source.watches[1].resourceVersion).toBe('8');
    expect(events).toEqual([
      'add a@1',
      'add b@2',
      'update a@7',
      'add c@8',
      'delete b',
    ]);
    await informer.stop();
  });

  it('backs off when the list itself keeps answering 410 Gone, rather than listing again at once', async () => {
    // The client already restarts a list once when its continue token expires; a 410 that still comes out of it
    // means the server keeps expiring tokens (e.g. compaction faster than a page), and must not become a hot loop.
    const source = new FakeSource();
    const expired = () =>
      Object.assign(new Error('the continue token expired'), {
        name: 'ConflictError',
        reason: 'Expired',
      });
    for (let i = 0; i < 1000; i++) source.lists.push(expired());
    const informer = new KratixInformer({
      source,
      backoff: { initialDelayMs: 100, maxDelayMs: 200 },
    });
    const errors: string[] = [];
    informer.on('error', e => errors.push(e.message));
    informer.start();
    await new Promise(r => setTimeout(r, 500));
    await informer.stop();
    // 100, 200, 200 ms between attempts (±20%): four lists at most in half a second, not hundreds.
    expect(source.listCalls).toBeGreaterThanOrEqual(2);
    expect(source.listCalls).toBeLessThanOrEqual(5);
    expect(errors[0]).toMatch(/continue token expired/);
  });

  it('reports errors and reconnects with backoff from where it was', async () => {
    const source = new FakeSource();
    source.lists.push({ items: [obj('a', '1')], resourceVersion: '1' });
    const informer = new KratixInformer({
      source,
      backoff: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    const events = recorder(informer);
    informer.start();
    await informer.waitForSync();
    await until(() => source.watches.length === 1);

    source.watches[0].handlers.onDone(
      new ServiceUnavailableError('cluster went away'),
    );
    await until(() => source.watches.length === 2);

    expect(events).toEqual(['add a@1', 'error cluster went away']);
    expect(source.watches[1].resourceVersion).toBe('1');
    expect(source.listCalls).toBe(1);
    await informer.stop();
  });

  it('reconnects promptly when a healthy watch breaks after an earlier outage', async () => {
    const source = new FakeSource();
    source.lists.push({ items: [obj('a', '1')], resourceVersion: '1' });
    const informer = new KratixInformer({
      source,
      backoff: { initialDelayMs: 100, maxDelayMs: 10_000 },
    });
    informer.on('error', () => undefined);
    informer.start();
    await informer.waitForSync();
    // An outage: five watches in a row break at once, so the backoff grows to 1.6 s.
    for (let i = 1; i <= 5; i++) {
      await until(() => source.watches.length === i, 5_000);
      source.watches[i - 1].handlers.onDone(
        new ServiceUnavailableError('cluster went away'),
      );
    }
    // The cluster is back: the next watch runs fine for a while, then the connection drops once.
    await until(() => source.watches.length === 6, 5_000);
    await new Promise(r => setTimeout(r, 1_200));
    source.watches[5].handlers.onDone(
      new ServiceUnavailableError('connection reset'),
    );
    const droppedAt = Date.now();
    await until(() => source.watches.length === 7, 5_000);
    // The first backoff step (100 ms ± 20%), not the 3.2 s the outage had grown it to.
    expect(Date.now() - droppedAt).toBeLessThan(1_000);
    await informer.stop();
  });

  it('keeps retrying a failing first list, and stops promptly while waiting', async () => {
    const source = new FakeSource();
    source.lists.push(new ServiceUnavailableError('down'));
    const informer = new KratixInformer({
      source,
      backoff: { initialDelayMs: 60_000 },
    });
    const errors: string[] = [];
    informer.on('error', e => errors.push(e.message));
    informer.start();
    await until(() => errors.length === 1);

    const started = Date.now();
    await informer.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(informer.waitForSync()).rejects.toThrow(
      /stopped before it finished its first list/,
    );
    expect(() => informer.start()).toThrow(/cannot start again/);
  });

  it('keeps objects without managedFields and the last-applied annotation, or as a given transform shapes them', async () => {
    const heavy = (name: string, resourceVersion: string) => ({
      ...obj(name, resourceVersion),
      metadata: {
        ...obj(name, resourceVersion).metadata,
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}',
          'kratix.io/keep': 'yes',
        },
      },
      spec: { big: 'x'.repeat(1000), small: 1 },
    });
    const source = new FakeSource();
    source.lists.push({ items: [heavy('a', '1')], resourceVersion: '1' });
    const informer = new KratixInformer({ source });
    informer.start();
    await informer.waitForSync();
    await until(() => source.watches.length === 1);
    source.event('ADDED', heavy('b', '2'));
    for (const name of ['a', 'b']) {
      const cached = informer.get(name, 'default') as any;
      expect(cached.metadata.managedFields).toBeUndefined();
      expect(cached.metadata.annotations).toEqual({ 'kratix.io/keep': 'yes' });
      expect(cached.spec.small).toBe(1);
    }
    await informer.stop();

    const custom = new FakeSource();
    custom.lists.push({ items: [heavy('a', '1')], resourceVersion: '1' });
    const trimmed = new KratixInformer({
      source: custom,
      transform: (o: any) => ({ ...o, spec: { small: o.spec.small } }),
    });
    trimmed.start();
    await trimmed.waitForSync();
    expect((trimmed.get('a', 'default') as any).spec).toEqual({ small: 1 });
    await trimmed.stop();
  });

  it('does not let a throwing listener break the informer', async () => {
    const source = new FakeSource();
    source.lists.push({ items: [obj('a', '1')], resourceVersion: '1' });
    const warn = jest.fn();
    const informer = new KratixInformer({ source, logger: { warn } as any });
    informer.on('add', () => {
      throw new Error('listener bug');
    });
    informer.start();
    await informer.waitForSync();
    expect(informer.list()).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/listener bug/));
    await informer.stop();
  });
});
