import { Condition } from '../types';
import {
  describeWithFixtures,
  listFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import { getCrossplaneState } from './getCrossplaneState';

const withConditions = (...conditions: Condition[]) => ({
  status: { conditions },
});
const ready = (
  status: Condition['status'],
  reason: string,
  message?: string,
): Condition => ({
  type: 'Ready',
  status,
  reason,
  message,
});
const synced = (
  status: Condition['status'],
  reason: string,
  message?: string,
): Condition => ({
  type: 'Synced',
  status,
  reason,
  message,
});

describe('getCrossplaneState', () => {
  it('is ready when Ready and Synced are True', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('True', 'Available'),
          synced('True', 'ReconcileSuccess'),
        ),
      ),
    ).toEqual({
      state: 'ready',
      reason: 'Available',
      message: undefined,
      ready: 'True',
      synced: 'True',
    });
  });

  it('fails when Synced is False, whatever Ready says', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('True', 'Available'),
          synced('False', 'ReconcileError', 'cannot resolve references'),
        ),
      ),
    ).toEqual({
      state: 'failed',
      reason: 'ReconcileError',
      message: 'cannot resolve references',
      ready: 'True',
      synced: 'False',
    });
  });

  it('is in progress while Creating', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('False', 'Creating', 'Unready resources: bucket'),
          synced('True', 'ReconcileSuccess'),
        ),
      ),
    ).toMatchObject({
      state: 'in-progress',
      reason: 'Creating',
      message: 'Unready resources: bucket',
    });
  });

  // crossplane/crossplane internal/controller/apiextensions/claim/reconciler.go: a claim is Ready=False Waiting
  // until its composite resource is ready; that is every new claim, not a failure.
  it('is in progress while a claim is Waiting for its composite resource (claim/reconciler.go)', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready(
            'False',
            'Waiting',
            'Claim is waiting for composite resource to become Ready',
          ),
          synced('True', 'ReconcileSuccess'),
        ),
      ),
    ).toMatchObject({
      state: 'in-progress',
      reason: 'Waiting',
      message: 'Claim is waiting for composite resource to become Ready',
    });
  });

  // crossplane/crossplane apis/core/v2/condition.go: ReconcilePaused is Synced=False when the
  // crossplane.io/paused annotation is set.
  it('is paused, not failed, when Synced is False with ReconcilePaused (apis/core/v2/condition.go)', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('True', 'Available'),
          synced('False', 'ReconcilePaused'),
        ),
      ),
    ).toEqual({
      state: 'paused',
      reason: 'ReconcilePaused',
      message: undefined,
      ready: 'True',
      synced: 'False',
    });
  });

  it('fails when Ready is False for another reason', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('False', 'Unavailable'),
          synced('True', 'ReconcileSuccess'),
        ),
      ),
    ).toMatchObject({ state: 'failed', reason: 'Unavailable' });
  });

  it('is in progress when Ready is Unknown', () => {
    expect(
      getCrossplaneState(
        withConditions(
          ready('Unknown', 'Creating'),
          synced('True', 'ReconcileSuccess'),
        ),
      ),
    ).toMatchObject({ state: 'in-progress', ready: 'Unknown' });
  });

  it('is in progress before Crossplane has set any condition, unknown with only other conditions', () => {
    expect(getCrossplaneState({})).toEqual({ state: 'in-progress' });
    expect(
      getCrossplaneState(
        withConditions({ type: 'Established', status: 'True' }),
      ),
    ).toMatchObject({ state: 'unknown' });
  });
});

describeWithFixtures('getCrossplaneState on real Crossplane objects', () => {
  it.each([
    'crossplane/e2e/basic-namespaced-xr.yaml',
    'crossplane/e2e/legacy-claim.yaml',
    'kratix/dev-platform-kratix-promises__app-deployment-promise-containers-provision-infrastructure-pipeline-tests-resource_request_example-expected-output-LogicalDatabaseClaim.yaml',
  ])('treats %s, as applied and not yet reconciled, as in progress', file => {
    const [obj] = loadFixture(file);
    expect(getCrossplaneState(obj)).toEqual({ state: 'in-progress' });
  });

  it('reads every e2e manifest without throwing', () => {
    const files = listFixtures('crossplane/e2e', /\.yaml$/);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const obj of loadFixture(file)) {
        expect([
          'ready',
          'in-progress',
          'paused',
          'failed',
          'unknown',
        ]).toContain(getCrossplaneState(obj).state);
      }
    }
  });
});
