/***/
/**
 * The kratix backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleKratix as default } from './module';
