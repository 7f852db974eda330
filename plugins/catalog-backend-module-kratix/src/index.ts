/**
 * Catalog entity providers and a processor for Kratix Promises, resource requests, Destinations and the Crossplane
 * objects behind them.
 *
 * @packageDocumentation
 */

export { catalogModuleKratix as default } from './module';
export { KratixEntityProvider } from './providers/KratixEntityProvider';
export type { KratixEntityProviderOptions } from './providers/KratixEntityProvider';
export { KratixRelationsProcessor } from './processor/KratixRelationsProcessor';
export type {
  KratixRelationsProcessorOptions,
  KratixRelationsProcessorTarget,
} from './processor/KratixRelationsProcessor';
export { buildEntities } from './transformers/buildEntities';
export type {
  BuildEntitiesOptions,
  BuildEntitiesResult,
  KratixSnapshot,
  WatchTarget,
} from './transformers/buildEntities';
export type { PromiseToTemplate } from './transformers/types';
