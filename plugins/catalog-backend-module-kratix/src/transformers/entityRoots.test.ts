import { encodeWorkload } from '@kratix-backstage/kube-test-cluster';
import { KRATIX_LABELS } from '@kratix-backstage/plugin-kratix-common';
import {
  bucketXrd,
  randomPlatformOptions as options,
} from '../__testUtils__/randomPlatform';
import { placementOf } from './entityRoots';

describe('placementOf', () => {
  const claim = {
    apiVersion: 'storage.example.org/v1',
    kind: 'Bucket',
    metadata: {
      name: 'req',
      namespace: 'team-a',
      labels: { team: 'a' },
      annotations: { note: 'x'.repeat(2000) },
    },
    spec: {
      region: 'eu-west-1',
      versioning: true,
      resourceRef: {
        apiVersion: 'storage.example.org/v1',
        kind: 'XBucket',
        name: 'req-x1',
      },
    },
  };
  const xrd = bucketXrd('Bucket');
  const wp = {
    apiVersion: 'platform.kratix.io/v1alpha1',
    kind: 'WorkPlacement',
    metadata: {
      name: 'bucket-req.a',
      namespace: 'team-a',
      labels: { [KRATIX_LABELS.work]: 'bucket-req' },
    },
    spec: {
      targetDestinationName: 'dest-1',
      promiseName: 'bucket',
      resourceName: 'req',
      workloads: [
        { filepath: 'out.yaml', content: encodeWorkload([claim, xrd]) },
      ],
    },
  };

  it('keeps of each object placed only where it lands and what tells its Crossplane role, and XRDs whole', () => {
    const problems: string[] = [];
    const placement = placementOf(
      wp as never,
      undefined,
      () => 'worker-1',
      'platform',
      options,
      problems,
    );
    expect(problems).toEqual([]);
    expect(placement).toMatchObject({
      requestKey: 'bucket/team-a/req',
      destination: 'dest-1',
      cluster: 'worker-1',
    });
    // The decoded claim's labels, annotations and spec are the cache's to keep (in the Work), not the index's.
    expect(placement!.objects).toEqual([
      {
        apiVersion: claim.apiVersion,
        kind: claim.kind,
        metadata: { name: 'req', namespace: 'team-a' },
        spec: { resourceRef: claim.spec.resourceRef },
      },
    ]);
    expect(placement!.xrds).toEqual([xrd]);
  });
});
