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

/** Every Promise of {@link PROMISE_FIXTURES}, read from the fixtures as they are. */
export function loadDemoPromises(): any[] {
  return PROMISE_FIXTURES.flatMap(file =>
    loadFixture(file).filter(doc => doc.kind === 'Promise'),
  );
}
