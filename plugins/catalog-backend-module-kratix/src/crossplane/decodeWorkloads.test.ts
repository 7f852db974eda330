import { gzipSync } from 'zlib';
import { decodeWorkload, decodeWorkloadOnce } from './decodeWorkloads';

const content = (yaml: string) => gzipSync(yaml).toString('base64');

describe('decodeWorkload', () => {
  it('reads every document, and the items of a List', () => {
    expect(
      decodeWorkload({
        filepath: 'claims.yaml',
        content: content(
          'kind: A\nmetadata: {name: a}\n---\nkind: List\nitems:\n- kind: B\n---\n',
        ),
      }),
    ).toEqual([{ kind: 'A', metadata: { name: 'a' } }, { kind: 'B' }]);
  });

  it('says which step failed', () => {
    expect(() =>
      decodeWorkload({ filepath: 'x.yaml', content: content('a: [') }),
    ).toThrow("workload 'x.yaml' holds invalid YAML");
  });
});

describe('decodeWorkloadOnce', () => {
  it('decodes a workload object once, and again only when the object is replaced', () => {
    const workload = { filepath: 'a.yaml', content: content('kind: A\n') };
    const first = decodeWorkloadOnce(workload);
    expect(first).toEqual([{ kind: 'A' }]);
    expect(decodeWorkloadOnce(workload)).toBe(first);
    // An informer replaces the object when it changes.
    const changed = { filepath: 'a.yaml', content: content('kind: B\n') };
    expect(decodeWorkloadOnce(changed)).toEqual([{ kind: 'B' }]);
  });

  it('remembers a failure as a failure', () => {
    const workload = { filepath: 'bad.yaml', content: 'not gzip' };
    expect(() => decodeWorkloadOnce(workload)).toThrow(
      "workload 'bad.yaml' is not gzip+base64 content",
    );
    expect(() => decodeWorkloadOnce(workload)).toThrow(
      "workload 'bad.yaml' is not gzip+base64 content",
    );
  });
});
