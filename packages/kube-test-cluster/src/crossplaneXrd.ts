/** The kinds of a legacy Crossplane XRD that offers a claim. */
export interface ClaimXrdOptions {
  group: string;
  /** The composite kind and its plural (`spec.names`). */
  kind: string;
  plural: string;
  /** The claim kind and its plural (`spec.claimNames`). */
  claimKind: string;
  claimPlural: string;
  /** Default `v1alpha1`. */
  version?: string;
}

/**
 * A minimal `apiextensions.crossplane.io/v1` CompositeResourceDefinition whose composite offers a claim, as a
 * platform team writes one (upstream crossplane/crossplane `apis/apiextensions/v1/xrd_types.go`).
 */
export function claimXrd(options: ClaimXrdOptions) {
  return {
    apiVersion: 'apiextensions.crossplane.io/v1',
    kind: 'CompositeResourceDefinition',
    metadata: { name: `${options.plural}.${options.group}` },
    spec: {
      group: options.group,
      names: { kind: options.kind, plural: options.plural },
      claimNames: { kind: options.claimKind, plural: options.claimPlural },
      versions: [
        {
          name: options.version ?? 'v1alpha1',
          served: true,
          referenceable: true,
        },
      ],
    },
  };
}
