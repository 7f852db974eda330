import type { Entity } from '@backstage/catalog-model';

interface Remembered<R> {
  key: string;
  value?: R;
  error?: unknown;
}

/**
 * Remembers the entity a transformer made of an object, with the options it was made with, for as long as something
 * else still holds that entity. The informers hand out the same object until it changes, so the recomputes of one
 * full pass (the first sync's waves, its publish, the index built after it) transform each object once and hand out
 * the very same entities, which lets the publish skip hashing them again. Once the catalog has taken them nothing
 * holds them, and they are not kept for the life of the cached object: at 40,000 entities that is tens of megabytes.
 * The options are compared by their JSON, so they must be plain data: everything a transformer reads that is not in
 * the object itself has to be in them. That JSON is different for most requests (it holds their relations), so the
 * record of an entity lives exactly as long as the entity: the entity keeps it, the memo only points at it. Kept for
 * the life of the cached object instead, the keys alone were 10 MB at 10,000 requests.
 */
export class EntityMemo<O extends object, R = Entity | undefined> {
  readonly #transform: (object: any, options: O) => R;
  /** Per object, its record: held weakly when the value is an entity (or a list), strongly when it is not. */
  #byObject = new WeakMap<object, Remembered<R> | WeakRef<Remembered<R>>>();
  /** Per entity handed out, its record: an entry lives as long as its entity does (a WeakMap holds its values so). */
  #recordOf = new WeakMap<object, Remembered<R>>();

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
    const held = this.#byObject.get(object);
    const remembered = held instanceof WeakRef ? held.deref() : held;
    if (remembered?.key === key) {
      if ('error' in remembered) throw remembered.error;
      return remembered.value as R;
    }
    let value: R;
    try {
      value = this.#transform(object, options);
    } catch (error) {
      this.#byObject.set(object, { key, error });
      throw error;
    }
    const record: Remembered<R> = { key, value };
    if (typeof value === 'object' && value !== null) {
      this.#recordOf.set(value, record);
      this.#byObject.set(object, new WeakRef(record));
    } else {
      this.#byObject.set(object, record);
    }
    return value;
  }
}
