import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { loggerServiceFactory } from '@backstage/backend-defaults/logger';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import type {
  BenchBackendOptions,
  FromBackend,
  HeapReading,
  ToBackend,
} from './benchBackendProtocol';
import { processingProbeModule } from './processingProbeModule';
import {
  gatedSchedulerFactory,
  observedClusterServiceFactory,
  signallingRootLoggerFactory,
} from './benchServices';

const send = (message: FromBackend) => process.send?.(message);

/** A catalog module serving one fixed entity (the benchmark's Template). */
function staticEntityModule(entity: Entity) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'benchmark-template',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'benchmark-template',
            connect: connection =>
              connection.applyMutation({
                type: 'full',
                entities: [{ entity, locationKey: 'benchmark-template' }],
              }),
          });
        },
      });
    },
  });
}

async function targetFeatures(options: BenchBackendOptions) {
  if (options.target === 'peer') {
    const [kubernetesPlugin, ingestor] = await Promise.all([
      import('@backstage/plugin-kubernetes-backend'),
      import('@terasky/backstage-plugin-kubernetes-ingestor'),
    ]);
    return [kubernetesPlugin.default, ingestor.default];
  }
  const catalogModuleKratix = (
    await import('@kratix-backstage/plugin-catalog-backend-module-kratix')
  ).default;
  if (!options.scaffolder) {
    return [catalogModuleKratix, observedClusterServiceFactory(send)];
  }
  const [scaffolderPlugin, scaffolderModuleKratix] = await Promise.all([
    import('@backstage/plugin-scaffolder-backend'),
    import('@kratix-backstage/plugin-scaffolder-backend-module-kratix'),
  ]);
  return [
    catalogModuleKratix,
    observedClusterServiceFactory(send),
    scaffolderPlugin.default,
    scaffolderModuleKratix.default,
    ...(options.template
      ? [staticEntityModule(options.template as Entity)]
      : []),
  ];
}

/**
 * A real Backstage backend (catalog, plus our Kratix module or the peer's ingestor) for one benchmark run, in its own
 * process started with `--expose-gc`. The catalog's scheduled tasks wait for the parent's `go`, so the parent reads
 * the heap of a started, idle backend first. Talks to the parent over IPC (see benchBackendProtocol.ts).
 */
export async function main(): Promise<void> {
  const options: BenchBackendOptions = JSON.parse(
    process.env.BENCH_BACKEND_OPTIONS ?? '{}',
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Start the benchmark backend with node --expose-gc');
  let openGate = () => {};
  const gate = new Promise<void>(resolve => {
    openGate = resolve;
  });

  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, options.heapSampleMs ?? 50);
  timer.unref();
  const reading = (collect: boolean): HeapReading => {
    if (collect) {
      gc();
      gc();
    }
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    sample();
    return {
      heapUsed: memory.heapUsed,
      peakHeapUsed: peak,
      rss: memory.rss,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  };

  // Code loading is not ingestion: load what the providers import lazily before the baseline is read.
  await import('@kubernetes/client-node');

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      ...(await targetFeatures(options)),
      ...(options.breakdown ? [processingProbeModule(send)] : []),
      gatedSchedulerFactory(gate, send),
      signallingRootLoggerFactory(send),
      loggerServiceFactory,
      databaseServiceFactory,
      cacheServiceFactory,
      mockServices.rootConfig.factory({
        data: { ...options.config, backend: { database: options.database } },
      }),
    ],
  });

  process.on('message', async (message: ToBackend) => {
    try {
      if (message.type === 'go') {
        peak = 0;
        openGate();
        send({ type: 'gateOpen', at: Date.now() });
      } else if (message.type === 'heap') {
        const heap = reading(message.gc);
        if (message.resetPeak) peak = heap.heapUsed;
        send({ type: 'heap', id: message.id, ...heap });
      } else if (message.type === 'stop') {
        clearInterval(timer);
        await backend.stop().catch(() => {});
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'failed', message: String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));

  const heap = reading(true);
  peak = heap.heapUsed;
  send({
    type: 'started',
    port: backend.server.port(),
    at: Date.now(),
    heap,
  });
}
