import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { FromBackend } from './benchBackendProtocol';
import { BENCHMARK_MESSAGE_PREFIX } from './benchBackendProtocol';

const STATUS_MESSAGE = 'kratix.backstage.io/status-message';

/**
 * A catalog processor that changes nothing and tells the parent when the processing engine picks up an entity whose
 * status message the benchmark wrote: the moment between the provider's mutation and the stitching.
 */
export function processingProbeModule(send: (message: FromBackend) => void) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'benchmark-processing-probe',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addProcessor({
            getProcessorName: () => 'BenchmarkProcessingProbe',
            async preProcessEntity(entity: Entity) {
              const message = entity.metadata.annotations?.[STATUS_MESSAGE];
              if (message?.startsWith(BENCHMARK_MESSAGE_PREFIX)) {
                send({
                  type: 'processed',
                  entityRef: `${entity.kind}:${
                    entity.metadata.namespace ?? 'default'
                  }/${entity.metadata.name}`.toLowerCase(),
                  message,
                  at: Date.now(),
                });
              }
              return entity;
            },
          });
        },
      });
    },
  });
}
