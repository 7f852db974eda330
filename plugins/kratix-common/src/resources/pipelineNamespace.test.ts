import { pipelineNamespaceOf } from './pipelineNamespace';

const promise = (pipelineNamespace?: string) => ({
  spec: { workflows: { config: { pipelineNamespace } } },
});

// Upstream syntasso/kratix api/v1alpha1/pipeline_types.go (ForPromise, ForResource) and work-creator/lib/work_creator.go.
describe('pipelineNamespaceOf', () => {
  it("is the Promise's pipelineNamespace for Promise and resource workflows alike", () => {
    expect(pipelineNamespaceOf(promise('pipelines'))).toBe('pipelines');
    expect(
      pipelineNamespaceOf(promise('pipelines'), {
        metadata: { namespace: 'team-a' },
      }),
    ).toBe('pipelines');
  });

  it("is otherwise the request's namespace, or kratix-platform-system", () => {
    expect(
      pipelineNamespaceOf(promise(), { metadata: { namespace: 'team-a' } }),
    ).toBe('team-a');
    expect(pipelineNamespaceOf(promise(''), { metadata: {} })).toBe(
      'kratix-platform-system',
    );
    expect(pipelineNamespaceOf(undefined)).toBe('kratix-platform-system');
  });
});
