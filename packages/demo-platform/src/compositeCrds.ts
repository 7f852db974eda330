const KEEP = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const REF_LIST = { type: 'array', items: KEEP };

// Fields Crossplane adds to every XR's and claim's spec (crossplane/crossplane
// internal/xcrd); typed loosely, the demo only needs them stored.
const V1_COMPOSITE_FIELDS = {
  claimRef: KEEP,
  resourceRefs: REF_LIST,
  compositionRef: KEEP,
  compositionRevisionRef: KEEP,
  compositionSelector: KEEP,
  compositionUpdatePolicy: { type: 'string' },
  writeConnectionSecretToRef: KEEP,
};
const V1_CLAIM_FIELDS = {
  resourceRef: KEEP,
  compositionRef: KEEP,
  compositionRevisionRef: KEEP,
  compositionSelector: KEEP,
  compositionUpdatePolicy: { type: 'string' },
  compositeDeletePolicy: { type: 'string' },
  writeConnectionSecretToRef: KEEP,
};
const V2_COMPOSITE_FIELDS = { crossplane: KEEP };

const CONDITION_COLUMNS = [
  {
    name: 'SYNCED',
    type: 'string',
    jsonPath: ".status.conditions[?(@.type=='Synced')].status",
  },
  {
    name: 'READY',
    type: 'string',
    jsonPath: ".status.conditions[?(@.type=='Ready')].status",
  },
];

function withFields(schema: any, fields: Record<string, unknown>): any {
  const root = structuredClone(schema ?? {});
  root.type = 'object';
  root.properties = { ...root.properties };
  const spec = { ...root.properties.spec, type: 'object' };
  spec.properties = { ...spec.properties, ...fields };
  root.properties.spec = spec;
  root.properties.status = {
    ...root.properties.status,
    ...KEEP,
  };
  return root;
}

function crd(
  group: string,
  names: any,
  scope: 'Namespaced' | 'Cluster',
  categories: string[],
  versions: any[],
  fields: Record<string, unknown>,
  xrdName: string,
): any {
  const storage =
    versions.find(v => v.referenceable)?.name ?? versions[0]?.name;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${names.plural}.${group}`,
      labels: { 'demo.kratix.backstage.io/generated-from-xrd': xrdName },
    },
    spec: {
      group,
      scope,
      names: {
        kind: names.kind,
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        listKind: `${names.kind}List`,
        categories,
      },
      versions: versions.map(v => ({
        name: v.name,
        served: v.served ?? true,
        storage: v.name === storage,
        schema: {
          openAPIV3Schema: withFields(v.schema?.openAPIV3Schema, fields),
        },
        subresources: { status: {} },
        additionalPrinterColumns: CONDITION_COLUMNS,
      })),
    },
  };
}

/** Whether an XRD is Crossplane v2's (`apiextensions.crossplane.io/v2`, `spec.crossplane.*` on its XRs). */
export function isV2Xrd(xrd: any): boolean {
  return String(xrd.apiVersion).endsWith('/v2');
}

/**
 * The CRDs Crossplane generates for an XRD: the composite resource's and,
 * for a v1 XRD with `claimNames`, the claim's.
 */
export function compositeCrds(xrd: any): any[] {
  const { group, names, claimNames, versions } = xrd.spec;
  const v2 = isV2Xrd(xrd);
  const scope =
    v2 && (xrd.spec.scope ?? 'Namespaced') === 'Namespaced'
      ? 'Namespaced'
      : 'Cluster';
  const name = xrd.metadata.name;
  const crds = [
    crd(
      group,
      names,
      scope,
      ['composite'],
      versions,
      v2 ? V2_COMPOSITE_FIELDS : V1_COMPOSITE_FIELDS,
      name,
    ),
  ];
  if (!v2 && claimNames) {
    crds.push(
      crd(
        group,
        claimNames,
        'Namespaced',
        ['claim'],
        versions,
        V1_CLAIM_FIELDS,
        name,
      ),
    );
  }
  return crds;
}

/** A CRD for a managed resource kind: any spec and status, with a status subresource. */
export function managedResourceCrd(kind: {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}): any {
  const [group, version] = kind.apiVersion.split('/');
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.plural}.${group}` },
    spec: {
      group,
      scope: kind.namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind: kind.kind,
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        listKind: `${kind.kind}List`,
        categories: ['crossplane', 'managed'],
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: KEEP, status: KEEP },
            },
          },
          subresources: { status: {} },
          additionalPrinterColumns: CONDITION_COLUMNS,
        },
      ],
    },
  };
}
