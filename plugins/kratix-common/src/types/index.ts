export * from './kubernetes';
export * from './workflows';
export * from './promise';
export * from './resourceRequest';
export * from './work';
export * from './destination';
export * from './healthRecord';
export * from './crossplane';
