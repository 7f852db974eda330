import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { KRATIX_ENTITY_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import type { FromBackend } from './benchBackendProtocol';
import { BENCHMARK_MESSAGE_PREFIX } from './benchBackendProtocol';

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
              const message =
                entity.metadata.annotations?.[
                  KRATIX_ENTITY_ANNOTATIONS.statusMessage
                ];
              if (message?.startsWith(BENCHMARK_MESSAGE_PREFIX)) {
                send({
                  type: 'processed',
                  entityRef: stringifyEntityRef(entity).toLowerCase(),
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
