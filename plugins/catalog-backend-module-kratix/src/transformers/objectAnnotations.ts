import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import {
  KRATIX_ANNOTATIONS,
  KubernetesObject,
} from '@kratix-backstage/plugin-kratix-common';

/** Location annotation value of an object: `kratix:<cluster>/<apiVersion>/<kind>/[<namespace>/]<name>`. */
export function objectLocation(cluster: string, object: KubernetesObject) {
  const { namespace, name } = object.metadata;
  return `kratix:${cluster}/${object.apiVersion}/${object.kind}/${
    namespace ? `${namespace}/` : ''
  }${name}`;
}

/** The annotations every ingested entity carries: the object's original coordinates and its location. */
export function objectAnnotations(
  cluster: string,
  object: KubernetesObject,
): Record<string, string> {
  const location = objectLocation(cluster, object);
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [KRATIX_ANNOTATIONS.cluster]: cluster,
    [KRATIX_ANNOTATIONS.apiVersion]: object.apiVersion,
    [KRATIX_ANNOTATIONS.kind]: object.kind,
    ...(object.metadata.namespace && {
      [KRATIX_ANNOTATIONS.namespace]: object.metadata.namespace,
    }),
    [KRATIX_ANNOTATIONS.name]: object.metadata.name!,
  };
}

/** Drops undefined and empty values, so annotations hold strings only. */
export function definedStrings(
  values: Record<string, string | undefined>,
): Record<string, string> {
  // A plain loop: this runs for every entity on every recompute.
  const out: Record<string, string> = {};
  for (const key in values) {
    if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
    const value = values[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

/** Why an object cannot be ingested, or undefined when its metadata is usable. */
export function invalidObjectReason(object: unknown): string | undefined {
  const o = object as Partial<KubernetesObject> | undefined;
  if (!o || typeof o !== 'object') return 'it is not an object';
  if (typeof o.apiVersion !== 'string' || !o.apiVersion)
    return 'apiVersion is missing';
  if (typeof o.kind !== 'string' || !o.kind) return 'kind is missing';
  if (!o.metadata || typeof o.metadata !== 'object')
    return 'metadata is missing';
  if (typeof o.metadata.name !== 'string' || !o.metadata.name)
    return 'metadata.name is missing';
  if (
    o.metadata.namespace !== undefined &&
    typeof o.metadata.namespace !== 'string'
  )
    return 'metadata.namespace is not a string';
  if (
    o.metadata.labels !== undefined &&
    (typeof o.metadata.labels !== 'object' || o.metadata.labels === null)
  )
    return 'metadata.labels is not a map';
  if (
    o.metadata.annotations !== undefined &&
    (typeof o.metadata.annotations !== 'object' ||
      o.metadata.annotations === null)
  )
    return 'metadata.annotations is not a map';
  if (o.spec !== undefined && o.spec !== null && typeof o.spec !== 'object')
    return 'spec is not an object';
  if (
    o.status !== undefined &&
    o.status !== null &&
    typeof o.status !== 'object'
  )
    return 'status is not an object';
  return undefined;
}

/** `<kind> '<namespace>/<name>' on cluster '<cluster>'`, for log lines. */
export function describeObject(cluster: string, object: unknown): string {
  const o = object as Partial<KubernetesObject> | undefined;
  const ns = o?.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o?.kind ?? 'object'} '${ns}${
    o?.metadata?.name ?? '(unnamed)'
  }' on cluster '${cluster}'`;
}
