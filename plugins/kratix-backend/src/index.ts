/**
 * The Kratix backend plugin: an HTTP API (`/api/kratix`) for the live state of Kratix catalog entities (summary,
 * pipelines and their logs, the Crossplane tree behind a request) and the Promise marketplace.
 *
 * @packageDocumentation
 */

export { kratixPlugin as default } from './plugin';
