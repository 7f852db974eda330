export * from './goPatternToJavaScript';
export * from './getSpecSchema';
export * from './structuralSchemaToJsonSchema';
