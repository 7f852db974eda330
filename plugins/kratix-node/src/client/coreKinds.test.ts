import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  TestCluster,
  createNamespace,
  eventually,
  kubeRequest,
  serviceAccountToken,
  setPodLogs,
} from '@kratix-backstage/kube-test-cluster';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';
import {
  adminClient,
  testClusterSkipReason,
} from '../__testUtils__/testCluster';
import { KratixKubernetesClient } from './KratixKubernetesClient';

// A whole control plane (tools/kube-control-plane): Jobs run Pods on a kwok Node, whose logs kwok serves.
const describeWithControlPlane = testClusterSkipReason(
  'KratixKubernetesClient core kinds',
  { full: true },
)
  ? describe.skip
  : describe;

jest.setTimeout(240_000);

const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function job(name: string, labels: Record<string, string>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            { name: 'main', image: 'busybox' },
            { name: 'status-writer', image: 'busybox' },
          ],
        },
      },
    },
  };
}

describeWithControlPlane(
  'KratixKubernetesClient on a full control plane',
  () => {
    let cluster: TestCluster;
    let client: KratixKubernetesClient;
    let podName: string;

    beforeAll(async () => {
      cluster = await TestCluster.start({
        name: 'kratix-node-core',
        full: true,
      });
      client = adminClient(cluster);
      for (const ns of ['team-a', 'team-b']) {
        await createNamespace(cluster.admin, ns);
        for (const name of ['run-1', 'run-2']) {
          await kubeRequest(
            cluster.admin,
            'POST',
            `/apis/batch/v1/namespaces/${ns}/jobs`,
            job(name, { 'kratix.io/promise-name': 'redis' }),
          );
        }
      }
      // The Job controller marks a Job complete only after it has seen its Pod succeed (upstream
      // pkg/controller/job/job_controller.go): wait for the Jobs, not only the Pods.
      await eventually(
        async () => {
          const pods = await kubeRequest(cluster.admin, 'GET', '/api/v1/pods');
          const jobs = await kubeRequest(
            cluster.admin,
            'GET',
            '/apis/batch/v1/jobs',
          );
          return (
            pods.items.length === 4 &&
            pods.items.every((p: any) => p.status.phase === 'Succeeded') &&
            jobs.items.length === 4 &&
            jobs.items.every((j: any) => j.status?.completionTime)
          );
        },
        'every Job to complete',
        90_000,
      );
      const pods = await kubeRequest(
        cluster.admin,
        'GET',
        '/api/v1/namespaces/team-a/pods?labelSelector=job-name%3Drun-1',
      );
      podName = pods.items[0].metadata.name;
      await setPodLogs(cluster.admin, cluster.dataDir, {
        namespace: 'team-a',
        pod: podName,
        containers: {
          main: ['rendering redis', 'wrote 2 documents to /kratix/output'],
          'status-writer': ['status updated'],
        },
        previous: { main: ['first attempt: image pull failed'] },
      });
    });

    afterAll(async () => {
      await client?.close();
      await cluster?.destroy();
    });

    it('lists Jobs through BatchV1Api, as the server sent them', async () => {
      const { items, resourceVersion } = await client.listJobs({
        namespace: 'team-a',
        labelSelector: 'kratix.io/promise-name=redis',
      });
      expect(resourceVersion).toBeTruthy();
      expect(items.map(j => j.metadata.name).sort()).toEqual([
        'run-1',
        'run-2',
      ]);
      const [first] = items as KubernetesObject<unknown, any>[];
      expect(first.apiVersion).toBe('batch/v1');
      expect(first.kind).toBe('Job');
      expect(first.metadata.namespace).toBe('team-a');
      expect(first.metadata.creationTimestamp).toMatch(RFC3339_SECONDS);
      expect(first.status.completionTime).toMatch(RFC3339_SECONDS);
      expect(first.status.succeeded).toBe(1);
    });

    it('lists Pods through CoreV1Api in one namespace or all, page by page', async () => {
      const all = await client.listPods({
        labelSelector: 'kratix.io/promise-name=redis',
        pageSize: 1,
      });
      expect(all.items).toHaveLength(4);
      expect(new Set(all.items.map(p => p.metadata.namespace))).toEqual(
        new Set(['team-a', 'team-b']),
      );
      const teamB = await client.listPods({
        namespace: 'team-b',
        labelSelector: 'job-name=run-1',
      });
      expect(teamB.items).toHaveLength(1);
      const [pod] = teamB.items as KubernetesObject<any, any>[];
      expect(pod.kind).toBe('Pod');
      expect(pod.spec.nodeName).toBe(cluster.nodeName);
      expect(pod.status.phase).toBe('Succeeded');
      expect(pod.status.startTime).toMatch(RFC3339_SECONDS);
    });

    it('reads a container log with tailLines, and the previous container', async () => {
      const read = (options: object = {}) =>
        client.getPodLogs({ namespace: 'team-a', pod: podName, ...options });
      await eventually(
        () => read({ container: 'main' }).catch(() => undefined),
        'kwok to serve the logs',
      );
      expect(await read({ container: 'main' })).toBe(
        'rendering redis\nwrote 2 documents to /kratix/output\n',
      );
      expect(await read({ container: 'main', tailLines: 1 })).toBe(
        'wrote 2 documents to /kratix/output\n',
      );
      expect(await read({ container: 'status-writer' })).toBe(
        'status updated\n',
      );
      expect(await read({ container: 'main', previous: true })).toBe(
        'first attempt: image pull failed\n',
      );
    });

    it("says which Pod is missing, and never reads another namespace's Pod of the same name", async () => {
      const missing = await client
        .getPodLogs({ namespace: 'team-b', pod: podName, container: 'main' })
        .catch(e => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing.message).toContain(podName);
    });

    it('maps a 403 from RBAC to NotAllowedError', async () => {
      const token = await serviceAccountToken(cluster.admin, {
        namespace: 'team-a',
        name: 'no-rights',
      });
      const limited = KratixKubernetesClient.fromClusterConfig({
        name: cluster.name,
        url: cluster.url,
        auth: { type: 'serviceAccount', token },
        caData: cluster.caDataBase64,
        isDefault: true,
        skipTLSVerify: false,
        source: 'kratix',
      });
      const error = await limited
        .listJobs({ namespace: 'team-a' })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('jobs');
      await limited.close();
    });

    it("reports a write into a missing namespace with Kubernetes' own answer, and writes nothing", async () => {
      const error = await client
        .create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'nowhere' },
        } as KubernetesObject)
        .catch(e => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toContain('namespaces "nowhere" not found');
      expect(error.message).toContain(cluster.name);
      const namespaces = await kubeRequest(
        cluster.admin,
        'GET',
        '/api/v1/namespaces',
      );
      expect(namespaces.items.map((n: any) => n.metadata.name)).not.toContain(
        'nowhere',
      );
    });
  },
);
