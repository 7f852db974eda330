import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  random,
  RandomPlatform,
  randomPlatformOptions as options,
} from '../__testUtils__/randomPlatform';
import { buildEntities } from './buildEntities';
import { digestOf } from './entityDigest';
import { IncrementalEntities } from './incrementalEntities';

const byRef = (entities: Entity[]) =>
  Object.fromEntries(
    entities
      .map(e => [stringifyEntityRef(e), e] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
const digestsOf = (entities: Entity[]) =>
  Object.fromEntries(
    entities
      .map(e => [stringifyEntityRef(e), digestOf(e)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
const sorted = (values: Iterable<string>) => Array.from(new Set(values)).sort();
const watchIds = (
  targets: Array<{ cluster: string; apiVersion: string; kind: string }>,
) => sorted(targets.map(t => `${t.cluster} ${t.apiVersion} ${t.kind}`));

/** Seeds to run: `INCREMENTAL_SEEDS=first,count` replays others (e.g. the seed a failure printed). */
const [firstSeed, seedCount] = (process.env.INCREMENTAL_SEEDS ?? '1,4')
  .split(',')
  .map(Number);
const seeds = Array.from({ length: seedCount }, (_, i) => firstSeed + i);

describe('IncrementalEntities after any sequence of object events', () => {
  it.each(seeds)(
    'equals a full recompute after each event, in entities, problems, leads and what it published (seed %i)',
    seed => {
      const r = random(seed);
      const platform = new RandomPlatform(r);
      for (let i = 0; i < 30; i++) platform.change();
      const snapshot = platform.snapshot();
      const state = new IncrementalEntities(snapshot.platformCluster, options);
      state.applySnapshot(snapshot);
      // What a catalog holds after the deltas handed out.
      const published = new Map(
        state.flush().added.map(e => [stringifyEntityRef(e), e]),
      );
      let recomputedLess = 0;
      for (let step = 0; step < 150; step++) {
        const event = platform.change();
        state.apply(event.part, event.cluster, event.object, event.deleted);
        const delta = state.flush();
        for (const ref of delta.removed) published.delete(ref);
        for (const e of delta.added) published.set(stringifyEntityRef(e), e);
        // Fresh copies of every object: nothing remembered from earlier recomputes applies to them.
        const full = buildEntities(
          structuredClone(platform.snapshot()),
          options,
        );
        const context = `seed ${seed}, step ${step}: ${
          event.deleted ? 'deleted' : 'set'
        } ${event.part} ${JSON.stringify(event.object.metadata)} on ${
          event.cluster
        }`;
        try {
          expect(
            Object.fromEntries(
              Array.from(state.digests()).sort(([a], [b]) => (a < b ? -1 : 1)),
            ),
          ).toEqual(digestsOf(full.entities));
          expect(byRef(Array.from(published.values()))).toEqual(
            byRef(full.entities),
          );
          expect(sorted(state.problems())).toEqual(sorted(full.problems));
          expect(state.workerClusters()).toEqual(full.workerClusters);
          expect(watchIds(state.watch())).toEqual(watchIds(full.watch));
        } catch (error) {
          throw new Error(
            `${context} (replay with INCREMENTAL_SEEDS=${seed},1)\n${
              (error as Error).message
            }`,
          );
        }
        if (delta.added.length + delta.removed.length < full.entities.length)
          recomputedLess += 1;
      }
      // A change hands out fewer entities than the platform has: the deltas are not full recomputes.
      expect(recomputedLess).toBeGreaterThan(120);
    },
  );
});
