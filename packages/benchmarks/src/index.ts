/**
 * Development-only benchmark of the Kratix catalog provider, the scaffolder action and a peer ingestor, against
 * local Kubernetes API servers loaded at scale.
 *
 * @packageDocumentation
 */
export { runBenchmark } from './runBenchmark';
export type {
  BenchDatabase,
  BenchmarkOptions,
  BenchmarkResults,
  DatabaseRun,
  ScaleResult,
} from './runBenchmark';
export { BenchDataset } from './generator/BenchDataset';
export type { BenchDatasetOptions, LoadReport } from './generator/BenchDataset';
export { renderReport, writeReport } from './report/renderReport';
