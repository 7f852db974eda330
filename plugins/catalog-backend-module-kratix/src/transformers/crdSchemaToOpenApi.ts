import { stringify } from 'yaml';

/** What an OpenAPI document for a Kubernetes kind is built from. */
export interface KindApi {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  schema?: Record<string, unknown>;
  description?: string;
}

const OBJECT_META = {
  type: 'object',
  description: 'Standard Kubernetes object metadata',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/**
 * An OpenAPI 3 document (YAML) for a custom kind: its schema under `components.schemas`, and the Kubernetes REST
 * paths to list, create, read, replace and delete it, so Backstage's API docs (`spec.type: openapi`) render it.
 */
export function crdSchemaToOpenApi(api: KindApi): string {
  const schemaName = api.kind;
  const schema = {
    ...(api.schema ?? { type: 'object' }),
    type: 'object',
  } as Record<string, any>;
  schema.properties = {
    ...(schema.properties ?? {}),
    apiVersion: { type: 'string', enum: [`${api.group}/${api.version}`] },
    kind: { type: 'string', enum: [api.kind] },
    metadata: OBJECT_META,
  };
  const ref = { $ref: `#/components/schemas/${schemaName}` };
  const base = `/apis/${api.group}/${api.version}${
    api.namespaced ? '/namespaces/{namespace}' : ''
  }/${api.plural}`;
  const namespaceParam = api.namespaced
    ? [
        {
          name: 'namespace',
          in: 'path',
          required: true,
          schema: { type: 'string' },
        },
      ]
    : [];
  const nameParam = {
    name: 'name',
    in: 'path',
    required: true,
    schema: { type: 'string' },
  };
  const ok = (description: string, content?: object) => ({
    description,
    ...(content && { content: { 'application/json': { schema: content } } }),
  });
  const document = {
    openapi: '3.0.3',
    info: {
      title: `${api.kind} (${api.group}/${api.version})`,
      version: api.version,
      description:
        api.description ??
        `The ${api.kind} kind, served by the Kubernetes API under ${api.group}/${api.version}.`,
    },
    paths: {
      [base]: {
        parameters: namespaceParam,
        get: {
          operationId: `list${api.kind}`,
          summary: `List ${api.plural}`,
          responses: {
            '200': ok('The list', {
              type: 'object',
              properties: { items: { type: 'array', items: ref } },
            }),
          },
        },
        post: {
          operationId: `create${api.kind}`,
          summary: `Create a ${api.kind}`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref } },
          },
          responses: { '201': ok('Created', ref) },
        },
      },
      [`${base}/{name}`]: {
        parameters: [...namespaceParam, nameParam],
        get: {
          operationId: `read${api.kind}`,
          summary: `Read a ${api.kind}`,
          responses: { '200': ok('The object', ref) },
        },
        put: {
          operationId: `replace${api.kind}`,
          summary: `Replace a ${api.kind}`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref } },
          },
          responses: { '200': ok('Replaced', ref) },
        },
        delete: {
          operationId: `delete${api.kind}`,
          summary: `Delete a ${api.kind}`,
          responses: { '200': ok('Deleted') },
        },
      },
    },
    components: { schemas: { [schemaName]: schema } },
  };
  return stringify(document);
}
