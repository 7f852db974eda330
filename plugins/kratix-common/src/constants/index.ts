export * from './kratix';
export * from './crossplane';
export * from './annotations';
export * from './entityTypes';
export * from './healthAnnotation';
