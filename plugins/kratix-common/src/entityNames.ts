/**
 * Catalog entity names for Kratix and Crossplane objects. Isomorphic and pure, so the catalog module and the
 * scaffolder action compute the same entity ref for the same object.
 *
 * The rule: the object's coordinates are lower-cased and joined with `_` (a character no Kubernetes name, namespace,
 * kind or group can hold), so two different objects never get the same readable name. When a coordinate holds a
 * character a Backstage name cannot (or `_`), or the readable name is longer than 63 characters, the name becomes a
 * readable prefix, `-` and a 10-hex-digit FNV-1a hash of the coordinates; hashed names hold no `_`, so they never
 * collide with readable ones.
 */

/** Longest name Backstage accepts. */
const MAX_NAME_LENGTH = 63;
/** Length of the hash suffix of a hashed name. */
const HASH_LENGTH = 10;
const SEPARATOR = '_';
// A coordinate that may appear as-is in a readable name: what Kubernetes names, namespaces and groups allow.
const PLAIN_COORDINATE = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/**
 * The 64-bit FNV-1a hash of a string's UTF-8 bytes, as 16 hex digits. Not cryptographic; used to shorten names.
 *
 * Computed on four 16-bit limbs with plain numbers: entity names are computed for every object on every recompute,
 * and BigInt arithmetic made this the costliest step of naming.
 *
 * @public
 */
export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const step = (byte: number) => {
    h0 ^= byte;
    // Multiply by the prime 0x100000001b3 = 2^40 + 0x1b3, modulo 2^64.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) step(code);
    else if (code < 0x800) {
      step(0xc0 | (code >> 6));
      step(0x80 | (code & 63));
    } else if (code < 0x10000) {
      step(0xe0 | (code >> 12));
      step(0x80 | ((code >> 6) & 63));
      step(0x80 | (code & 63));
    } else {
      step(0xf0 | (code >> 18));
      step(0x80 | ((code >> 12) & 63));
      step(0x80 | ((code >> 6) & 63));
      step(0x80 | (code & 63));
    }
  }
  return [h3, h2, h1, h0].map(h => h.toString(16).padStart(4, '0')).join('');
}

/**
 * A valid, deterministic Backstage entity name for an ordered list of coordinates (see the rule above). Different
 * lists give different names, up to a 40-bit hash collision when a name had to be hashed.
 *
 * @public
 */
export function kratixEntityName(coordinates: ReadonlyArray<string>): string {
  if (coordinates.length === 0 || coordinates.some(c => !c)) {
    throw new TypeError(
      `Cannot name an entity after empty coordinates (${JSON.stringify(
        coordinates,
      )}); every coordinate needs a value`,
    );
  }
  const readable = coordinates.join(SEPARATOR);
  if (
    readable.length <= MAX_NAME_LENGTH &&
    coordinates.every(c => PLAIN_COORDINATE.test(c))
  ) {
    return readable;
  }
  // The hash covers the exact coordinates, so names differing only in case or in dropped characters stay apart.
  const hash = fnv1a64(coordinates.join('\u0000')).slice(0, HASH_LENGTH);
  const prefix = readable
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)
    .replace(/[^a-z0-9]+$/, '')
    .replace(/^[^a-z0-9]+/, '');
  return prefix ? `${prefix}-${hash}` : hash;
}

/**
 * The group of an `apiVersion` (`''` for the core group).
 *
 * @public
 */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Coordinates of a Kubernetes object of any kind, as the naming functions take them.
 *
 * @public
 */
export interface KratixObjectCoordinates {
  /** Cluster name as configured under `kratix.clusters`. */
  cluster: string;
  /** Absent (or empty) for cluster-scoped objects. */
  namespace?: string;
  name: string;
  kind: string;
  /** API group, e.g. `marketplace.kratix.io`; `''` for the core group. */
  group: string;
}

function objectCoordinates(o: KratixObjectCoordinates): string[] {
  const type = o.group
    ? `${o.kind.toLowerCase()}.${o.group}`
    : o.kind.toLowerCase();
  return o.namespace
    ? [o.name, o.namespace, type, o.cluster]
    : [o.name, type, o.cluster];
}

/**
 * Name of the Component (and of the API) of a Promise: `<promise>_<cluster>`, e.g. `kafka_platform`.
 *
 * @public
 */
export function promiseEntityName(o: {
  cluster: string;
  name: string;
}): string {
  return kratixEntityName([o.name, o.cluster]);
}

/**
 * Name of the Resource of a Kratix Destination: `<destination>_<cluster>`, e.g. `worker-1_platform`.
 *
 * @public
 */
export function destinationEntityName(o: {
  cluster: string;
  name: string;
}): string {
  return kratixEntityName([o.name, o.cluster]);
}

/**
 * Name of the entity of a resource request: `<name>_<namespace>_<kind>.<group>_<cluster>`, e.g.
 * `orders_default_kafka.marketplace.kratix.io_platform` (hashed when longer than 63 characters).
 *
 * @public
 */
export function resourceRequestEntityName(o: KratixObjectCoordinates): string {
  return kratixEntityName(objectCoordinates(o));
}

/**
 * Name of the entity of a Crossplane claim, composite or managed resource; the same rule as
 * {@link resourceRequestEntityName}, with the cluster the object lives on.
 *
 * @public
 */
export function crossplaneEntityName(o: KratixObjectCoordinates): string {
  return kratixEntityName(objectCoordinates(o));
}

/**
 * Name of the API entity of a Crossplane CompositeResourceDefinition: `<xrd>_xrd_<cluster>`.
 *
 * @public
 */
export function xrdEntityName(o: { cluster: string; name: string }): string {
  return kratixEntityName([o.name, 'xrd', o.cluster]);
}
