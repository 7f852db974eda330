import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createHash } from 'crypto';

/** What is known of each entity looked at, while the entity is in use. */
const known = new WeakMap<Entity, { ref?: string; digest?: string }>();

function knownOf(entity: Entity) {
  let k = known.get(entity);
  if (!k) known.set(entity, (k = {}));
  return k;
}

/**
 * A digest of an entity: what the provider keeps of an entity it published, to tell the next publish whether it
 * changed. Keeping the entities themselves (or their JSON) between publishes was a hundred megabytes at 40,000
 * entities. An entity handed out again (its object did not change, see EntityMemo) keeps its digest, so a publish
 * hashes only what changed.
 */
export function digestOf(entity: Entity): string {
  const k = knownOf(entity);
  k.digest ??= createHash('sha1')
    .update(JSON.stringify(entity))
    .digest('base64');
  return k.digest;
}

/**
 * The ref of an entity, one string per entity however often it is asked for: the publish and the index key their
 * maps by it, and each would otherwise hold a copy of every ref.
 */
export function refOfEntity(entity: Entity): string {
  const k = knownOf(entity);
  k.ref ??= stringifyEntityRef(entity);
  return k.ref;
}
