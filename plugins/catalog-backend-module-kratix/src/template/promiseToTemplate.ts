import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  KRATIX_ANNOTATIONS,
  KRATIX_ENTITY_TYPES,
  KRATIX_LABELS,
  KratixPromise,
  NAMESPACE_NAME_MAX_LENGTH,
  NAMESPACE_NAME_PATTERN,
  NAMESPACE_NAME_RULE,
  RESOURCE_REQUEST_NAME_MAX_LENGTH,
  RESOURCE_REQUEST_NAME_PATTERN,
  RESOURCE_REQUEST_NAME_RULE,
  getPromiseApi,
  getSpecSchema,
  promiseEntityName,
} from '@kratix-backstage/plugin-kratix-common';
import { humanizeName } from './humanizeName';
import { openApiToFormSchema } from './openApiToFormSchema';

/**
 * Id of the scaffolder action the generated templates call to create a resource request.
 *
 * @public
 */
export const KRATIX_RESOURCE_REQUEST_ACTION = 'kratix:resource:request';

/**
 * Promise annotations that, when set, replace the generated template's title and description.
 *
 * @public
 */
export const PROMISE_TEMPLATE_ANNOTATIONS = {
  title: 'kratix.backstage.io/template-title',
  description: 'kratix.backstage.io/template-description',
} as const;

/**
 * Options of {@link promiseToTemplate}.
 *
 * @public
 */
export interface PromiseToTemplateOptions {
  /** Name of the configured cluster the Promise was read from. */
  cluster: string;
  /** Catalog namespace of the template entity. */
  entityNamespace: string;
  /** Entity ref of the template's owner. */
  owner: string;
  /** Entity ref of the catalog entity that stands for the Promise. */
  promiseEntityRef: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A catalog tag (`[a-z0-9+#]` words joined by `-`) for an API group such as `marketplace.kratix.io`. */
function toTag(value: string): string | undefined {
  const tag = value
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return tag || undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

/** Whether a converted spec schema leaves the user anything to fill in. */
function hasFields(schema: JsonObject): boolean {
  return (
    (isObject(schema.properties) &&
      Object.keys(schema.properties).length > 0) ||
    schema.additionalProperties !== false
  );
}

/**
 * Builds the scaffolder Template (`scaffolder.backstage.io/v1beta3`) that requests a resource from a Promise,
 * with a form generated from the Promise's API; undefined when the Promise has no API.
 *
 * @public
 */
export function promiseToTemplate(
  promise: KratixPromise,
  options: PromiseToTemplateOptions,
): Entity | undefined {
  const api = getPromiseApi(promise);
  const promiseName = promise.metadata?.name;
  if (!api || !promiseName) return undefined;

  const annotations = promise.metadata.annotations ?? {};
  const version = promise.metadata.labels?.[KRATIX_LABELS.promiseVersion];
  const kindTitle = humanizeName(api.kind);
  const namespaced = api.scope !== 'Cluster';

  const title =
    nonEmpty(annotations[PROMISE_TEMPLATE_ANNOTATIONS.title]) ?? kindTitle;
  const description =
    nonEmpty(annotations[PROMISE_TEMPLATE_ANNOTATIONS.description]) ??
    `Request a ${kindTitle} from the Kratix Promise '${promiseName}'${
      version ? ` ${version}` : ''
    } on cluster '${options.cluster}': creates a ${api.kind} (${
      api.apiVersion
    }) and waits for the platform to pick it up.`;

  const requestProperties: JsonObject = {
    name: {
      title: 'Name',
      type: 'string',
      description: `Name of the new ${kindTitle}: ${RESOURCE_REQUEST_NAME_RULE}.`,
      pattern: RESOURCE_REQUEST_NAME_PATTERN,
      maxLength: RESOURCE_REQUEST_NAME_MAX_LENGTH,
      'ui:field': 'EntityNamePicker',
      'ui:autofocus': true,
    },
  };
  const requestRequired = ['name', 'owner'];
  if (namespaced) {
    requestProperties.namespace = {
      title: 'Namespace',
      type: 'string',
      description: `Kubernetes namespace on cluster '${options.cluster}' to create the ${kindTitle} in: ${NAMESPACE_NAME_RULE}.`,
      default: 'default',
      pattern: NAMESPACE_NAME_PATTERN,
      maxLength: NAMESPACE_NAME_MAX_LENGTH,
    };
    requestRequired.splice(1, 0, 'namespace');
  }
  requestProperties.owner = {
    title: 'Owner',
    type: 'string',
    description: `The group or user who owns the new ${kindTitle} in the catalog.`,
    'ui:field': 'OwnerPicker',
    'ui:options': { catalogFilter: { kind: ['Group', 'User'] } },
  };

  const parameters: JsonObject[] = [
    {
      title: 'Request',
      type: 'object',
      required: requestRequired,
      properties: requestProperties,
    },
  ];

  const specSchema = getSpecSchema(api.schema);
  const spec =
    specSchema.kind === 'schema'
      ? openApiToFormSchema(specSchema.schema, { name: 'spec' })
      : openApiToFormSchema(
          specSchema.kind === 'any'
            ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
            : { type: 'object' },
          { name: 'spec' },
        );
  const specStep = hasFields(spec);
  if (specStep) {
    parameters.push({
      title: `${kindTitle} spec`,
      type: 'object',
      required: ['spec'],
      properties: {
        spec: {
          ...spec,
          title: `${kindTitle} spec`,
          default: spec.default ?? {},
          // The step's title already names it.
          'ui:options': {
            label: false,
            ...(isObject(spec['ui:options']) ? spec['ui:options'] : {}),
          },
        },
      },
    });
  }

  const input: JsonObject = {
    cluster: options.cluster,
    promise: promiseName,
    name: '${{ parameters.name }}',
    ...(namespaced ? { namespace: '${{ parameters.namespace }}' } : {}),
    owner: '${{ parameters.owner }}',
    // An API whose schema declares no spec gets none: the action would refuse one.
    ...(specStep && { spec: '${{ parameters.spec }}' }),
    wait: true,
  };

  const tags = ['kratix', toTag(api.group)].filter(
    (t, i, all): t is string => !!t && all.indexOf(t) === i,
  );

  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      // Same name as the Promise's Component, so Templates of same-named Promises on different clusters never meet.
      name: promiseEntityName({ cluster: options.cluster, name: promiseName }),
      namespace: options.entityNamespace,
      title,
      description,
      tags,
      annotations: {
        [KRATIX_ANNOTATIONS.cluster]: options.cluster,
        [KRATIX_ANNOTATIONS.promise]: promiseName,
        [KRATIX_ANNOTATIONS.promiseRef]: `${options.cluster}/${promiseName}`,
      },
    },
    spec: {
      type: KRATIX_ENTITY_TYPES.resource,
      owner: options.owner,
      parameters,
      steps: [
        {
          id: 'request',
          name: `Request ${kindTitle}`,
          action: KRATIX_RESOURCE_REQUEST_ACTION,
          input,
        },
      ],
      output: {
        links: [
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: '${{ steps.request.output.entityRef }}',
          },
          {
            // Left out by the scaffolder when the action returns no url.
            title: 'Open in Kubernetes',
            icon: 'dashboard',
            url: '${{ steps.request.output.url }}',
          },
          {
            title: `View the ${promiseName} Promise`,
            icon: 'catalog',
            entityRef: options.promiseEntityRef,
          },
        ],
        text: [
          {
            title: 'Status',
            content: '${{ steps.request.output.message }}',
            default: true,
          },
        ],
      },
    },
  };
}
