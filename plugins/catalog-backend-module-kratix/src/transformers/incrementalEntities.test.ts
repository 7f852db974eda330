import v8 from 'v8';
import vm from 'vm';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { encodeWorkload } from '@kratix-backstage/kube-test-cluster';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  bucketXrd,
  randomPlatformOptions as options,
} from '../__testUtils__/randomPlatform';
import { emptySnapshot } from '../providers/KratixIngestion';
import { buildEntities, KratixSnapshot } from './buildEntities';
import { digestOf } from './entityDigest';
import { IncrementalEntities } from './incrementalEntities';

const GROUP = 'storage.example.org';

/** A Widget request in `namespace`, placed on worker-1 with its claim `req`, and that claim naming composite `xr`. */
function requestOnWorker(namespace: string, xr: string) {
  const claimMeta = { name: 'req', namespace };
  return {
    request: {
      apiVersion: 'example.kratix.io/v1',
      kind: 'Widget',
      metadata: { name: 'req', namespace },
    },
    work: {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'Work',
      metadata: { name: 'widget-req', namespace },
      spec: { promiseName: 'widget', resourceName: 'req' },
    },
    workPlacement: {
      apiVersion: 'platform.kratix.io/v1alpha1',
      kind: 'WorkPlacement',
      metadata: {
        name: 'widget-req.a',
        namespace,
        labels: { [KRATIX_LABELS.work]: 'widget-req' },
      },
      spec: {
        targetDestinationName: 'dest-1',
        promiseName: 'widget',
        resourceName: 'req',
        workloads: [
          {
            filepath: 'claim.yaml',
            content: encodeWorkload([
              {
                apiVersion: `${GROUP}/v1`,
                kind: 'Bucket',
                metadata: claimMeta,
              },
            ]),
          },
        ],
      },
    },
    claim: {
      apiVersion: `${GROUP}/v1`,
      kind: 'Bucket',
      metadata: claimMeta,
      spec: {
        resourceRef: { apiVersion: `${GROUP}/v1`, kind: 'XBucket', name: xr },
      },
    },
  };
}

/**
 * Two requests, in team-a (owned by group team-a) and team-b (the default owner), whose claims name one composite:
 * composites are cluster-scoped (crossplane/crossplane apis/apiextensions/v1/xrd_types.go: a claim is namespaced,
 * the composite it binds is not), so both requests reach it.
 */
function sharedComposite(): {
  snapshot: KratixSnapshot;
  teamA: ReturnType<typeof requestOnWorker>;
} {
  const teamA = requestOnWorker('team-a', 'shared');
  const teamB = requestOnWorker('team-b', 'shared');
  const snapshot = emptySnapshot('platform');
  snapshot.promises.push({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Promise',
    metadata: { name: 'widget' },
    spec: {
      api: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.kratix.io' },
        spec: {
          group: 'example.kratix.io',
          names: { kind: 'Widget', plural: 'widgets' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true }],
        },
      },
    },
  });
  snapshot.destinations.push({
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Destination',
    metadata: {
      name: 'dest-1',
      labels: { 'kratix.backstage.io/cluster': 'worker-1' },
    },
    spec: { path: 'dest-1' },
  });
  for (const r of [teamA, teamB]) {
    snapshot.requests.push(r.request);
    snapshot.works.push(r.work);
    snapshot.workPlacements.push(r.workPlacement);
  }
  snapshot.workers['worker-1'] = {
    xrds: [bucketXrd('Bucket')],
    objects: [
      teamA.claim,
      teamB.claim,
      {
        apiVersion: `${GROUP}/v1`,
        kind: 'XBucket',
        metadata: { name: 'shared' },
      },
    ],
  };
  return { snapshot, teamA };
}

const byRef = (entities: Iterable<Entity>) =>
  new Map(Array.from(entities, e => [stringifyEntityRef(e), e]));

describe('IncrementalEntities', () => {
  it('hands out the entity another root made earlier when it takes over a ref', () => {
    const { snapshot, teamA } = sharedComposite();
    const state = new IncrementalEntities('platform', options);
    state.applySnapshot(snapshot);
    const published = byRef(state.flush().added);
    // Both requests reach the shared composite: it is one object, so that is no duplicate and no problem.
    expect(state.problems()).toEqual([]);
    expect(buildEntities(snapshot, options).problems).toEqual([]);
    const composite = (entities: Map<string, Entity>) =>
      Array.from(entities.values()).find(
        e => e.metadata.annotations?.['kratix.backstage.io/kind'] === 'XBucket',
      );
    // The earlier request (team-a) makes the composite's entity, with its owner.
    expect(composite(published)?.spec?.owner).toBe('group:default/team-a');

    // team-a's claim lets go of the composite; team-b's root is not recomputed (none of its objects changed), but
    // its entity of the composite, with another owner, is now the one to publish.
    const moved = structuredClone(teamA.claim);
    moved.spec.resourceRef.name = 'elsewhere';
    state.apply('crossplane', 'worker-1', moved);
    const delta = state.flush();
    for (const ref of delta.removed) published.delete(ref);
    for (const e of delta.added) published.set(stringifyEntityRef(e), e);

    const after = structuredClone(snapshot);
    after.workers['worker-1'].objects[0] = moved;
    const full = byRef(buildEntities(after, options).entities);
    expect(composite(full)?.spec?.owner).toBe('group:default/platform');
    expect(Object.fromEntries(published)).toEqual(Object.fromEntries(full));
  });

  it('keeps no entity it handed out', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc: () => void = vm.runInNewContext('gc');
    const { snapshot } = sharedComposite();
    const state = IncrementalEntities.of(snapshot, options);
    const handedOut = new IncrementalEntities('platform', options);
    handedOut.applySnapshot(snapshot);
    const refs = handedOut.flush().added.map(e => new WeakRef(e));
    expect(refs.length).toBeGreaterThan(5);
    // A WeakRef holds its target until the end of the job that made it (the memo's are made while transforming).
    await new Promise(resolve => setImmediate(resolve));
    gc();
    // The catalog holds what a flush handed out; the state keeps digests only, so nothing of them stays alive here.
    expect(refs.filter(r => r.deref() !== undefined)).toEqual([]);
    // Built from a snapshot just published in full, it knows each entity's digest without handing any out.
    const full = buildEntities(snapshot, options).entities;
    const digests = new Map(
      full.map(e => [stringifyEntityRef(e), digestOf(e)]),
    );
    expect(new Map(state.digests())).toEqual(digests);
    expect(new Map(handedOut.digests())).toEqual(digests);
  });
});
