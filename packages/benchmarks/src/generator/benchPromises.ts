import { condition } from '@kratix-backstage/demo-platform';
import {
  loadFixture,
  promiseApiCrd,
} from '@kratix-backstage/kube-test-cluster';

/** The upstream Promises with an API that the benchmark's Promises are copies of. */
export const BASE_PROMISE_FIXTURES = [
  'kratix/kratix-marketplace__redis-promise.yaml',
  'kratix/kratix-marketplace__kafka-promise.yaml',
  'kratix/kratix-marketplace__sql-aws-promise.yaml',
  'kratix/kratix-marketplace__app-as-a-service-promise.yaml',
  'kratix/kratix-cli__test-assets-crossplane-expected-output-promise.yaml',
  'kratix/dev-platform-kratix-promises__app-deployment-promise-promise.yaml',
  'kratix/kratix__internal-controller-assets-promise-with-requirements.yaml',
] as const;

/** A Promise of the benchmark and what requests of it look like. */
export interface BenchPromise {
  promise: any;
  /** The CRD Kratix creates for the Promise's API. */
  crd: any;
  name: string;
  apiVersion: string;
  kind: string;
  group: string;
  plural: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function basePromises(): any[] {
  return BASE_PROMISE_FIXTURES.map(file => {
    const promise = loadFixture(file).find(doc => doc.kind === 'Promise');
    if (!promise?.spec?.api) {
      throw new Error(
        `The fixture ${file} has no Promise with an API (spec.api); the benchmark copies only Promises that take requests`,
      );
    }
    return promise;
  });
}

/**
 * `count` Promises copied from the upstream fixtures in turn, each under its own name (`<fixture name>-<nn>`) and API
 * group (`p<nn>.<fixture group>`), so every copy brings its own CRD and kind as a real Promise does. Required
 * Promises are renamed the same way, so compound Promises point at copies that exist.
 */
export function benchPromises(count: number): BenchPromise[] {
  const bases = basePromises();
  const baseNames = new Set(bases.map(p => p.metadata.name));
  return Array.from({ length: count }, (_, i) => {
    const suffix = pad(i, 2);
    const promise = structuredClone(bases[i % bases.length]);
    const baseName = promise.metadata.name;
    promise.metadata = {
      name: `${baseName}-${suffix}`,
      labels: {
        'kratix.io/promise-version': 'v0.1.0',
        ...promise.metadata.labels,
      },
    };
    const api = promise.spec.api;
    const group = `p${suffix}.${api.spec.group}`;
    api.spec.group = group;
    api.metadata = {
      ...api.metadata,
      name: `${api.spec.names.plural}.${group}`,
    };
    promise.spec.requiredPromises = (promise.spec.requiredPromises ?? []).map(
      (r: any) =>
        baseNames.has(r.name) ? { ...r, name: `${r.name}-${suffix}` } : r,
    );
    const crd = promiseApiCrd(promise);
    const storage =
      crd.spec.versions.find((v: any) => v.storage) ?? crd.spec.versions[0];
    return {
      promise,
      crd,
      name: promise.metadata.name,
      apiVersion: `${group}/${storage.name}`,
      kind: crd.spec.names.kind,
      group,
      plural: crd.spec.names.plural,
    };
  });
}

/** The status Kratix writes on an Available Promise. */
export function promiseStatus(p: BenchPromise, at: string): any {
  return {
    status: 'Available',
    kind: p.kind,
    apiVersion: p.apiVersion,
    version: p.promise.metadata.labels['kratix.io/promise-version'],
    observedGeneration: 1,
    lastAvailableTime: at,
    workflows: 1,
    workflowsSucceeded: 1,
    workflowsFailed: 0,
    conditions: [
      condition(
        'RequirementsFulfilled',
        'True',
        'RequirementsInstalled',
        'Requirements fulfilled',
        at,
      ),
      condition(
        'ConfigureWorkflowCompleted',
        'True',
        'PipelinesExecutedSuccessfully',
        'Pipelines completed',
        at,
      ),
      condition(
        'WorksSucceeded',
        'True',
        'WorksSucceeded',
        'All works associated with this promise are ready',
        at,
      ),
      condition(
        'Available',
        'True',
        'PromiseAvailable',
        'Ready to fulfil resource requests',
        at,
      ),
      condition('Reconciled', 'True', 'Reconciled', 'Reconciled', at),
    ],
  };
}
