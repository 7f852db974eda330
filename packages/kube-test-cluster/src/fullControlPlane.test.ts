import { TestCluster } from './TestCluster';
import { eventually } from './eventually';
import { createNamespace, serviceAccountToken, withToken } from './identities';
import { KubeRequestError, kubeRequest } from './kubeRequest';
import { setPodLogs } from './podLogs';
import { testClusterSkipReason } from './testClusterSkipReason';

jest.setTimeout(240_000);

const describeFull = testClusterSkipReason('full control plane', { full: true })
  ? describe.skip
  : describe;

function statusOf(promise: Promise<unknown>) {
  return promise.then(
    () => 200,
    e => (e instanceof KubeRequestError ? e.statusCode : String(e)),
  );
}

function job(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'busybox' }],
        },
      },
    },
  };
}

describeFull('TestCluster with full: true', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    // Without the watch cache, reads at an old resourceVersion go to etcd, so compaction shows.
    cluster = await TestCluster.start({
      name: 'full',
      full: true,
      watchCache: false,
    });
    await createNamespace(cluster.admin, 'pipelines');
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('serves the core API with NamespaceLifecycle admission on', async () => {
    const err = await kubeRequest(
      cluster.admin,
      'POST',
      '/api/v1/namespaces/missing/configmaps',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    ).catch(e => e);
    expect(err).toBeInstanceOf(KubeRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.message).toContain('namespaces "missing" not found');
  });

  it('runs a Job: its Pod is scheduled on the kwok Node and completes', async () => {
    await kubeRequest(
      cluster.admin,
      'POST',
      '/apis/batch/v1/namespaces/pipelines/jobs',
      job('succeeds'),
    );
    const done = await eventually(
      async () => {
        const j = await kubeRequest(
          cluster.admin,
          'GET',
          '/apis/batch/v1/namespaces/pipelines/jobs/succeeds',
        );
        return j.status?.succeeded === 1 && j;
      },
      'the Job to succeed',
      60_000,
    );
    expect(done.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Complete', status: 'True' }),
      ]),
    );
    const pods = await kubeRequest(
      cluster.admin,
      'GET',
      '/api/v1/namespaces/pipelines/pods?labelSelector=job-name%3Dsucceeds',
    );
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].spec.nodeName).toBe(cluster.nodeName);
    expect(pods.items[0].status.phase).toBe('Succeeded');
  });

  it('fails a Job whose Pod is labelled for kwok to fail it', async () => {
    await kubeRequest(
      cluster.admin,
      'POST',
      '/apis/batch/v1/namespaces/pipelines/jobs',
      job('fails', {
        'pod-container-running-failed.stage.kwok.x-k8s.io': 'true',
      }),
    );
    const failed = await eventually(
      async () => {
        const j = await kubeRequest(
          cluster.admin,
          'GET',
          '/apis/batch/v1/namespaces/pipelines/jobs/fails',
        );
        return j.status?.failed === 1 && j;
      },
      'the Job to fail',
      60_000,
    );
    expect(failed.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Failed', status: 'True' }),
      ]),
    );
    const pods = await kubeRequest(
      cluster.admin,
      'GET',
      '/api/v1/namespaces/pipelines/pods?labelSelector=job-name%3Dfails',
    );
    expect(pods.items[0].status.phase).toBe('Failed');
    expect(
      pods.items[0].status.containerStatuses[0].state.terminated.exitCode,
    ).toBe(1);
  });

  it('serves pods/log from kwok, with tailLines and the previous container', async () => {
    const pods = await kubeRequest(
      cluster.admin,
      'GET',
      '/api/v1/namespaces/pipelines/pods?labelSelector=job-name%3Dsucceeds',
    );
    const pod = pods.items[0].metadata.name;
    await setPodLogs(cluster.admin, cluster.dataDir, {
      namespace: 'pipelines',
      pod,
      containers: { main: ['one', 'two', 'three'] },
      previous: { main: ['before the restart'] },
    });
    const logPath = `/api/v1/namespaces/pipelines/pods/${pod}/log?container=main`;
    expect(
      await eventually(
        () => kubeRequest(cluster.admin, 'GET', logPath).catch(() => undefined),
        'the logs to be served',
      ),
    ).toBe('one\ntwo\nthree\n');
    expect(
      await kubeRequest(cluster.admin, 'GET', `${logPath}&tailLines=1`),
    ).toBe('three\n');
    expect(
      await kubeRequest(cluster.admin, 'GET', `${logPath}&previous=true`),
    ).toBe('before the restart\n');
  });

  it('authorizes ServiceAccount tokens from the TokenRequest API by RBAC', async () => {
    const token = await serviceAccountToken(cluster.admin, {
      namespace: 'pipelines',
      name: 'pod-reader',
    });
    const sa = withToken(cluster.admin, token);
    const pods = (ns: string) =>
      statusOf(kubeRequest(sa, 'GET', `/api/v1/namespaces/${ns}/pods`));
    expect(await pods('pipelines')).toBe(403);
    await kubeRequest(
      cluster.admin,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/pipelines/roles',
      {
        metadata: { name: 'pod-reader' },
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        ],
      },
    );
    await kubeRequest(
      cluster.admin,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/pipelines/rolebindings',
      {
        metadata: { name: 'pod-reader' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'pod-reader',
        },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: 'pod-reader',
            namespace: 'pipelines',
          },
        ],
      },
    );
    await eventually(
      async () => (await pods('pipelines')) === 200,
      'the Role to apply',
    );
    expect(await pods('default')).toBe(403);
  });

  it('gives the reader get, list and watch, and nothing else', async () => {
    expect(
      await statusOf(
        kubeRequest(
          cluster.reader,
          'GET',
          '/apis/batch/v1/namespaces/pipelines/jobs',
        ),
      ),
    ).toBe(200);
    expect(
      await statusOf(
        kubeRequest(
          cluster.reader,
          'DELETE',
          '/apis/batch/v1/namespaces/pipelines/jobs/succeeds',
        ),
      ),
    ).toBe(403);
  });

  it('keeps every object across a crash and a restart, and runs Jobs again', async () => {
    await cluster.kill();
    expect(cluster.running).toBe(false);
    await cluster.restart();
    const again = job('after-restart');
    await kubeRequest(
      cluster.admin,
      'POST',
      '/apis/batch/v1/namespaces/pipelines/jobs',
      again,
    );
    await eventually(
      async () => {
        const j = await kubeRequest(
          cluster.admin,
          'GET',
          '/apis/batch/v1/namespaces/pipelines/jobs/after-restart',
        );
        return j.status?.succeeded === 1;
      },
      'a Job after the restart to succeed',
      60_000,
    );
    const jobs = await kubeRequest(
      cluster.admin,
      'GET',
      '/apis/batch/v1/namespaces/pipelines/jobs',
    );
    expect(jobs.items.map((j: any) => j.metadata.name).sort()).toEqual([
      'after-restart',
      'fails',
      'succeeds',
    ]);
  });

  it('compacts etcd, so a list at an older resourceVersion is gone', async () => {
    const list = await kubeRequest(
      cluster.admin,
      'GET',
      '/api/v1/namespaces/pipelines/configmaps',
    );
    const old = list.metadata.resourceVersion;
    const atOld = () =>
      statusOf(
        kubeRequest(
          cluster.admin,
          'GET',
          `/api/v1/namespaces/pipelines/configmaps?resourceVersion=${old}&resourceVersionMatch=Exact`,
        ),
      );
    expect(await atOld()).toBe(200);
    await cluster.compactEtcd();
    expect(await atOld()).toBe(410);
  });
});
