import {
  compositeCrds,
  condition,
  managedResourceCrd,
  toPipelineComposition,
} from '@kratix-backstage/demo-platform';
import { loadFixture } from '@kratix-backstage/kube-test-cluster';
import { KindRef } from './kinds';

const CLAIM_ONLY = ['resourceRef', 'compositeDeletePolicy'];

const CROSSPLANE = {
  claimName: 'crossplane.io/claim-name',
  claimNamespace: 'crossplane.io/claim-namespace',
  composite: 'crossplane.io/composite',
  resourceName: 'crossplane.io/composition-resource-name',
  externalName: 'crossplane.io/external-name',
};

/**
 * One Crossplane composition path the benchmark's requests go through: a claim the Promise's pipeline writes, the
 * composite (XR) Crossplane makes of it, and the managed resource the Composition composes.
 */
export interface CrossplaneChain {
  xrd: any;
  composition: any;
  claim: KindRef;
  xr: KindRef;
  managed: KindRef;
  /** `crossplane.io/composition-resource-name` of the managed resource. */
  resourceName: string;
  /** The claim's spec as the pipeline writes it. */
  claimSpec(seed: number): any;
  managedSpec(claimSpec: any, name: string): any;
  atProvider(claimSpec: any, name: string): any;
  compositeStatus(claimSpec: any, managedName: string): any;
  /** Namespace of the claim, given the request's. */
  claimNamespace(requestNamespace: string): string;
}

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];

/**
 * The two chains, from the fixtures: kratix-cli's ObjectStorage claim (XObjectStorage, composing an S3 Bucket) and
 * Crossplane's own legacy NopResource claim (XNopResource, composing a NopResource).
 */
export function crossplaneChains(): CrossplaneChain[] {
  const [s3Xrd] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-xrd.yaml',
  );
  const [s3Composition] = loadFixture(
    'kratix/kratix-cli__test-assets-crossplane-composition.yaml',
  );
  const [nopXrd] = loadFixture('crossplane/e2e/legacy-setup-definition.yaml');
  const [nopComposition] = loadFixture(
    'crossplane/e2e/legacy-setup-composition.yaml',
  );
  const [nopClaim] = loadFixture('crossplane/e2e/legacy-claim.yaml');
  return [
    {
      xrd: s3Xrd,
      composition: toPipelineComposition(s3Composition),
      claim: kindOf(s3Xrd, 'claim'),
      xr: kindOf(s3Xrd, 'xr'),
      managed: {
        apiVersion: 's3.aws.crossplane.io/v1beta1',
        kind: 'Bucket',
        plural: 'buckets',
        namespaced: false,
      },
      resourceName: 's3-bucket',
      // kratix-cli's from-api-to-crossplane-claim stage writes the claim into `default`.
      claimNamespace: () => 'default',
      claimSpec: seed => ({
        resourceConfig: {
          providerConfigName: 'default',
          region: REGIONS[seed % REGIONS.length],
          deletionPolicy: 'Delete',
          name: `kratix-bench-${seed}`,
          tags: [
            { key: 'team', value: `team-${seed % 20}` },
            { key: 'managed-by', value: 'kratix' },
          ],
        },
      }),
      managedSpec: (claim, name) => ({
        deletionPolicy: claim.resourceConfig.deletionPolicy,
        providerConfigRef: { name: claim.resourceConfig.providerConfigName },
        writeConnectionSecretToRef: {
          namespace: 'crossplane-system',
          name: `${name}-bucket`,
        },
        forProvider: {
          objectOwnership: 'BucketOwnerEnforced',
          publicAccessBlockConfiguration: {
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          },
          serverSideEncryptionConfiguration: {
            rules: [
              {
                applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' },
              },
            ],
          },
          region: claim.resourceConfig.region,
          locationConstraint: claim.resourceConfig.region,
          tagging: { tagSet: claim.resourceConfig.tags },
        },
      }),
      atProvider: (claim, name) => ({
        arn: `arn:aws:s3:::${claim.resourceConfig.name ?? name}`,
      }),
      compositeStatus: claim => ({
        bucketName: claim.resourceConfig.name,
        bucketArn: `arn:aws:s3:::${claim.resourceConfig.name}`,
      }),
    },
    {
      xrd: nopXrd,
      composition: nopComposition,
      claim: kindOf(nopXrd, 'claim'),
      xr: kindOf(nopXrd, 'xr'),
      managed: {
        apiVersion: 'nop.crossplane.io/v1alpha1',
        kind: 'NopResource',
        plural: 'nopresources',
        namespaced: false,
      },
      resourceName: 'nop-resource-1',
      // Pipelines like Giant Swarm's write the claim into the request's namespace.
      claimNamespace: requestNamespace => requestNamespace,
      claimSpec: seed => ({
        coolField: nopClaim.spec.coolField,
        compositeDeletePolicy: nopClaim.spec.compositeDeletePolicy,
        writeConnectionSecretToRef: { name: `nop-secret-${seed}` },
      }),
      managedSpec: () => ({
        forProvider: {
          conditionAfter: [
            { conditionType: 'Ready', conditionStatus: 'False', time: '0s' },
            { conditionType: 'Ready', conditionStatus: 'True', time: '1s' },
          ],
          connectionDetails: [{ name: 'super', value: 'secret' }],
        },
      }),
      atProvider: () => ({}),
      compositeStatus: () => ({ coolerField: "I'M COOLER!" }),
    },
  ];
}

function kindOf(xrd: any, role: 'claim' | 'xr'): KindRef {
  const version =
    xrd.spec.versions.find((v: any) => v.referenceable) ?? xrd.spec.versions[0];
  const names = role === 'claim' ? xrd.spec.claimNames : xrd.spec.names;
  return {
    apiVersion: `${xrd.spec.group}/${version.name}`,
    kind: names.kind,
    plural: names.plural,
    namespaced: role === 'claim',
  };
}

/** The CRDs Crossplane (claim and composite) and the provider (managed resource) install for a chain. */
export function chainCrds(chain: CrossplaneChain): any[] {
  return [...compositeCrds(chain.xrd), managedResourceCrd(chain.managed)];
}

/** The status Crossplane writes on an XRD it serves. */
export function xrdStatus(chain: CrossplaneChain, at: string): any {
  return {
    conditions: [
      condition('Established', 'True', 'WatchingCompositeResource', '', at),
      condition('Offered', 'True', 'WatchingCompositeResourceClaim', '', at),
    ],
    controllers: {
      compositeResourceType: {
        apiVersion: chain.xr.apiVersion,
        kind: chain.xr.kind,
      },
      compositeResourceClaimType: {
        apiVersion: chain.claim.apiVersion,
        kind: chain.claim.kind,
      },
    },
  };
}

const synced = (at: string) =>
  condition('Synced', 'True', 'ReconcileSuccess', '', at);
const ready = (at: string, isReady: boolean) =>
  isReady
    ? condition('Ready', 'True', 'Available', '', at)
    : condition(
        'Ready',
        'False',
        'Creating',
        'Creating the external resource',
        at,
      );

/** What a request's claim turns into on its worker: the claim as stored, its composite and its managed resource. */
export interface CrossplaneTree {
  claim: any;
  xr: any;
  managed: any;
}

/**
 * The claim a pipeline wrote (`written`), as Crossplane leaves it once composed: claim (with `resourceRef` and
 * status), composite (cluster-scoped v1 XR) and managed resource, all `Synced`, `Ready` unless `isReady` is false.
 */
export function crossplaneTree(
  chain: CrossplaneChain,
  written: any,
  suffix: string,
  at: string,
  isReady: boolean,
): CrossplaneTree {
  const claimName = written.metadata.name;
  const claimNamespace = written.metadata.namespace;
  const xrName = `${claimName}-${suffix}`;
  const managedName = `${xrName}-${suffix.slice(0, 4)}b`;
  const compositionRef = { name: chain.composition.metadata.name };
  const compositionRevisionRef = {
    name: `${chain.composition.metadata.name}-${suffix}9c1`,
  };
  const claimLabels = {
    [CROSSPLANE.claimName]: claimName,
    [CROSSPLANE.claimNamespace]: claimNamespace,
  };
  const xrSpec = { ...written.spec };
  for (const field of CLAIM_ONLY) delete xrSpec[field];
  const conditions = [synced(at), ready(at, isReady)];
  const claim = {
    ...written,
    metadata: {
      ...written.metadata,
      finalizers: ['finalizer.apiextensions.crossplane.io'],
    },
    spec: {
      ...written.spec,
      compositionRef,
      compositionRevisionRef,
      compositionUpdatePolicy: 'Automatic',
      resourceRef: {
        apiVersion: chain.xr.apiVersion,
        kind: chain.xr.kind,
        name: xrName,
      },
    },
    status: {
      conditions,
      connectionDetails: { lastPublishedTime: at },
    },
  };
  const xr = {
    apiVersion: chain.xr.apiVersion,
    kind: chain.xr.kind,
    metadata: {
      name: xrName,
      labels: { ...claimLabels, [CROSSPLANE.composite]: xrName },
      finalizers: ['composite.apiextensions.crossplane.io'],
    },
    spec: {
      ...xrSpec,
      claimRef: {
        apiVersion: chain.claim.apiVersion,
        kind: chain.claim.kind,
        name: claimName,
        namespace: claimNamespace,
      },
      compositionRef,
      compositionRevisionRef,
      compositionUpdatePolicy: 'Automatic',
      resourceRefs: [
        {
          apiVersion: chain.managed.apiVersion,
          kind: chain.managed.kind,
          name: managedName,
        },
      ],
      writeConnectionSecretToRef: {
        namespace: 'crossplane-system',
        name: `${xrName}-connection`,
      },
    },
    status: {
      conditions,
      connectionDetails: { lastPublishedTime: at },
      ...(isReady ? chain.compositeStatus(written.spec, managedName) : {}),
    },
  };
  const managed = {
    apiVersion: chain.managed.apiVersion,
    kind: chain.managed.kind,
    metadata: {
      name: managedName,
      labels: { ...claimLabels, [CROSSPLANE.composite]: xrName },
      annotations: {
        [CROSSPLANE.resourceName]: chain.resourceName,
        [CROSSPLANE.externalName]: managedName,
      },
      ownerReferences: [
        {
          apiVersion: chain.xr.apiVersion,
          kind: chain.xr.kind,
          name: xrName,
          uid: `00000000-0000-4000-8000-${suffix.padStart(12, '0').slice(-12)}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      finalizers: ['finalizer.managedresource.crossplane.io'],
    },
    spec: chain.managedSpec(written.spec, managedName),
    status: {
      atProvider: isReady ? chain.atProvider(written.spec, managedName) : {},
      conditions,
    },
  };
  return { claim, xr, managed };
}
