import {
  Condition,
  KubernetesObject,
  ObjectReference,
  StatusWithConditions,
} from './kubernetes';

/**
 * Kind and plural names, as in an XRD's `spec.names` and `spec.claimNames`.
 *
 * @public
 */
export interface CrossplaneNames {
  kind: string;
  plural: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

/**
 * One version of an XRD.
 *
 * @public
 */
export interface CompositeResourceDefinitionVersion {
  name: string;
  served?: boolean;
  referenceable?: boolean;
  deprecated?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  additionalPrinterColumns?: Array<Record<string, unknown>>;
}

/**
 * Scope of the composite resources an XRD defines; v2 defaults to `Namespaced`.
 *
 * @public
 */
export type CompositeResourceScope = 'Namespaced' | 'Cluster' | 'LegacyCluster';

/**
 * A Crossplane CompositeResourceDefinition (`apiextensions.crossplane.io/v1` or `v2`).
 *
 * @public
 */
export type CompositeResourceDefinition = KubernetesObject<
  {
    group: string;
    names: CrossplaneNames;
    /** v1 and legacy XRDs only. */
    claimNames?: CrossplaneNames;
    /** `Namespaced` (v2 default), `Cluster`, or `LegacyCluster` (v1 default; the scope that offers claims). */
    scope?: CompositeResourceScope;
    versions: CompositeResourceDefinitionVersion[];
    defaultCompositionRef?: { name: string };
    connectionSecretKeys?: string[];
  },
  StatusWithConditions
>;

/**
 * One step of a Composition in `Pipeline` mode.
 *
 * @public
 */
export interface CompositionPipelineStep {
  step: string;
  functionRef: { name: string };
  input?: Record<string, unknown>;
  credentials?: Array<Record<string, unknown>>;
}

/**
 * A Crossplane Composition (`apiextensions.crossplane.io/v1`).
 *
 * @public
 */
export type Composition = KubernetesObject<
  {
    compositeTypeRef: { apiVersion: string; kind: string };
    mode?: 'Pipeline' | 'Resources' | string;
    pipeline?: CompositionPipelineStep[];
    /** Legacy `Resources` mode. */
    resources?: Array<Record<string, unknown>>;
    writeConnectionSecretsToNamespace?: string;
  },
  StatusWithConditions
>;

/**
 * The status Crossplane writes on claims, composite and managed resources.
 *
 * @public
 */
export interface CrossplaneStatus {
  conditions?: Condition[];
  [key: string]: unknown;
}

/**
 * A Crossplane claim (v1 / legacy): namespaced, points at its composite resource through `spec.resourceRef`.
 *
 * @public
 */
export type CrossplaneClaim = KubernetesObject<
  {
    resourceRef?: ObjectReference;
    compositionRef?: { name: string };
    compositionSelector?: { matchLabels?: Record<string, string> };
    writeConnectionSecretToRef?: { name: string; namespace?: string };
    [key: string]: unknown;
  },
  CrossplaneStatus
>;

/**
 * The Crossplane-owned references of a composite resource: at `spec` in v1, at `spec.crossplane` in v2.
 *
 * @public
 */
export interface CompositeResourceRefs {
  claimRef?: ObjectReference;
  resourceRefs?: ObjectReference[];
  compositionRef?: { name: string };
  compositionRevisionRef?: { name: string };
  compositionSelector?: { matchLabels?: Record<string, string> };
  compositionUpdatePolicy?: string;
}

/**
 * A Crossplane composite resource (XR), v1 (refs at `spec`) or v2 (refs at `spec.crossplane`).
 *
 * @public
 */
export type CompositeResource = KubernetesObject<
  CompositeResourceRefs & {
    crossplane?: CompositeResourceRefs;
    [key: string]: unknown;
  },
  CrossplaneStatus
>;

/**
 * A Crossplane managed resource: conditions `Synced` and `Ready`, and what the provider saw in `status.atProvider`.
 *
 * @public
 */
export type ManagedResource = KubernetesObject<
  {
    forProvider?: Record<string, unknown>;
    providerConfigRef?: { name: string };
    deletionPolicy?: 'Delete' | 'Orphan';
    managementPolicies?: string[];
    [key: string]: unknown;
  },
  CrossplaneStatus & { atProvider?: Record<string, unknown> }
>;
