import { Entity } from '@backstage/catalog-model';
import {
  random,
  RandomPlatform,
  randomPlatformOptions as options,
} from '../__testUtils__/randomPlatform';
import { buildEntities } from './buildEntities';

describe('buildEntities after any sequence of changes', () => {
  it.each([1, 2, 3])(
    'gives what a recompute from scratch gives (seed %i)',
    seed => {
      const platform = new RandomPlatform(random(seed));
      for (let i = 0; i < 40; i++) platform.change();

      let previous: Entity[] = [];
      let reused = 0;
      for (let step = 0; step < 100; step++) {
        platform.change();
        const snapshot = platform.snapshot();
        const incremental = buildEntities(snapshot, options);
        // Fresh copies of every object: nothing remembered from earlier recomputes applies to them.
        const full = buildEntities(structuredClone(snapshot), options);
        expect(incremental).toEqual(full);
        const before = new Set(previous);
        reused += incremental.entities.filter(e => before.has(e)).length;
        previous = incremental.entities;
      }
      // Most entities are carried over from the recompute before, not made again.
      expect(reused).toBeGreaterThan(0);
    },
  );
});
