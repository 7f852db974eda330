/**
 * Types, constants, status helpers and permissions shared by the Kratix Backstage plugins.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './constants';
export * from './conditions';
export * from './resources';
export * from './schema';
export * from './permissions';
export * from './entityNames';
export * from './entityAnnotations';
