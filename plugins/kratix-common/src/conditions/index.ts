export * from './getCondition';
export * from './isResourceReady';
export * from './getResourceState';
export * from './isPlatformBehind';
export * from './isPromiseAvailable';
export * from './isCrossplaneReady';
export * from './getCrossplaneState';
