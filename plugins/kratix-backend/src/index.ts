/**
 * The Kratix backend plugin: an HTTP API (`/api/kratix`) for the live state of Kratix catalog entities (summary,
 * pipelines and their logs, the Crossplane tree behind a request) and the Promise marketplace; and the `kratix:*`
 * actions of the actions registry, which the MCP actions backend serves to AI assistants.
 *
 * @packageDocumentation
 */

export { kratixPlugin as default } from './plugin';
export { KRATIX_REGISTRY_ACTION_IDS } from './actions/registerKratixActions';
