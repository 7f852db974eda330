import {
  describeWithFixtures,
  encodeWorkload,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { gzipSync } from 'zlib';
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
