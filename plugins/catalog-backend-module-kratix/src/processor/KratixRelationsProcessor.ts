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

/** Options of {@link KratixRelationsProcessor}. */
export interface KratixRelationsProcessorOptions {
  /** Cluster assumed when a reference names none (the default cluster under `kratix.clusters`). */
  defaultCluster: string;
  /** Catalog namespace of the Kratix entities. */
  entityNamespace: string;
  /** Kind of resource request entities: `Resource` unless configured otherwise. */
  requestEntityKind: 'Resource' | 'Component';
  /** The groups offering a kind on a cluster, for references that do not qualify it (`kind.group`). */
  groupsOfKind(cluster: string, kind: string): Promise<string[]>;
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
      const groups = parsed.group
        ? [parsed.group]
        : await this.#options.groupsOfKind(cluster, parsed.kind);
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
      link({
        kind: this.#options.requestEntityKind,
        namespace: this.#options.entityNamespace,
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
      link({
        kind: 'Component',
        namespace: this.#options.entityNamespace,
        name: promiseEntityName({ cluster, name }),
      });
    }
    return entity;
  }
}

/** Several references may be given, separated by commas or whitespace. */
function split(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}
