/** An object schema that keeps whatever it is given, as controllers' status schemas often do. */
export const PRESERVE_UNKNOWN_FIELDS = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
} as const;

/** One version of a {@link customResourceDefinition}. */
export interface CrdVersionOptions {
  name: string;
  /** Default true. */
  served?: boolean;
  /** Default: the first version is the storage version. */
  storage?: boolean;
  /** The version's `openAPIV3Schema`; by default one that keeps any spec and status. */
  schema?: unknown;
  additionalPrinterColumns?: unknown[];
}

/** Options of {@link customResourceDefinition}. */
export interface CustomResourceDefinitionOptions {
  group: string;
  kind: string;
  plural: string;
  /** Default: the kind in lower case. */
  singular?: string;
  namespaced: boolean;
  categories?: string[];
  labels?: Record<string, string>;
  versions: CrdVersionOptions[];
}

/**
 * A CustomResourceDefinition named `<plural>.<group>`, with the status
 * subresource on every version, as controllers that write status need.
 */
export function customResourceDefinition(
  options: CustomResourceDefinitionOptions,
): any {
  const { group, kind, plural, categories, labels } = options;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, ...(labels && { labels }) },
    spec: {
      group,
      scope: options.namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind,
        plural,
        singular: options.singular ?? kind.toLowerCase(),
        listKind: `${kind}List`,
        ...(categories && { categories }),
      },
      versions: options.versions.map((version, index) => ({
        name: version.name,
        served: version.served ?? true,
        storage: version.storage ?? index === 0,
        schema: {
          openAPIV3Schema: version.schema ?? {
            type: 'object',
            properties: {
              spec: { ...PRESERVE_UNKNOWN_FIELDS },
              status: { ...PRESERVE_UNKNOWN_FIELDS },
            },
          },
        },
        subresources: { status: {} },
        ...(version.additionalPrinterColumns && {
          additionalPrinterColumns: version.additionalPrinterColumns,
        }),
      })),
    },
  };
}

/** Options of {@link looseCrd}. */
export interface LooseCrdOptions {
  /** `<group>/<version>` of the kind. */
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  categories?: string[];
  additionalPrinterColumns?: unknown[];
}

/**
 * A one-version CRD that keeps any spec and status, with a status
 * subresource: a stand-in for a kind whose real schema does not matter.
 */
export function looseCrd(options: LooseCrdOptions): any {
  const [group, version] = options.apiVersion.split('/');
  return customResourceDefinition({
    group,
    kind: options.kind,
    plural: options.plural,
    namespaced: options.namespaced,
    categories: options.categories,
    versions: [
      {
        name: version,
        additionalPrinterColumns: options.additionalPrinterColumns,
      },
    ],
  });
}
