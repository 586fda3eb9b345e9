/**
 * @kmsim/core — parse, validate and evaluate AWS KMS key policies exactly as AWS does.
 * Modules: parse (text → model + diagnostics), validate, catalogue, conditions, principal (reading
 * principals), compile (compiled policies), authorize (match → decide → explain), evaluate (the
 * public evaluator API), defaults (AWS's default key policies), scenario (the case format).
 * The pieces other kmsim packages build on are exported from `@kmsim/core/internal`.
 */
export * from './errors.js';
export type * from './model/policy.js';
export type { Diagnostic, DiagnosticCode, Severity } from './model/diagnostic.js';
export { DIAGNOSTIC_CODES } from './model/diagnostic.js';
export * from './catalogue/index.js';
export { parseKeyPolicy, parseIdentityPolicy, type ParseOptions, type ParseResult } from './parse/parse-policy.js';
export { toPolicy } from './parse/to-model.js';
export { validateGrant, type ValidateGrantOptions } from './validate/grant.js';
export { describePolicyError, grantErrorsOf, identityPolicyLabel, policyErrorsOf, rejectionOf, type PolicyError } from './validate/input-errors.js';
export { parseJsonText, type JsonTextResult, type SourcePosition } from './parse/json-text.js';
export { indexContext, LayeredContext, type ContextLookup, type ContextRecord, type ContextScalar, type ContextValue } from './conditions/context.js';
export { hasVariables, resolveVariables, VARIABLE_VERSION } from './conditions/variables.js';
export {
  parseOperator,
  BASE_OPERATORS,
  FAMILY_KEY_TYPES,
  type BaseOperator,
  type OperatorFamily,
  type ParsedOperator,
  type SetOperator,
} from './conditions/operators.js';
export { compileClause, type ClauseOutcome, type CompiledClause } from './conditions/clause.js';
export { parseCidr, cidrContains, type Cidr } from './conditions/ip.js';
export { compileGlob, hasWildcard, LITERAL_QUESTION, LITERAL_STAR, withLiterals } from './conditions/glob.js';
export { toDate, toNumber } from './conditions/values.js';
export * from './evaluate/index.js';
export type { AliasClass, AliasClasses } from './compile/alias-names.js';
export type { RequestAliasClasses } from './authorize/alias-side.js';
export type * from './guardrails/types.js';
export { GUARDRAIL_FIELDS, guardrailsOf, hasGuardrails } from './guardrails/fields.js';
export * from './defaults/index.js';
export * from './scenario/index.js';
export { evaluateScenario as evaluate } from './scenario/run.js';
