import type { Entity } from '@backstage/catalog-model';

interface Remembered<R> {
  key: string;
  value?: R;
  error?: unknown;
}

/**
 * Remembers the entity a transformer made of an object, with the options it was made with. The informers hand out
 * the same object until it changes, so after one change a recompute transforms only what that change touched, and
 * the entities it returns for the rest are the very objects of the last recompute (which lets the publish skip them
 * too). The options are compared by their JSON, so they must be plain data: everything a transformer reads that is
 * not in the object itself has to be in them.
 */
export class EntityMemo<O extends object, R = Entity | undefined> {
  readonly #transform: (object: any, options: O) => R;
  #byObject = new WeakMap<object, Remembered<R>>();

  constructor(transform: (object: any, options: O) => R) {
    this.#transform = transform;
  }

  /** The transformer's entity (or entities) for `object` with `options`; throws what the transformer threw. */
  get(object: object, options: O): R {
    const key = JSON.stringify(options);
    let remembered = this.#byObject.get(object);
    if (remembered?.key !== key) {
      try {
        remembered = { key, value: this.#transform(object, options) };
      } catch (error) {
        remembered = { key, error };
      }
      this.#byObject.set(object, remembered);
    }
    if ('error' in remembered) throw remembered.error;
    return remembered.value as R;
  }
}
