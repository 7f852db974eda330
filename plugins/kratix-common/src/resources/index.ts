export * from './getPromiseApi';
export * from './getOwningPromiseName';
export * from './getParentRequest';
export * from './resourceRequestRef';
export * from './pipelineRuns';
