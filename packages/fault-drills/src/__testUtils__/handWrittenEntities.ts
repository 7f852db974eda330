import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { KRATIX_ANNOTATIONS } from '@kratix-backstage/plugin-kratix-common';

const LOCATION = 'url:https://example.com/drills/catalog-info.yaml';

const located = (entity: Entity): Entity => ({
  ...entity,
  metadata: {
    ...entity.metadata,
    annotations: {
      'backstage.io/managed-by-location': LOCATION,
      'backstage.io/managed-by-origin-location': LOCATION,
      ...entity.metadata.annotations,
    },
  },
});

/** Inputs a pass-through Template hands to its action: each one straight from the parameter of the same name. */
const passThrough = (inputs: string[]) =>
  Object.fromEntries(inputs.map(i => [i, `\${{ parameters.${i} }}`]));

/** A Template with one step running `action` on whatever values it is given: no form, no checks of its own. */
function passThroughTemplate(name: string, action: string, inputs: string[]) {
  return located({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name },
    spec: {
      type: 'drill',
      owner: 'group:default/platform',
      steps: [{ id: 'run', name: action, action, input: passThrough(inputs) }],
    },
  });
}

const TARGET = [
  'cluster',
  'promise',
  'apiVersion',
  'kind',
  'name',
  'namespace',
];

/** Pass-through Templates for the three Kratix actions, so a drill can hand each any input through a real task. */
export const DRILL_TEMPLATES = {
  request: 'template:default/drill-request',
  delete: 'template:default/drill-delete',
  manifest: 'template:default/drill-manifest',
} as const;

/**
 * Entities as teams write them by hand, beside what the Kratix provider makes: the pass-through Templates, a
 * Component that is not a Kratix entity, and two with Kratix annotations that point nowhere (an unknown cluster,
 * an object that does not exist).
 */
export const HAND_WRITTEN: Entity[] = [
  passThroughTemplate('drill-request', 'kratix:resource:request', [
    ...TARGET,
    'spec',
    'labels',
    'annotations',
    'owner',
    'ifExists',
  ]),
  passThroughTemplate('drill-delete', 'kratix:resource:delete', [
    ...TARGET,
    'ifMissing',
  ]),
  passThroughTemplate('drill-manifest', 'kratix:resource:manifest', [
    ...TARGET,
    'spec',
    'owner',
    'path',
  ]),
  located({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'plain' },
    spec: {
      type: 'service',
      owner: 'group:default/team-a',
      lifecycle: 'production',
    },
  }),
  located({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'lost-cluster',
      annotations: {
        [KRATIX_ANNOTATIONS.cluster]: 'nowhere',
        [KRATIX_ANNOTATIONS.apiVersion]: 'marketplace.kratix.io/v1alpha1',
        [KRATIX_ANNOTATIONS.kind]: 'redis',
        [KRATIX_ANNOTATIONS.namespace]: 'team-a',
        [KRATIX_ANNOTATIONS.name]: 'redis-0',
      },
    },
    spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
  }),
  located({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'ghost',
      annotations: {
        [KRATIX_ANNOTATIONS.cluster]: 'platform',
        [KRATIX_ANNOTATIONS.apiVersion]: 'marketplace.kratix.io/v1alpha1',
        [KRATIX_ANNOTATIONS.kind]: 'redis',
        [KRATIX_ANNOTATIONS.namespace]: 'team-a',
        [KRATIX_ANNOTATIONS.name]: 'never-requested',
      },
    },
    spec: { type: 'kratix-resource', owner: 'group:default/team-a' },
  }),
];

/** A catalog module whose entity provider `id` adds `entities` (each with the drills' location annotations). */
export function handWrittenModule(id: string, entities: Entity[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: id,
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => id,
            connect: connection =>
              connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  entity: located(entity),
                  locationKey: id,
                })),
              }),
          });
        },
      });
    },
  });
}

/** A catalog module that adds {@link HAND_WRITTEN}. */
export const handWrittenEntities = handWrittenModule(
  'drill-hand-written',
  HAND_WRITTEN,
);
