import {
  getPipelineRunLabels,
  getPipelineRunNamespaces,
  getPipelineRunSelector,
  isPipelineRunOf,
} from './pipelineRuns';

const teamA = {
  promise: 'redis',
  request: {
    name: 'orders-cache',
    namespace: 'team-a',
    kind: 'redis',
    apiVersion: 'marketplace.kratix.io/v1alpha1',
  },
};

// Labels and annotations as syntasso/kratix api/v1alpha1/pipeline_factory.go writes them on a Job.
function run(
  namespace: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
) {
  return {
    metadata: {
      namespace,
      labels: {
        'kratix.io/promise-name': 'redis',
        'kratix.io/resource-name': 'orders-cache',
        'kratix.io/workflow-type': 'resource',
        'kratix.io/workflow-action': 'configure',
        'kratix.io/pipeline-name': 'instance-configure',
        ...labels,
      },
      ...(annotations && { annotations }),
    },
  };
}

const annotationsOf = (namespace: string, kind = 'redis') => ({
  'kratix.io/job-resource-namespace': namespace,
  'kratix.io/job-resource-name': 'orders-cache',
  'kratix.io/job-resource-kind': kind,
  'kratix.io/job-resource-api-version': 'marketplace.kratix.io/v1alpha1',
});

describe('isPipelineRunOf', () => {
  it("keeps a shared pipeline namespace's runs of the request's own namespace only, by the job-resource annotations", () => {
    const shared = { 'kratix.io/resource-namespace': 'team-a' };
    expect(
      isPipelineRunOf(run('pipelines', shared, annotationsOf('team-a')), teamA),
    ).toBe(true);
    expect(
      isPipelineRunOf(run('pipelines', shared, annotationsOf('team-b')), teamA),
    ).toBe(false);
    // The request read at another version of the same API is the same request.
    expect(
      isPipelineRunOf(
        run('pipelines', shared, {
          ...annotationsOf('team-a'),
          'kratix.io/job-resource-api-version': 'marketplace.kratix.io/v1beta1',
        }),
        teamA,
      ),
    ).toBe(true);
    // Another Promise's API of the same request name and namespace.
    expect(
      isPipelineRunOf(
        run('pipelines', shared, annotationsOf('team-a', 'cache')),
        teamA,
      ),
    ).toBe(false);
  });

  it('falls back to kratix.io/resource-namespace on Pods, which carry no job-resource annotations', () => {
    expect(
      isPipelineRunOf(
        run('pipelines', { 'kratix.io/resource-namespace': 'team-a' }),
        teamA,
      ),
    ).toBe(true);
    expect(
      isPipelineRunOf(
        run('pipelines', { 'kratix.io/resource-namespace': 'team-b' }),
        teamA,
      ),
    ).toBe(false);
  });

  it("takes an unmarked run only in the request's own namespace", () => {
    expect(isPipelineRunOf(run('team-a', {}), teamA)).toBe(true);
    expect(isPipelineRunOf(run('pipelines', {}), teamA)).toBe(false);
  });

  it('reads the labels of Kratix before February 2025 (syntasso/kratix 0b2d911e)', () => {
    const older = run('team-a', {
      'kratix.io/work-type': 'resource',
      'kratix.io/work-action': 'delete',
    });
    delete (older.metadata.labels as any)['kratix.io/workflow-type'];
    delete (older.metadata.labels as any)['kratix.io/workflow-action'];
    expect(isPipelineRunOf(older, teamA)).toBe(true);
    expect(getPipelineRunLabels(older)).toEqual({
      pipeline: 'instance-configure',
      workflowType: 'resource',
      workflowAction: 'delete',
    });
  });

  it("tells a Promise's own runs from its requests' runs", () => {
    const promiseRun = run('kratix-platform-system', {
      'kratix.io/workflow-type': 'promise',
    });
    expect(isPipelineRunOf(promiseRun, { promise: 'redis' })).toBe(true);
    expect(isPipelineRunOf(promiseRun, teamA)).toBe(false);
    expect(isPipelineRunOf(run('team-a', {}), { promise: 'redis' })).toBe(
      false,
    );
    expect(isPipelineRunOf(run('team-a', {}), { promise: 'kafka' })).toBe(
      false,
    );
  });
});

describe('getPipelineRunNamespaces', () => {
  // syntasso/kratix api/v1alpha1/pipeline_types.go ForResource / ForPromise.
  const setting = (pipelineNamespace: string) => ({
    spec: { workflows: { config: { pipelineNamespace } } },
  });
  it("looks in the Promise's pipeline namespace, then in Kratix's default", () => {
    expect(getPipelineRunNamespaces(teamA, setting('pipelines'))).toEqual([
      'pipelines',
      'team-a',
    ]);
    expect(getPipelineRunNamespaces(teamA)).toEqual(['team-a']);
    expect(
      getPipelineRunNamespaces({ promise: 'redis' }, setting('pipelines')),
    ).toEqual(['pipelines', 'kratix-platform-system']);
    expect(getPipelineRunNamespaces({ promise: 'redis' }, setting(''))).toEqual(
      ['kratix-platform-system'],
    );
  });
});

describe('getPipelineRunSelector', () => {
  it('narrows by Promise, request name and pipeline, never by a workflow-type label older Kratix lacks', () => {
    expect(getPipelineRunSelector(teamA, 'instance-configure')).toBe(
      'kratix.io/promise-name=redis,kratix.io/resource-name=orders-cache,kratix.io/pipeline-name=instance-configure',
    );
    expect(getPipelineRunSelector({ promise: 'redis' })).toBe(
      'kratix.io/promise-name=redis,!kratix.io/resource-name',
    );
  });
});
