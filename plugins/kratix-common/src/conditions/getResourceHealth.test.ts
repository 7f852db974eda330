import { getResourceHealth, withHealth } from './getResourceHealth';

// The shape syntasso/kratix internal/controller/healthrecord_controller.go writes into status.healthStatus:
// each record's state, lastRun (Unix seconds), source {name, namespace} and details; the state is the worst.
const status = {
  healthStatus: {
    state: 'unhealthy',
    healthRecords: [
      {
        state: 'healthy',
        lastRun: 1764590400,
        source: { name: 'db-connect', namespace: 'team-a' },
      },
      {
        state: 'unhealthy',
        lastRun: 1764594000,
        source: { name: 'db-backup', namespace: 'team-a' },
        details: { lastBackup: 'failed: disk full' },
      },
    ],
  },
};

describe('getResourceHealth (syntasso/kratix internal/controller/healthrecord_controller.go)', () => {
  it('lists each HealthRecord, worst first, with its last run as a date', () => {
    expect(getResourceHealth({ status })).toEqual({
      state: 'unhealthy',
      records: [
        {
          state: 'unhealthy',
          lastRun: '2025-12-01T13:00:00.000Z',
          source: { name: 'db-backup', namespace: 'team-a' },
          details: { lastBackup: 'failed: disk full' },
        },
        {
          state: 'healthy',
          lastRun: '2025-12-01T12:00:00.000Z',
          source: { name: 'db-connect', namespace: 'team-a' },
        },
      ],
    });
  });

  it("keeps Kratix's roll-up when there are no records, and is undefined without health", () => {
    expect(
      getResourceHealth({ status: { healthStatus: { state: 'healthy' } } }),
    ).toEqual({ state: 'healthy', records: [] });
    expect(getResourceHealth({ status: {} })).toBeUndefined();
    expect(getResourceHealth(undefined)).toBeUndefined();
  });
});

describe('withHealth', () => {
  const ready = { state: 'ready' as const, reason: 'Reconciled' };

  it('makes a ready request with an unhealthy record failed, naming the record', () => {
    expect(withHealth(ready, getResourceHealth({ status }))).toEqual({
      state: 'failed',
      reason: 'Unhealthy',
      message:
        'A health check reports the request unhealthy (HealthRecord db-backup)',
    });
  });

  it('keeps a degraded request ready with the reason Degraded', () => {
    expect(
      withHealth(ready, {
        state: 'degraded',
        records: [{ state: 'degraded', source: { name: 'latency' } }],
      }),
    ).toMatchObject({ state: 'ready', reason: 'Degraded' });
  });

  it("leaves healthy requests and Kratix's own states alone", () => {
    expect(withHealth(ready, { state: 'healthy', records: [] })).toBe(ready);
    const failed = { state: 'failed' as const, reason: 'WorksFailing' };
    expect(withHealth(failed, getResourceHealth({ status }))).toBe(failed);
    expect(withHealth(ready, undefined)).toBe(ready);
  });
});
