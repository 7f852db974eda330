/***/
/**
 * The kratix backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleKratix as default } from './module';
