import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  applyCrd,
  encodeWorkload,
  kubeRequest,
  looseCrd,
  patchStatus,
  startTestPlatform,
  TestPlatform,
  testClusterSkipReason,
} from '@kratix-backstage/kube-test-cluster';
import kratixBackendPlugin from '@kratix-backstage/plugin-kratix-backend';
import { crossplaneEntityName } from '@kratix-backstage/plugin-kratix-common';
import {
  DrillBackend,
  startDrillBackend,
  waitForEntities,
} from './__testUtils__/drillBackend';
import {
  condition,
  DrillPlatform,
  KRATIX,
  WORKER,
  XRS,
} from './__testUtils__/DrillPlatform';
import { LogRecorder } from './__testUtils__/LogRecorder';

jest.setTimeout(180_000);

const describeWithCluster = testClusterSkipReason(
  'catalog graph and Crossplane tree',
  { full: true },
)
  ? describe.skip
  : describe;

const BUCKET_API = 's3.aws.upbound.io/v1beta1';
const ROLE_OF_TYPE: Record<string, string> = {
  'crossplane-claim': 'claim',
  'crossplane-xr': 'composite',
  'crossplane-managed': 'managed',
};

/** One Crossplane object as `role cluster kind namespace/name`. */
type Seen = string;

/**
 * The catalog and the Kratix backend derive "which Crossplane objects a request produced, and where" from the same
 * kratix-node rules; this reads both for the same platform and compares them object by object, including a
 * WorkPlacement that carries no workloads (read from its Work's workload group), a claim inside a `kind: List`, and
 * managed resources.
 */
describeWithCluster('the catalog graph and the Crossplane tree agree', () => {
  let env: TestPlatform | undefined;
  let drill: DrillPlatform;
  let backend: DrillBackend | undefined;
  const log = new LogRecorder();

  beforeAll(async () => {
    env = await startTestPlatform({ workers: [WORKER], fullPlatform: true });
    drill = new DrillPlatform(env);
    await drill.seed({ redis: 1, kafka: 0, s3buckets: 3 });
    const [first, second] = drill.requests.filter(
      r => r.promise === 's3buckets',
    );
    const p = env.platform.admin;
    const w = env.workers[0].admin;

    // The first request's composite composes a managed resource.
    await applyCrd(
      w,
      looseCrd({
        apiVersion: BUCKET_API,
        kind: 'Bucket',
        plural: 'buckets',
        namespaced: false,
      }),
    );
    await kubeRequest(w, 'POST', `/apis/${BUCKET_API}/buckets`, {
      apiVersion: BUCKET_API,
      kind: 'Bucket',
      metadata: { name: `${first.name}-bucket` },
      spec: { forProvider: { region: 'eu-west-1' } },
    });
    await patchStatus(w, `/apis/${BUCKET_API}/buckets/${first.name}-bucket`, {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition('Ready', 'False', 'Creating'),
      ],
    });
    await kubeRequest(
      w,
      'PATCH',
      `${XRS}/${first.name}-x`,
      {
        spec: {
          resourceRefs: [
            {
              apiVersion: BUCKET_API,
              kind: 'Bucket',
              name: `${first.name}-bucket`,
            },
          ],
        },
      },
      { contentType: 'application/merge-patch+json' },
    );

    // The second request's WorkPlacement carries no workloads, and its Work holds the claim in a List.
    const placed = `${KRATIX}/namespaces/${second.namespace}`;
    const work = await kubeRequest(
      p,
      'GET',
      `${placed}/works/s3buckets-${second.name}`,
    );
    const claim = {
      apiVersion: 'awsblueprints.io/v1alpha1',
      kind: 'ObjectStorage',
      metadata: { name: second.name, namespace: 'default' },
      spec: {},
    };
    work.spec.workloadGroups[0].workloads = [
      {
        filepath: 'claims.yaml',
        content: encodeWorkload([{ kind: 'List', items: [claim] }]),
      },
    ];
    await kubeRequest(
      p,
      'PUT',
      `${placed}/works/s3buckets-${second.name}`,
      work,
    );
    await kubeRequest(
      p,
      'PATCH',
      `${placed}/workplacements/s3buckets-${second.name}.${WORKER}`,
      { spec: { workloads: null } },
      { contentType: 'application/merge-patch+json' },
    );

    backend = await startDrillBackend({
      platform: env.platform,
      worker: env.workers[0],
      provider: { crossplane: { managedResources: true } },
      features: [kratixBackendPlugin],
      log,
    });
    // The managed resource is found once its composite has been read, so it may come a moment after the rest.
    const bucketRef = `resource:default/${crossplaneEntityName({
      cluster: WORKER,
      name: `${first.name}-bucket`,
      kind: 'Bucket',
      group: 's3.aws.upbound.io',
    })}`.toLowerCase();
    await waitForEntities(
      backend.catalog,
      [...drill.expectedRefs(), bucketRef],
      'the seeded platform in the catalog',
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await env?.destroy();
  });

  /** Every Crossplane entity the catalog relates the request to, following dependsOn. */
  async function catalogGraph(requestRef: string): Promise<Seen[]> {
    const seen = new Set<Seen>();
    const visited = new Set<string>();
    const walk = async (ref: string) => {
      if (visited.has(ref)) return;
      visited.add(ref);
      const entity: Entity | undefined = await backend!.catalog.entity(ref);
      if (!entity) return;
      const type = String(entity.spec?.type ?? '');
      const a = entity.metadata.annotations ?? {};
      if (ROLE_OF_TYPE[type]) {
        seen.add(
          `${ROLE_OF_TYPE[type]} ${a['kratix.backstage.io/cluster']} ${
            a['kratix.backstage.io/kind']
          } ${a['kratix.backstage.io/namespace'] ?? ''}/${
            a['kratix.backstage.io/name']
          }`,
        );
      }
      for (const next of (entity.spec?.dependsOn as string[]) ?? []) {
        if (parseEntityRef(next).kind.toLowerCase() === 'resource') {
          await walk(next.toLowerCase());
        }
      }
    };
    await walk(requestRef);
    return Array.from(seen).sort();
  }

  /** Every object of the backend's Crossplane tree of the request. */
  async function backendTree(requestRef: string): Promise<Seen[]> {
    const { kind, namespace, name } = parseEntityRef(requestRef);
    const response = await fetch(
      `${
        backend!.baseUrl
      }/api/kratix/entities/${kind}/${namespace}/${encodeURIComponent(
        name,
      )}/crossplane`,
      {
        headers: { Authorization: mockCredentials.user.header() },
        signal: AbortSignal.timeout(15_000),
      },
    );
    expect(response.status).toBe(200);
    const tree = await response.json();
    expect(tree.problems).toEqual([]);
    const seen: Seen[] = [];
    const walk = (node: any) => {
      seen.push(
        `${node.role} ${node.cluster} ${node.kind} ${node.namespace ?? ''}/${
          node.name
        }`,
      );
      node.children.forEach(walk);
    };
    tree.roots.forEach(walk);
    return seen.sort();
  }

  it('names the same claims, composites and managed resources on the same clusters for every request', async () => {
    const crossplaneBacked = drill.requests.filter(
      r => r.promise === 's3buckets',
    );
    const graphs: Record<string, Seen[]> = {};
    for (const request of drill.requests) {
      const ref = drill.requestRef(request);
      const graph = await catalogGraph(ref);
      expect(await backendTree(ref)).toEqual(graph);
      graphs[request.name] = graph;
    }
    const [first, second, third] = crossplaneBacked;
    expect(graphs[first.name]).toEqual([
      `claim ${WORKER} ObjectStorage default/${first.name}`,
      `composite ${WORKER} XObjectStorage /${first.name}-x`,
      `managed ${WORKER} Bucket /${first.name}-bucket`,
    ]);
    expect(graphs[second.name]).toEqual([
      `claim ${WORKER} ObjectStorage default/${second.name}`,
      `composite ${WORKER} XObjectStorage /${second.name}-x`,
    ]);
    expect(graphs[third.name]).toHaveLength(2);
    const redis = drill.requests.find(r => r.promise === 'redis')!;
    expect(graphs[redis.name]).toEqual([]);
  });
});
