export * from './getPromiseApi';
export * from './getOwningPromiseName';
export * from './getParentRequest';
export * from './resourceRequestRef';
export * from './resourceRequestName';
export * from './pipelineNamespace';
export * from './pipelineRuns';
export * from './promiseVersions';
