import { mockServices } from '@backstage/backend-test-utils';
import {
  createOrReplace,
  describeWithFixtures,
  eventually,
  startTestPlatform,
  TestPlatform,
} from '@kratix-backstage/kube-test-cluster';
import { DefaultKratixClusterService } from '@kratix-backstage/plugin-kratix-node';
import {
  providerConfig,
  RecordingConnection,
} from '../__testUtils__/testPlatform';
import { readKratixEntityProviderConfigs } from './KratixEntityProviderConfig';
import { KratixIngestion, KratixIngestionMemory } from './KratixIngestion';

jest.setTimeout(120_000);

describeWithFixtures('KratixIngestion against a real API server', () => {
  let env: TestPlatform;

  beforeAll(async () => {
    // A platform alone, with a Destination standing for the platform cluster itself, which has no Crossplane: the
    // CompositeResourceDefinition kind is not served there.
    env = await startTestPlatform({ workers: [] });
    await createOrReplace(
      env.platform.admin,
      '/apis/platform.kratix.io/v1alpha1/destinations',
      {
        apiVersion: 'platform.kratix.io/v1alpha1',
        kind: 'Destination',
        metadata: {
          name: 'in-cluster',
          labels: { 'kratix.backstage.io/cluster': env.platform.name },
        },
        spec: { path: 'in-cluster' },
      },
    );
  });

  afterAll(async () => {
    await env?.destroy();
  });

  it('remembers a kind not served on a cluster, so later runs publish their full mutation at once and do not warn', async () => {
    const config = providerConfig([env.platform], { syncTimeoutSeconds: 1 });
    const [providerSettings] = readKratixEntityProviderConfigs(config);
    const clusters = DefaultKratixClusterService.fromConfig(config);
    const memory = new KratixIngestionMemory();
    const runOnce = async () => {
      const logger = mockServices.logger.mock();
      const connection = new RecordingConnection();
      const ingestion = new KratixIngestion({
        config: providerSettings,
        clusters,
        logger,
        connection,
        memory,
        notServedAfterMs: 3_000,
      });
      const abort = new AbortController();
      const started = Date.now();
      const running = ingestion.run(abort.signal, 60_000);
      const full = await eventually(
        () => connection.mutations.find(m => m.type === 'full'),
        'the full mutation',
        30_000,
      );
      const fullAfterMs = Date.now() - started;
      abort.abort();
      await running;
      return { connection, logger, full, fullAfterMs };
    };

    // The first run learns that the kind is missing: it waits out the sync timeout, then the grace period.
    const first = await runOnce();
    expect(first.connection.mutations[0].type).toBe('delta');
    expect(first.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/not every source could be read/),
    );
    expect(first.fullAfterMs).toBeGreaterThanOrEqual(3_000);

    // The next run knows it: its first publish is the full one, without a warning or a wait.
    const second = await runOnce();
    expect(second.connection.mutations[0].type).toBe('full');
    expect(second.logger.warn).not.toHaveBeenCalled();
    expect(second.fullAfterMs).toBeLessThan(3_000);
    expect(
      second.full.type === 'full' &&
        second.full.entities.some(
          d => d.entity.metadata.name === `in-cluster_${env.platform.name}`,
        ),
    ).toBe(true);
  });
});
