export { humanizeName } from './humanizeName';
export {
  openApiToFormSchema,
  type OpenApiToFormSchemaOptions,
} from './openApiToFormSchema';
export {
  KRATIX_RESOURCE_REQUEST_ACTION,
  PROMISE_TEMPLATE_ANNOTATIONS,
  promiseToTemplate,
  type PromiseToTemplateOptions,
} from './promiseToTemplate';
