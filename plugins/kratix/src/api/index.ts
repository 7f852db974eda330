export { kratixApiRef } from './KratixApi';
export type { KratixApi, KratixLogsRequest } from './KratixApi';
export { KratixClient } from './KratixClient';
