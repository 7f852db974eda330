/**
 * Kratix in Backstage: live cards for Promises and resource requests, an entity tab and a Promise marketplace.
 *
 * @packageDocumentation
 */

export {
  kratixPlugin,
  EntityKratixPromiseCard,
  EntityKratixResourceCard,
  EntityKratixContent,
  KratixMarketplacePage,
} from './plugin';
export {
  isKratixPromise,
  isKratixResource,
  isCrossplaneResource,
} from './entityPredicates';
export { KratixClient, kratixApiRef } from './api';
export type { KratixApi, KratixLogsRequest } from './api';
export type { EntityKratixPromiseCardProps } from './components/EntityKratixPromiseCard';
export type { EntityKratixResourceCardProps } from './components/EntityKratixResourceCard';
