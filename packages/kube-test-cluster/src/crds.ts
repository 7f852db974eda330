import fs from 'fs';
import { parseAllDocuments } from 'yaml';
import { PRESERVE_UNKNOWN_FIELDS } from './customResourceDefinition';
import { KubeConnection, KubeRequestError, kubeRequest } from './kubeRequest';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** Every non-empty YAML document of a file. */
export function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(doc => doc !== null && doc !== undefined);
}

/**
 * The test copy of a CRD: conversion webhooks can't be reached on loopback,
 * so conversion becomes `None` (versions here share one schema shape).
 */
function forTestServer(crd: any): any {
  const copy = structuredClone(crd);
  if (copy.spec?.conversion?.strategy === 'Webhook') {
    copy.spec.conversion = { strategy: 'None' };
  }
  delete copy.status;
  return copy;
}

/** Creates (or replaces) a CRD and waits until it is Established and discoverable. */
export async function applyCrd(conn: KubeConnection, crd: any): Promise<void> {
  const body = forTestServer(crd);
  const name = body.metadata.name;
  try {
    await kubeRequest(conn, 'POST', CRD_PATH, body);
  } catch (e) {
    if (!(e instanceof KubeRequestError && e.statusCode === 409)) throw e;
    const existing = await kubeRequest(conn, 'GET', `${CRD_PATH}/${name}`);
    body.metadata.resourceVersion = existing.metadata.resourceVersion;
    await kubeRequest(conn, 'PUT', `${CRD_PATH}/${name}`, body);
  }
  await waitForCrd(conn, body);
}

async function waitForCrd(conn: KubeConnection, crd: any): Promise<void> {
  const name = crd.metadata.name;
  const deadline = Date.now() + 30_000;
  const served = (crd.spec.versions ?? []).filter((v: any) => v.served);
  for (;;) {
    const current = await kubeRequest(conn, 'GET', `${CRD_PATH}/${name}`);
    const established = (current.status?.conditions ?? []).some(
      (c: any) => c.type === 'Established' && c.status === 'True',
    );
    let discoverable = established;
    for (const version of established ? served : []) {
      try {
        const list = await kubeRequest(
          conn,
          'GET',
          `/apis/${crd.spec.group}/${version.name}`,
        );
        discoverable &&= list.resources.some(
          (r: any) => r.name === crd.spec.names.plural,
        );
      } catch {
        discoverable = false;
      }
    }
    if (discoverable && (await storageReady(conn, crd, served[0]?.name))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`CRD ${name} was not Established within 30 s`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

// Right after a CRD is established its watch cache initialises, and the
// server answers 429 (storage is (re)initializing) to lists until it is done.
async function storageReady(
  conn: KubeConnection,
  crd: any,
  version: string | undefined,
): Promise<boolean> {
  if (!version) return true;
  try {
    await kubeRequest(
      conn,
      'GET',
      `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`,
    );
    return true;
  } catch (e) {
    if (e instanceof KubeRequestError && e.statusCode === 429) return false;
    throw e;
  }
}

/** Applies every CRD in the given YAML files, in parallel. */
export async function applyCrds(
  conn: KubeConnection,
  files: string[],
): Promise<void> {
  const crds = files
    .flatMap(readYamlDocuments)
    .filter(doc => doc.kind === 'CustomResourceDefinition');
  await Promise.all(crds.map(crd => applyCrd(conn, crd)));
}

// Field names of a CRD outside its schemas. Kratix decodes spec.api with Go's
// case-insensitive JSON matching, so Promises in the wild spell some of them
// differently (e.g. `JSONPath`); the API server itself is strict.
const CRD_FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'labels',
  'annotations',
  'spec',
  'group',
  'names',
  'plural',
  'singular',
  'listKind',
  'shortNames',
  'categories',
  'scope',
  'versions',
  'served',
  'storage',
  'deprecated',
  'deprecationWarning',
  'schema',
  'openAPIV3Schema',
  'subresources',
  'status',
  'scale',
  'additionalPrinterColumns',
  'jsonPath',
  'type',
  'format',
  'description',
  'priority',
  'selectableFields',
  'conversion',
  'strategy',
  'specReplicasPath',
  'statusReplicasPath',
  'labelSelectorPath',
];
const CANONICAL = new Map(CRD_FIELDS.map(f => [f.toLowerCase(), f]));

function canonicalKeys(value: any): any {
  if (Array.isArray(value)) return value.map(canonicalKeys);
  if (!value || typeof value !== 'object') return value;
  const out: any = {};
  for (const [key, child] of Object.entries(value)) {
    const canonical = CANONICAL.get(key.toLowerCase()) ?? key;
    // Schemas hold the Promise author's own field names: leave them alone.
    out[canonical] =
      canonical === 'openAPIV3Schema' ||
      canonical === 'labels' ||
      canonical === 'annotations'
        ? child
        : canonicalKeys(child);
  }
  return out;
}

/**
 * The CRD Kratix creates for a Promise's API: spec.api read leniently, labelled
 * with the Promise's name, a status subresource forced on every version, and
 * a status schema that keeps unknown fields, and Kratix's printer columns where
 * a version declares none.
 * Undefined when the Promise has no API.
 */
export function promiseApiCrd(promise: any): any | undefined {
  if (!promise?.spec?.api) return undefined;
  const crd = canonicalKeys(promise.spec.api);
  crd.apiVersion = 'apiextensions.k8s.io/v1';
  crd.kind = 'CustomResourceDefinition';
  crd.metadata = {
    ...crd.metadata,
    name: String(crd.metadata?.name ?? '').slice(0, 63),
    labels: {
      ...crd.metadata?.labels,
      'kratix.io/promise-name': promise.metadata.name,
    },
  };
  for (const version of crd.spec.versions ?? []) {
    version.subresources = { ...version.subresources, status: {} };
    // Kratix's setStatusFieldsOnCRD: a status that keeps whatever pipelines
    // and controllers write, so the server does not prune it.
    const schema = (version.schema ??= {}).openAPIV3Schema ?? {};
    version.schema.openAPIV3Schema = {
      ...schema,
      type: schema.type ?? 'object',
      properties: {
        ...schema.properties,
        status: {
          ...PRESERVE_UNKNOWN_FIELDS,
          properties: {
            message: { type: 'string' },
            observedGeneration: { type: 'integer', format: 'int64' },
            conditions: {
              type: 'array',
              items: { ...PRESERVE_UNKNOWN_FIELDS },
            },
          },
        },
      },
    };
    if (!version.additionalPrinterColumns?.length) {
      version.additionalPrinterColumns = [
        { name: 'message', type: 'string', jsonPath: '.status.message' },
        {
          name: 'status',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Reconciled")].message',
        },
      ];
    }
  }
  return crd;
}
