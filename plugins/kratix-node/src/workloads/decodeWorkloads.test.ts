import fs from 'fs';
import path from 'path';
import {
  describeWithFixtures,
  encodeWorkload,
  fixturesDir,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { gzipSync } from 'zlib';
import { parseAllDocuments } from 'yaml';
import {
  decodeWorkload,
  decodeWorkloadOnce,
  placementWorkloads,
  workOfPlacement,
} from './decodeWorkloads';

const content = (yaml: string) => gzipSync(yaml).toString('base64');

describe('decodeWorkload', () => {
  it('reads every document, and the items of a List', () => {
    expect(
      decodeWorkload({
        filepath: 'claims.yaml',
        content: content(
          'kind: A\nmetadata: {name: a}\n---\nkind: List\nitems:\n- kind: B\n- 7\n---\n',
        ),
      }),
    ).toEqual([{ kind: 'A', metadata: { name: 'a' } }, { kind: 'B' }]);
  });

  it('says which workload failed, and at which step', () => {
    expect(() =>
      decodeWorkload({ filepath: 'x.yaml', content: content('a: [') }),
    ).toThrow("workload 'x.yaml' holds invalid YAML");
    expect(() =>
      decodeWorkload({ filepath: 'bad.yaml', content: 'bm90IGd6aXA=' }),
    ).toThrow("workload 'bad.yaml' is not gzip + base64 content");
  });
});

describeWithFixtures('decodeWorkload on upstream YAML', () => {
  /** Every YAML file of the fixtures, relative to their folder. */
  const yamlFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });

  it('reads every fixture as the yaml package reads it', () => {
    const files = yamlFiles(fixturesDir());
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const expected = parseAllDocuments(text)
        .map(doc => doc.toJS())
        .flatMap(v =>
          v?.kind === 'List' && Array.isArray(v.items) ? v.items : [v],
        )
        .filter(v => typeof v === 'object' && v !== null && !Array.isArray(v));
      const read = decodeWorkload({ filepath: file, content: content(text) });
      expect({ file, read }).toEqual({ file, read: expected });
    }
  });

  it('reads what only the yaml package accepts, as it does', () => {
    // An application-specific tag: js-yaml refuses the document, the yaml package reads the value as a string.
    const text = 'kind: A\nmetadata: {name: a}\nspec:\n  ref: !Ref bucket\n';
    expect(
      decodeWorkload({ filepath: 'a.yaml', content: content(text) }),
    ).toEqual([
      { kind: 'A', metadata: { name: 'a' }, spec: { ref: 'bucket' } },
    ]);
  });
});

describe('decodeWorkloadOnce', () => {
  it('decodes a workload object once, and again only when the object is replaced', () => {
    const workload = { filepath: 'a.yaml', content: content('kind: A\n') };
    const first = decodeWorkloadOnce(workload);
    expect(first).toEqual([{ kind: 'A' }]);
    expect(decodeWorkloadOnce(workload)).toBe(first);
    const changed = { filepath: 'a.yaml', content: content('kind: B\n') };
    expect(decodeWorkloadOnce(changed)).toEqual([{ kind: 'B' }]);
  });

  it('remembers a failure as a failure', () => {
    const workload = { filepath: 'bad.yaml', content: 'not gzip' };
    expect(() => decodeWorkloadOnce(workload)).toThrow('bad.yaml');
    expect(() => decodeWorkloadOnce(workload)).toThrow('bad.yaml');
  });
});

describe('placementWorkloads and workOfPlacement', () => {
  const workloads = [{ filepath: 'a.yaml', content: content('kind: A\n') }];
  const work = {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'Work',
    metadata: { name: 'redis-acme-instance-configure', namespace: 'pipelines' },
    spec: { workloadGroups: [{ id: 'g1', workloads }] },
  };

  // Upstream syntasso/kratix internal/controller/scheduler.go names a WorkPlacement `<work>.<destination>-<id>`,
  // labels it kratix.io/work and copies the workload group's workloads into spec.workloads.
  it('takes the WorkPlacement its own workloads, else the workload group of its id', () => {
    const own = {
      metadata: { name: 'w.d-g1', namespace: 'pipelines' },
      spec: { id: 'g1', workloads: [] },
    };
    expect(placementWorkloads(own as any, work as any)).toEqual([]);
    const bare = {
      metadata: {
        name: 'redis-acme-instance-configure.worker-1-g1',
        namespace: 'pipelines',
      },
      spec: { id: 'g1' },
    };
    expect(workOfPlacement(bare as any, [work as any])).toBe(work);
    expect(placementWorkloads(bare as any, work as any)).toBe(workloads);
    expect(
      workOfPlacement(
        { ...bare, metadata: { ...bare.metadata, namespace: 'team-a' } } as any,
        [work as any],
      ),
    ).toBeUndefined();
  });
});

describeWithFixtures('decodeWorkload on upstream output', () => {
  it('gives back the claim kratix-cli writes (kratix-cli test/assets/crossplane expected output)', () => {
    const [claim] = loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-expected-output-example-resource.yaml',
    );
    expect(
      decodeWorkload({
        filepath: 'claim.yaml',
        content: encodeWorkload([claim]),
      }),
    ).toEqual([claim]);
  });
});
