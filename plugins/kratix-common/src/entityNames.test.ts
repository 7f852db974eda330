import {
  crossplaneEntityName,
  destinationEntityName,
  fnv1a64,
  groupOfApiVersion,
  kratixEntityName,
  promiseEntityName,
  resourceRequestEntityName,
  xrdEntityName,
} from './entityNames';

// Backstage's own rule for metadata.name.
const VALID_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

describe('entityNames', () => {
  it('hashes with 64-bit FNV-1a', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes exactly as the 64-bit definition does, for any UTF-8 text', () => {
    // The definition, on BigInts, over the bytes Node encodes.
    const reference = (text: string) => {
      let hash = BigInt('0xcbf29ce484222325');
      for (const byte of Buffer.from(text, 'utf8')) {
        hash ^= BigInt(byte);
        hash = (hash * BigInt('0x100000001b3')) & BigInt('0xffffffffffffffff');
      }
      return hash.toString(16).padStart(16, '0');
    };
    const alphabet = [
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      'é',
      'ß',
      '€',
      '漢',
      '😀',
      '\u0000',
      '\u007f',
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(random() * 80);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      expect(fnv1a64(text)).toBe(reference(text));
    }
  });

  it('keeps short names readable', () => {
    expect(promiseEntityName({ cluster: 'platform', name: 'kafka' })).toBe(
      'kafka_platform',
    );
    expect(
      destinationEntityName({ cluster: 'platform', name: 'worker-1' }),
    ).toBe('worker-1_platform');
    expect(
      resourceRequestEntityName({
        cluster: 'platform',
        namespace: 'default',
        name: 'orders',
        kind: 'kafka',
        group: 'marketplace.kratix.io',
      }),
    ).toBe('orders_default_kafka.marketplace.kratix.io_platform');
    expect(
      crossplaneEntityName({
        cluster: 'worker-1',
        name: 'xr-1',
        kind: 'XPostgres',
        group: 'example.org',
      }),
    ).toBe('xr-1_xpostgres.example.org_worker-1');
    expect(xrdEntityName({ cluster: 'w', name: 'xdbs.example.org' })).toBe(
      'xdbs.example.org_xrd_w',
    );
  });

  it('does not let dashes in coordinates make two objects collide', () => {
    const a = resourceRequestEntityName({
      cluster: 'c',
      namespace: 'a-b',
      name: 'x',
      kind: 'K',
      group: 'g',
    });
    const b = resourceRequestEntityName({
      cluster: 'c',
      namespace: 'a',
      name: 'b-x',
      kind: 'K',
      group: 'g',
    });
    expect(a).not.toBe(b);
  });

  it('hashes long names and names with characters Backstage refuses, deterministically', () => {
    const long = {
      cluster: 'platform',
      namespace: 'a-very-long-namespace-name',
      name: 'a-very-long-resource-request-name',
      kind: 'appdeployment',
      group: 'promise.platform.giantswarm.io',
    };
    const name = resourceRequestEntityName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(VALID_NAME);
    expect(name).toMatch(/-[0-9a-f]{10}$/);
    expect(name).not.toContain('_');
    expect(resourceRequestEntityName(long)).toBe(name);
    expect(
      resourceRequestEntityName({ ...long, name: `${long.name}2` }),
    ).not.toBe(name);

    const odd = promiseEntityName({ cluster: 'Prod_EU', name: 'kafka' });
    expect(odd).toMatch(VALID_NAME);
    expect(odd).not.toBe(
      promiseEntityName({ cluster: 'prod-eu', name: 'kafka' }),
    );
    expect(odd).not.toBe(
      promiseEntityName({ cluster: 'prod_eu', name: 'kafka' }),
    );
  });

  it('always yields valid names', () => {
    for (const coordinates of [
      ['-', '.'],
      ['ü', 'x'],
      ['x'.repeat(200), 'y'],
      ['a', 'b', 'c', 'd'],
    ]) {
      const name = kratixEntityName(coordinates);
      expect(name).toMatch(VALID_NAME);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(() => kratixEntityName(['', 'x'])).toThrow(/empty coordinates/);
  });

  it('reads the group of an apiVersion', () => {
    expect(groupOfApiVersion('example.org/v1')).toBe('example.org');
    expect(groupOfApiVersion('v1')).toBe('');
  });
});
