import { loadFixture } from '@kratix-backstage/kube-test-cluster';

/** Fixture files (under the shared fixtures folder) holding the Promises the demo installs. */
export const PROMISE_FIXTURES = [
  'kratix/kratix-marketplace__redis-promise.yaml',
  'kratix/kratix-marketplace__kafka-promise.yaml',
  'kratix/kratix-marketplace__sql-aws-promise.yaml',
  'kratix/kratix-marketplace__app-as-a-service-promise.yaml',
  'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
  'kratix/kratix-marketplace__crossplane-promise.yaml',
  'kratix/dev-platform-kratix-promises__app-deployment-promise-promise.yaml',
  'kratix/kratix__internal-controller-assets-promise-with-requirements.yaml',
] as const;

/** Where the demo's Promise {@link SHARED_PIPELINES_PROMISE} runs its pipelines and Kratix writes its Works. */
export const DEMO_PIPELINE_NAMESPACE = 'platform-pipelines';

/** The demo Promise that sets `spec.workflows.config.pipelineNamespace`, as platform teams do to keep pipelines apart. */
export const SHARED_PIPELINES_PROMISE = 'appdeployment';

/**
 * Every Promise of {@link PROMISE_FIXTURES}, read from the fixtures as they are, except that
 * {@link SHARED_PIPELINES_PROMISE} runs its workflows in {@link DEMO_PIPELINE_NAMESPACE}.
 */
export function loadDemoPromises(): any[] {
  return PROMISE_FIXTURES.flatMap(file =>
    loadFixture(file).filter(doc => doc.kind === 'Promise'),
  ).map(promise => {
    if (promise.metadata?.name !== SHARED_PIPELINES_PROMISE) return promise;
    const workflows = promise.spec.workflows ?? {};
    return {
      ...promise,
      spec: {
        ...promise.spec,
        workflows: {
          ...workflows,
          config: {
            ...workflows.config,
            pipelineNamespace: DEMO_PIPELINE_NAMESPACE,
          },
        },
      },
    };
  });
}
