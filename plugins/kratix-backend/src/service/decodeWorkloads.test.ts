import { encodeWorkload } from '../__testUtils__/testCluster';
import { decodeWorkloads } from './decodeWorkloads';

describe('decodeWorkloads', () => {
  it('decodes gzip + base64 YAML with several documents', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    const b = { apiVersion: 'x.io/v1', kind: 'Claim', metadata: { name: 'b' } };
    expect(
      decodeWorkloads([
        { filepath: 'one.yaml', content: encodeWorkload([a, b]) },
        { filepath: 'empty.yaml' },
      ]),
    ).toEqual([a, b]);
  });

  it('says which workload cannot be decoded', () => {
    expect(() =>
      decodeWorkloads([{ filepath: 'bad.yaml', content: 'bm90IGd6aXA=' }]),
    ).toThrow(/Workload 'bad.yaml' is not gzip \+ base64/);
  });
});
