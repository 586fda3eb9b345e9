/**
 * @kmsim/core/internal — the pieces of core's pipeline that the other kmsim packages build on
 * (the simulator's condition-space search, findings and test-kit arbitraries) but that are not
 * part of the stable public API: compiled statements, caller parsing and principal matching.
 * One implementation of each rule lives here; other packages must use it, never re-write it.
 * Names here may change between minor versions.
 */
export { compileStatement, statementTrace, type CompiledStatement } from './evaluate/compiled-statement.js';
export { parseCaller, principalArnOf, principalTypeOf, type Caller, type CallerKind } from './evaluate/caller.js';
export { accountOfEntry, matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './evaluate/principal-match.js';
export { encryptionContextOf } from './evaluate/grants.js';
export {
  closePositions,
  compileWildcard,
  elemAccepts,
  matcherOf,
  stepPositions,
  wildcardElems,
  type WildcardElem,
  type WildcardKind,
  type WildcardMatcher,
} from './compile/wildcard.js';
