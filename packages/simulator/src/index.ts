/**
 * @kmsim/simulator — who can do what with a KMS key, under which conditions: the complete
 * principal × action × condition matrix, findings and policy diff, built on @kmsim/core.
 */
export { simulate, type SimulateOptions } from './matrix/simulate.js';
export { explainCell, type CellExplanation, type TermExplanation } from './matrix/explain.js';
export { summarize, describeCondition, DECISION_TEXT } from './matrix/summary.js';
export type * from './matrix/types.js';
export { enumeratePrincipals, ALLOW_ALL_IAM, type CustomPrincipal, type IamAssumption, type PrincipalOrigin, type PrincipalRow } from './principals.js';
export { prepare, type PreparedInput, type SimulationInput } from './input.js';
export * from './condition-space/index.js';
export { diffPolicies, type ChangeKind, type DiffEntry, type PolicyDiff } from './matrix/diff.js';
export * from './findings/index.js';
