import {
  PRESERVE_UNKNOWN_FIELDS as KEEP,
  customResourceDefinition,
  looseCrd,
} from '@kratix-backstage/kube-test-cluster';

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

/** One CRD Crossplane generates for an XRD: the composite's or the claim's. */
function generatedCrd(
  xrd: any,
  crd: {
    names: any;
    namespaced: boolean;
    category: string;
    fields: Record<string, unknown>;
  },
): any {
  const { group, versions } = xrd.spec;
  const storage =
    versions.find((v: any) => v.referenceable)?.name ?? versions[0]?.name;
  return customResourceDefinition({
    group,
    kind: crd.names.kind,
    plural: crd.names.plural,
    singular: crd.names.singular,
    namespaced: crd.namespaced,
    categories: [crd.category],
    labels: {
      'demo.kratix.backstage.io/generated-from-xrd': xrd.metadata.name,
    },
    versions: versions.map((v: any) => ({
      name: v.name,
      served: v.served ?? true,
      storage: v.name === storage,
      schema: withFields(v.schema?.openAPIV3Schema, crd.fields),
      additionalPrinterColumns: CONDITION_COLUMNS,
    })),
  });
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
  const { names, claimNames } = xrd.spec;
  const v2 = isV2Xrd(xrd);
  const crds = [
    generatedCrd(xrd, {
      names,
      namespaced: v2 && (xrd.spec.scope ?? 'Namespaced') === 'Namespaced',
      category: 'composite',
      fields: v2 ? V2_COMPOSITE_FIELDS : V1_COMPOSITE_FIELDS,
    }),
  ];
  if (!v2 && claimNames) {
    crds.push(
      generatedCrd(xrd, {
        names: claimNames,
        namespaced: true,
        category: 'claim',
        fields: V1_CLAIM_FIELDS,
      }),
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
  return looseCrd({
    ...kind,
    categories: ['crossplane', 'managed'],
    additionalPrinterColumns: CONDITION_COLUMNS,
  });
}
