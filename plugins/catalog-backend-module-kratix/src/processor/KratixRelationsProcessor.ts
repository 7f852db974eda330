import {
  Entity,
  getCompoundEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  KRATIX_ANNOTATIONS,
  parseResourceRequestRef,
  promiseEntityName,
  resourceRequestEntityName,
} from '@kratix-backstage/plugin-kratix-common';

/**
 * Where the entities of one platform cluster are in the catalog (from its `catalog.providers.kratix.<id>` block).
 *
 * @public
 */
export interface KratixRelationsProcessorTarget {
  /** Catalog namespace of the cluster's Kratix entities. */
  entityNamespace: string;
  /** Kind of its resource request entities: `Resource` unless configured otherwise. */
  requestEntityKind: 'Resource' | 'Component';
}

/**
 * Options of {@link KratixRelationsProcessor}.
 *
 * @public
 */
export interface KratixRelationsProcessorOptions
  extends KratixRelationsProcessorTarget {
  /** Cluster assumed when a reference names none (the first provider's platform cluster). */
  defaultCluster: string;
  /**
   * Where each platform cluster's entities are, by cluster name; a cluster not listed uses `entityNamespace` and
   * `requestEntityKind` (the first provider's).
   */
  targets?: Record<string, KratixRelationsProcessorTarget>;
  /** The names under `kratix.clusters`; when given, a reference to any other cluster is reported. */
  clusterNames?: string[];
  /**
   * The groups offering a kind on a cluster, for references that do not qualify it (`kind.group`); `undefined` when
   * the cluster's Promises cannot be read right now.
   */
  groupsOfKind(cluster: string, kind: string): Promise<string[] | undefined>;
}

/**
 * Links hand-written entities to what they use: `kratix.backstage.io/resource-request: [cluster/]namespace/kind/name`
 * and `kratix.backstage.io/promise-ref: [cluster/]name` add `dependsOn` (and the reverse `dependencyOf`) relations.
 *
 * @public
 */
export class KratixRelationsProcessor implements CatalogProcessor {
  readonly #options: KratixRelationsProcessorOptions;

  constructor(options: KratixRelationsProcessorOptions) {
    this.#options = options;
  }

  getProcessorName(): string {
    return 'KratixRelationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const source = getCompoundEntityRef(entity);
    const link = (target: {
      kind: string;
      namespace: string;
      name: string;
    }) => {
      emit(
        processingResult.relation({
          source,
          type: RELATION_DEPENDS_ON,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: RELATION_DEPENDENCY_OF,
          target: source,
        }),
      );
    };

    for (const ref of split(annotations[KRATIX_ANNOTATIONS.resourceRequest])) {
      let parsed;
      try {
        parsed = parseResourceRequestRef(ref);
      } catch (error) {
        emit(
          processingResult.inputError(
            location,
            `${KRATIX_ANNOTATIONS.resourceRequest}: ${
              (error as Error).message
            }`,
          ),
        );
        continue;
      }
      const cluster = parsed.cluster ?? this.#options.defaultCluster;
      if (
        !this.#checkCluster(
          cluster,
          KRATIX_ANNOTATIONS.resourceRequest,
          ref,
          location,
          emit,
        )
      )
        continue;
      const groups = parsed.group
        ? [parsed.group]
        : await this.#options.groupsOfKind(cluster, parsed.kind);
      // The cluster's Promises cannot be read now (logged by the index): the relation follows on a later pass.
      if (!groups) continue;
      if (groups.length !== 1) {
        emit(
          processingResult.inputError(
            location,
            `${KRATIX_ANNOTATIONS.resourceRequest} '${ref}': ${
              groups.length === 0
                ? `no Promise on cluster '${cluster}' offers kind '${parsed.kind}'`
                : `kind '${
                    parsed.kind
                  }' is offered in several groups (${groups.join(', ')})`
            }; qualify it as kind.group, e.g. ${parsed.namespace}/${
              parsed.kind
            }.${groups[0] ?? 'example.com'}/${parsed.name}`,
          ),
        );
        continue;
      }
      const group = groups[0];
      const target = this.#target(cluster);
      link({
        kind: target.requestEntityKind,
        namespace: target.entityNamespace,
        name: resourceRequestEntityName({
          cluster,
          namespace: parsed.namespace,
          name: parsed.name,
          kind: parsed.kind,
          group,
        }),
      });
    }

    for (const ref of split(annotations[KRATIX_ANNOTATIONS.promiseRef])) {
      const parts = ref.split('/');
      if (parts.length > 2 || parts.some(p => !p)) {
        emit(
          processingResult.inputError(
            location,
            `${KRATIX_ANNOTATIONS.promiseRef} '${ref}' is not a Promise reference; use [cluster/]name, e.g. kafka or platform/kafka`,
          ),
        );
        continue;
      }
      const [cluster, name] =
        parts.length === 2 ? parts : [this.#options.defaultCluster, parts[0]];
      if (
        !this.#checkCluster(
          cluster,
          KRATIX_ANNOTATIONS.promiseRef,
          ref,
          location,
          emit,
        )
      )
        continue;
      link({
        kind: 'Component',
        namespace: this.#target(cluster).entityNamespace,
        name: promiseEntityName({ cluster, name }),
      });
    }
    return entity;
  }

  /** The catalog side of a cluster: its provider block's, else the first provider's. */
  #target(cluster: string): KratixRelationsProcessorTarget {
    return this.#options.targets?.[cluster] ?? this.#options;
  }

  #checkCluster(
    cluster: string,
    annotation: string,
    ref: string,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): boolean {
    const known = this.#options.clusterNames;
    if (!known || known.includes(cluster)) return true;
    emit(
      processingResult.inputError(
        location,
        `${annotation} '${ref}' names cluster '${cluster}', which is not configured under kratix.clusters (${
          known.length ? known.join(', ') : 'none is'
        }); use one of those, or leave the cluster out for '${
          this.#options.defaultCluster
        }'`,
      ),
    );
    return false;
  }
}

/** Several references may be given, separated by commas or whitespace. */
function split(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
