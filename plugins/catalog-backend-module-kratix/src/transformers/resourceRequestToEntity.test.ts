import {
  describeWithFixtures,
  loadFixture,
} from '@kratix-backstage/kube-test-cluster';
import {
  resourceRequestOwner,
  resourceRequestToEntity,
} from './resourceRequestToEntity';

const ODD_OWNER = `team a!! ${'x'.repeat(291)}`;

const request = (owner?: string) => {
  const [rr] = loadFixture(
    'kratix/kratix-marketplace__kafka-resource-request.yaml',
  );
  if (owner !== undefined)
    rr.metadata.annotations = {
      ...rr.metadata.annotations,
      'kratix.backstage.io/owner': owner,
    };
  return rr;
};

const ctx = {
  cluster: 'platform',
  entityNamespace: 'default',
  defaultOwner: 'group:default/platform',
  promiseName: 'kafka',
  entityKind: 'Resource' as const,
};

describeWithFixtures('resourceRequestToEntity', () => {
  it('takes the owner from an annotation that is an entity reference, short or full', () => {
    for (const owner of ['user:default/jane', 'team-a', 'group:ops/team-b']) {
      const entity = resourceRequestToEntity(request(owner), ctx);
      expect(entity.spec!.owner).toBe(owner);
      expect(entity.metadata.annotations!['kratix.backstage.io/owner']).toBe(
        owner,
      );
    }
  });

  it.each([
    ['a long value with spaces and punctuation', ODD_OWNER],
    ['a name with spaces', 'team a'],
    ['an empty kind', ':default/team-a'],
    ['an invalid namespace', 'group:Team_A!/team-a'],
    ['too many parts', 'group:default/team/a'],
  ])(
    'falls back to the namespace mapping, else the default, for %s',
    (_, owner) => {
      const mapped = resourceRequestToEntity(request(owner), {
        ...ctx,
        namespaceOwner: 'group:default/team-a',
      });
      expect(mapped.spec!.owner).toBe('group:default/team-a');
      expect(
        mapped.metadata.annotations!['kratix.backstage.io/owner'],
      ).toBeUndefined();
      expect(resourceRequestToEntity(request(owner), ctx).spec!.owner).toBe(
        'group:default/platform',
      );
    },
  );

  it('uses the namespace mapping, else the default, without an annotation', () => {
    expect(
      resourceRequestOwner(request(), {
        namespaceOwner: 'group:default/team-a',
        defaultOwner: 'group:default/platform',
      }),
    ).toBe('group:default/team-a');
    expect(
      resourceRequestOwner(request(''), {
        defaultOwner: 'group:default/platform',
      }),
    ).toBe('group:default/platform');
  });

  // syntasso/kratix internal/controller/healthrecord_controller.go copies each HealthRecord into
  // status.healthStatus.healthRecords[] and rolls the worst up into status.healthStatus.state.
  it('writes each HealthRecord and lets the worst drive the status (healthrecord_controller.go)', () => {
    const rr = request();
    rr.status = {
      conditions: [
        { type: 'Reconciled', status: 'True', reason: 'Reconciled' },
      ],
      healthStatus: {
        state: 'unhealthy',
        healthRecords: [
          { state: 'healthy', lastRun: 1764590400, source: { name: 'ping' } },
          {
            state: 'unhealthy',
            lastRun: 1764594000,
            source: { name: 'backup', namespace: 'default' },
            details: { error: 'disk full' },
          },
        ],
      },
    };
    const annotations = resourceRequestToEntity(rr, ctx).metadata.annotations!;
    expect(annotations['kratix.backstage.io/status']).toBe('failed');
    expect(annotations['kratix.backstage.io/status-reason']).toBe('Unhealthy');
    expect(annotations['kratix.backstage.io/health']).toBe('unhealthy');
    expect(
      JSON.parse(annotations['kratix.backstage.io/health-records']),
    ).toEqual([
      {
        state: 'unhealthy',
        lastRun: '2025-12-01T13:00:00.000Z',
        source: { name: 'backup', namespace: 'default' },
        details: { error: 'disk full' },
      },
      {
        state: 'healthy',
        lastRun: '2025-12-01T12:00:00.000Z',
        source: { name: 'ping' },
      },
    ]);
  });

  it('drops the details of HealthRecords that would make the annotation too big', () => {
    const rr = request();
    rr.status = {
      healthStatus: {
        state: 'degraded',
        healthRecords: [
          { state: 'degraded', details: { log: 'x'.repeat(5000) } },
        ],
      },
    };
    const annotations = resourceRequestToEntity(rr, ctx).metadata.annotations!;
    expect(
      JSON.parse(annotations['kratix.backstage.io/health-records']),
    ).toEqual([{ state: 'degraded' }]);
  });
});
