import { loadFixture } from '@kratix-backstage/kube-test-cluster';

/** A managed resource kind the demo serves on worker clusters. */
export interface ManagedKind {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** One resource a Composition composes. */
export interface ComposedTemplate {
  /** Value of `crossplane.io/composition-resource-name`. */
  resourceName: string;
  apiVersion: string;
  kind: string;
  /** The composed resource's spec, from its composite's spec. */
  spec(compositeSpec: any, name: string): any;
  /** `status.atProvider` once the provider has created it (managed resources only). */
  atProvider?(compositeSpec: any, name: string): Record<string, unknown>;
}

/** What the demo knows of a Composition: which composite it is for and what it composes. */
export interface CompositionPlan {
  name: string;
  compositeApiVersion: string;
  compositeKind: string;
  composed: ComposedTemplate[];
  /** Status fields the Composition writes back to the composite once ready. */
  compositeStatus?(
    compositeSpec: any,
    composedNames: string[],
  ): Record<string, unknown>;
}

/** A composite resource type, from an XRD. */
export interface CompositeType {
  apiVersion: string;
  kind: string;
  /** Crossplane v2 (`spec.crossplane.*`), else v1 (`spec.claimRef`, `spec.resourceRefs`). */
  v2: boolean;
  namespaced: boolean;
  claim?: { apiVersion: string; kind: string };
  defaultComposition: string;
}

const GS_GROUP = 'xdatabase.crossplane.giantswarm.io';

/**
 * Giant Swarm's XRD for `LogicalDatabaseClaim` is not public; this stand-in
 * serves the claim their app-deployment pipeline writes (any spec accepted).
 */
const LOGICAL_DATABASE_XRD = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: {
    name: `xlogicaldatabases.${GS_GROUP}`,
    annotations: {
      'demo.kratix.backstage.io/note':
        'Stand-in written by the demo platform; the upstream XRD is not public.',
    },
  },
  spec: {
    group: GS_GROUP,
    names: { kind: 'XLogicalDatabase', plural: 'xlogicaldatabases' },
    claimNames: {
      kind: 'LogicalDatabaseClaim',
      plural: 'logicaldatabaseclaims',
    },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
              status: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        },
      },
    ],
  },
};

const LOGICAL_DATABASE_COMPOSITION = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: {
    name: 'logical-database',
    annotations: {
      'demo.kratix.backstage.io/note':
        'Stand-in written by the demo platform; the upstream Composition is not public.',
    },
  },
  spec: {
    compositeTypeRef: {
      apiVersion: `${GS_GROUP}/v1alpha1`,
      kind: 'XLogicalDatabase',
    },
    mode: 'Pipeline',
    pipeline: [
      { step: 'render', functionRef: { name: 'function-go-templating' } },
    ],
  },
};

/** XRDs the demo installs on every worker: three from the fixtures, one stand-in. */
export function demoXrds(): any[] {
  return [
    ...loadFixture('kratix/kratix-cli__test-assets-crossplane-xrd.yaml'),
    ...loadFixture('crossplane/e2e/legacy-setup-definition.yaml'),
    ...loadFixture('crossplane/e2e/basic-namespaced-setup-definition.yaml'),
    LOGICAL_DATABASE_XRD,
  ];
}

/**
 * A Composition in the pre-v2 `Resources` mode (which Crossplane v2 no longer
 * accepts) as `crossplane beta convert pipeline-composition` rewrites it: one
 * function-patch-and-transform step holding the same resources and patch sets.
 */
export function toPipelineComposition(composition: any): any {
  const { resources, patchSets, environment, ...spec } = composition.spec;
  if (!resources) return composition;
  return {
    ...composition,
    spec: {
      ...spec,
      mode: 'Pipeline',
      pipeline: [
        {
          step: 'patch-and-transform',
          functionRef: { name: 'function-patch-and-transform' },
          input: {
            apiVersion: 'pt.fn.crossplane.io/v1beta1',
            kind: 'Resources',
            ...(patchSets ? { patchSets } : {}),
            ...(environment ? { environment } : {}),
            resources,
          },
        },
      ],
    },
  };
}

/** Compositions the demo installs on every worker. */
export function demoCompositions(): any[] {
  return [
    ...loadFixture(
      'kratix/kratix-cli__test-assets-crossplane-composition.yaml',
    ).map(toPipelineComposition),
    ...loadFixture('crossplane/e2e/legacy-setup-composition.yaml'),
    ...loadFixture('crossplane/e2e/legacy-setup-composition-nested.yaml'),
    ...loadFixture('crossplane/e2e/basic-namespaced-setup-composition.yaml'),
    LOGICAL_DATABASE_COMPOSITION,
  ];
}

/**
 * Managed resource kinds composed by {@link demoCompositions}. The v2
 * Composition composes a core ConfigMap, which the CRD-only test server cannot
 * serve; a namespaced `NopResource` stands in for it.
 */
export const MANAGED_KINDS: ManagedKind[] = [
  {
    apiVersion: 's3.aws.crossplane.io/v1beta1',
    kind: 'Bucket',
    plural: 'buckets',
    namespaced: false,
  },
  {
    apiVersion: 'nop.crossplane.io/v1alpha1',
    kind: 'NopResource',
    plural: 'nopresources',
    namespaced: false,
  },
  {
    apiVersion: 'nop.m.crossplane.io/v1alpha1',
    kind: 'NopResource',
    plural: 'nopresources',
    namespaced: true,
  },
  {
    apiVersion: 'postgresql.sql.crossplane.io/v1alpha1',
    kind: 'Database',
    plural: 'databases',
    namespaced: false,
  },
];

/** Composite types of {@link demoXrds}. */
export const COMPOSITE_TYPES: CompositeType[] = [
  {
    apiVersion: 'awsblueprints.io/v1alpha1',
    kind: 'XObjectStorage',
    v2: false,
    namespaced: false,
    claim: { apiVersion: 'awsblueprints.io/v1alpha1', kind: 'ObjectStorage' },
    defaultComposition: 's3bucket.awsblueprints.io',
  },
  {
    apiVersion: 'nop.example.org/v1alpha1',
    kind: 'XNopResource',
    v2: false,
    namespaced: false,
    claim: { apiVersion: 'nop.example.org/v1alpha1', kind: 'NopResource' },
    defaultComposition: 'parent',
  },
  {
    apiVersion: 'example.org/v1alpha1',
    kind: 'Test',
    v2: true,
    namespaced: true,
    defaultComposition: 'basic-composition-namespaced',
  },
  {
    apiVersion: `${GS_GROUP}/v1alpha1`,
    kind: 'XLogicalDatabase',
    v2: false,
    namespaced: false,
    claim: { apiVersion: `${GS_GROUP}/v1alpha1`, kind: 'LogicalDatabaseClaim' },
    defaultComposition: 'logical-database',
  },
];

/** What each Composition composes, following the fixtures' bases and patches. */
export const COMPOSITION_PLANS: CompositionPlan[] = [
  {
    name: 's3bucket.awsblueprints.io',
    compositeApiVersion: 'awsblueprints.io/v1alpha1',
    compositeKind: 'XObjectStorage',
    composed: [
      {
        resourceName: 's3-bucket',
        apiVersion: 's3.aws.crossplane.io/v1beta1',
        kind: 'Bucket',
        spec: xr => ({
          deletionPolicy: xr.resourceConfig?.deletionPolicy ?? 'Delete',
          providerConfigRef: { name: xr.resourceConfig?.providerConfigName },
          forProvider: {
            objectOwnership: 'BucketOwnerEnforced',
            publicAccessBlockConfiguration: {
              blockPublicPolicy: true,
              restrictPublicBuckets: true,
            },
            serverSideEncryptionConfiguration: {
              rules: [
                {
                  applyServerSideEncryptionByDefault: {
                    sseAlgorithm: 'AES256',
                  },
                },
              ],
            },
            region: xr.resourceConfig?.region,
            locationConstraint: xr.resourceConfig?.region,
            tagging: { tagSet: xr.resourceConfig?.tags ?? [] },
          },
        }),
        atProvider: (xr, name) => ({
          arn: `arn:aws:s3:::${xr.resourceConfig?.name ?? name}`,
          region: xr.resourceConfig?.region,
        }),
      },
    ],
    compositeStatus: (xr, [bucket]) => ({
      bucketName: xr.resourceConfig?.name ?? bucket,
      bucketArn: `arn:aws:s3:::${xr.resourceConfig?.name ?? bucket}`,
    }),
  },
  {
    name: 'parent',
    compositeApiVersion: 'nop.example.org/v1alpha1',
    compositeKind: 'XNopResource',
    composed: [
      {
        resourceName: 'nested-xr',
        apiVersion: 'nop.example.org/v1alpha1',
        kind: 'XNopResource',
        spec: () => ({
          compositionRef: { name: 'child' },
          coolField: "I'm cool!",
        }),
      },
    ],
    compositeStatus: () => ({ coolerField: "I'M COOLER!" }),
  },
  {
    name: 'child',
    compositeApiVersion: 'nop.example.org/v1alpha1',
    compositeKind: 'XNopResource',
    composed: [
      {
        resourceName: 'nop-resource-1',
        apiVersion: 'nop.crossplane.io/v1alpha1',
        kind: 'NopResource',
        spec: () => ({
          forProvider: {
            conditionAfter: [
              { conditionType: 'Ready', conditionStatus: 'False', time: '0s' },
              { conditionType: 'Ready', conditionStatus: 'True', time: '1s' },
            ],
          },
        }),
        atProvider: () => ({}),
      },
    ],
    compositeStatus: () => ({ coolerField: "I'M COOLER!" }),
  },
  {
    name: 'basic-composition-namespaced',
    compositeApiVersion: 'example.org/v1alpha1',
    compositeKind: 'Test',
    composed: [
      {
        resourceName: 'configmap',
        apiVersion: 'nop.m.crossplane.io/v1alpha1',
        kind: 'NopResource',
        spec: () => ({ forProvider: { fields: { coolData: "I'm cool!" } } }),
        atProvider: () => ({}),
      },
    ],
    compositeStatus: () => ({ coolerField: "I'M COOLER!" }),
  },
  {
    name: 'logical-database',
    compositeApiVersion: `${GS_GROUP}/v1alpha1`,
    compositeKind: 'XLogicalDatabase',
    composed: [
      {
        resourceName: 'database',
        apiVersion: 'postgresql.sql.crossplane.io/v1alpha1',
        kind: 'Database',
        spec: xr => ({
          providerConfigRef: xr.providerConfigRef,
          deletionPolicy: xr.deletionPolicy ?? 'Delete',
          forProvider: {},
        }),
        atProvider: () => ({}),
      },
    ],
  },
];

/** The composite type a claim or XR kind belongs to, and whether the object is its claim. */
export function crossplaneTypeOf(
  apiVersion: string,
  kind: string,
): { type: CompositeType; isClaim: boolean } | undefined {
  for (const type of COMPOSITE_TYPES) {
    if (type.apiVersion === apiVersion && type.kind === kind) {
      return { type, isClaim: false };
    }
    if (type.claim?.apiVersion === apiVersion && type.claim.kind === kind) {
      return { type, isClaim: true };
    }
  }
  return undefined;
}

/** The plan of a Composition by name. */
export function compositionPlan(name: string): CompositionPlan | undefined {
  return COMPOSITION_PLANS.find(p => p.name === name);
}
