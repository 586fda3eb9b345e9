/**
 * @kmsim/core/internal — the pieces of core's pipeline that the other kmsim packages build on
 * (the simulator's condition-space search, findings and test-kit arbitraries) but that are not
 * part of the stable public API. One implementation of each rule lives here; other packages must
 * use it, never re-write it. Names here may change between minor versions.
 *
 * - principal/: parsing callers, the condition keys they imply, matching Principal/NotPrincipal
 * - compile/: wildcard patterns, compiled statements, compiled (indexed) policies
 * - authorize/: match → decide (one function per KMS rule) → explain
 * - shared/: the encryption-context prefix, `isObject`, JSON paths (`childPath`), a least-recently-used cache
 */
export { compileStatement, statementTrace, type CompiledStatement } from './compile/statement.js';
export { compilePolicy, type CompiledPolicy } from './compile/policy.js';
export { aliasClasses, aliasCoverage, aliasPrefixOf, ALIAS_STATES_LIMIT, type ResourcePatterns } from './compile/alias-names.js';
export {
  checkAccount,
  parseCaller,
  principalArnOf,
  principalTypeOf,
  roleSessionPrefix,
  sessionNameOk,
  type Caller,
  type CallerKind,
} from './principal/caller.js';
export { principalContext } from './principal/context.js';
export { isCallerText, tryParseCaller } from './principal/caller-text.js';
export { isGrantee } from './principal/grantee.js';
export * from './principal/syntax.js';
export { accountOfEntry, entryInfo, matchPrincipal, notPrincipalApplies, roleKey, type EntryInfo, type PrincipalMatch } from './principal/match.js';
export { encryptionContextOf, explainGrant } from './authorize/grants.js';
export {
  grantConditions,
  grantConstraintClauses,
  grantKeyClass,
  takesEncryptionContext,
  type GrantCondition,
} from './authorize/grant-constraints.js';
export { keyContext } from './authorize/derived.js';
export { RequestContext } from './authorize/context.js';
export { match, type IdentityCandidate, type KeyCandidate, type Matches, type Plan, type Target } from './authorize/match.js';
export * as rules from './authorize/decide.js';
export { decide, type Facts, type RuleId, type Verdict } from './authorize/decide.js';
export { allowedByOf, deniedByOf, notesOf, reasonOf, statementLabel } from './authorize/explain.js';
export { CACHE_LIMIT } from './authorize/evaluator.js';
export { resolvePattern, type ResolvedPattern } from './conditions/variables.js';
export {
  ENCRYPTION_CONTEXT_PREFIX,
  ENCRYPTION_CONTEXT_PREFIX_LOWER,
  equalsIgnoreCase,
  isEncryptionContextKey,
  isObject,
  startsWithIgnoreCase,
} from './common/guards.js';
export { LruCache } from './common/lru.js';
export { actionSupportsKey } from './common/action-keys.js';
export { isValidConditionValue } from './common/condition-values.js';
export { consistentEncryptionContext } from './common/encryption-context.js';
export { childPath } from './common/json-path.js';
export { closest, didYouMean } from './validate/suggest.js';
export { pathAncestors } from './parse/json-text.js';
export {
  closePositions,
  compileWildcard,
  elemAccepts,
  matcherOf,
  stepPositions,
  wildcardElems,
  type LiteralPositions,
  type WildcardElem,
  type WildcardKind,
  type WildcardMatcher,
} from './compile/wildcard.js';
export {
  compileGuardrails,
  type CompiledGuardrails,
  type CompiledOrganization,
  type Level,
  type MemberAccount,
  type OwnedPolicy,
} from './guardrails/compile.js';
export { createGuard, guardrailLabel, type Guard } from './guardrails/evaluate.js';
export * as guardrailRules from './guardrails/rules.js';
export type { Applies, CapOutcome, GuardrailFacts, GuardrailRule, LevelVote, PermissionPath, StackOutcome } from './guardrails/rules.js';
export {
  checkOrgContext,
  inOrganization,
  orgPathOf,
  principalOrgContext,
  resourceOrgContext,
  SOURCE_ACCOUNT,
  SOURCE_ORG_ID,
  SOURCE_ORG_PATHS,
} from './guardrails/org-context.js';
export { namedBy, permissionPaths, statementNames } from './guardrails/paths.js';
