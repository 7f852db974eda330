import { decodeWorkload, encodeWorkload } from './workloads';

describe('workloads', () => {
  it('round-trips objects through gzip and base64', () => {
    const objects = [
      { kind: 'A', metadata: { name: 'a' } },
      { kind: 'B', metadata: { name: 'b' } },
    ];
    const content = encodeWorkload(objects);
    expect(content).toMatch(/^H4sI/); // gzip magic, base64-encoded
    expect(decodeWorkload(content)).toEqual(objects);
  });
});
