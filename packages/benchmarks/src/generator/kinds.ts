/** A kind as the API server serves it. */
export interface KindRef {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** The REST path of a kind's collection (in `namespace` when given), or of one object when `name` is given too. */
export function pathOf(
  kind: Pick<KindRef, 'apiVersion' | 'plural'>,
  namespace?: string,
  name?: string,
): string {
  const base = kind.apiVersion.includes('/')
    ? `/apis/${kind.apiVersion}`
    : `/api/${kind.apiVersion}`;
  const ns = namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${kind.plural}${name ? `/${name}` : ''}`;
}

/** The path of an object (its own namespace and name, its kind's plural). */
export function objectPath(kind: KindRef, object: any): string {
  return pathOf(
    kind,
    kind.namespaced ? object.metadata.namespace : undefined,
    object.metadata.name,
  );
}

/** A copy of a CRD without the status subresource, so objects can be created with their status in one request. */
export function withoutStatusSubresource(crd: any): any {
  const copy = structuredClone(crd);
  for (const version of copy.spec.versions ?? []) {
    if (version.subresources) {
      delete version.subresources.status;
      if (Object.keys(version.subresources).length === 0)
        delete version.subresources;
    }
  }
  return copy;
}
