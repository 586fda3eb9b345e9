export type * from './types.js';
export { readScenarios } from './read.js';
export { evaluateScenario, isValidationCase, runCase } from './run.js';
