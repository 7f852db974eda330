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

  /** The keys in use, so that every object remembered with the same options shares one key string. */
  #keys = new Map<string, string>();

  constructor(transform: (object: any, options: O) => R) {
    this.#transform = transform;
  }

  #keyOf(options: O): string {
    const json = JSON.stringify(options);
    const known = this.#keys.get(json);
    if (known !== undefined) return known;
    // Options are a handful per cluster; a memo that sees many more forgets the old ones.
    if (this.#keys.size >= 256) this.#keys.clear();
    this.#keys.set(json, json);
    return json;
  }

  /** The transformer's entity (or entities) for `object` with `options`; throws what the transformer threw. */
  get(object: object, options: O): R {
    const key = this.#keyOf(options);
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
