/**
 * The condition space: for every condition key the policies test, the classes of values that
 * every clause on the key treats alike, each with a witness and a readable label.
 */
export { partitionConditionSpace } from './partition.js';
export type { KeySpace, PartitionOptions, ValueClass } from './types.js';
