import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The Kratix marketplace page. */
export const rootRouteRef = createRouteRef({
  id: 'kratix',
});

/**
 * The page that runs a Software Template, for the "Request" button of a Promise. Bound to the scaffolder's
 * `selectedTemplate` route by default in the new frontend system; when unbound, the button links to
 * `/create/templates/:namespace/:templateName`.
 */
export const requestTemplateRouteRef = createExternalRouteRef({
  id: 'kratix:request-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
