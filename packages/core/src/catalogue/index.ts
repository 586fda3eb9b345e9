export type * from './types.js';
export * from './actions.js';
export * from './condition-keys.js';
export * from './key-specs.js';
