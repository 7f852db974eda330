import type { Entity } from '@backstage/catalog-model';
import type { KratixPromise } from '@kratix-backstage/plugin-kratix-common';

/** What the transformers need besides the object: where it lives and how the catalog side is set up. */
export interface TransformContext {
  /** Name (under `kratix.clusters`) of the cluster the object was read from. */
  cluster: string;
  /** Catalog namespace of the entities. */
  entityNamespace: string;
  /** Owner when nothing more specific names one. */
  defaultOwner: string;
}

/**
 * The Promise → Software Template conversion, injected so tests can replace it.
 *
 * @public
 */
export type PromiseToTemplate = (
  promise: KratixPromise,
  options: {
    cluster: string;
    entityNamespace: string;
    owner: string;
    promiseEntityRef: string;
  },
) => Entity | undefined;
