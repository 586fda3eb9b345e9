/**
 * Which statements and grants can matter for a row × action, ignoring conditions: their
 * conditions' keys are the ones a cell varies.
 */
import type { Caller, ConditionClause, Grant, KeyAttributes, Policy, Statement } from '@kmsim/core';
import { compilePolicy, compileStatement, grantConstraintClauses, grantKeyClass, isGrantee, type CompiledStatement } from '@kmsim/core/internal';

const compiled = new WeakMap<Statement, CompiledStatement>();

/** core's compiled statement (its Action/NotAction and Principal/NotPrincipal matchers), once per statement. */
function compiledOf(s: Statement, policy: Policy): CompiledStatement {
  let c = compiled.get(s);
  if (!c) {
    c = compileStatement(s, policy, 'key-policy', 0);
    compiled.set(s, c);
  }
  return c;
}

/** Whether the statement's Action / NotAction covers the (lower-cased) action, as core decides. */
export function actionMatcher(s: Statement, policy: Policy): (lowerAction: string) => boolean {
  const c = compiledOf(s, policy);
  return (a) => c.matchesAction(a);
}

export function principalCovers(s: Statement, policy: Policy, caller: Caller): boolean {
  if (!s.principal && !s.notPrincipal) return false;
  return compiledOf(s, policy).principal(caller) !== 'none';
}

/**
 * Grant constraints become clauses so the space includes the requests that make a grant apply or
 * not: core's compiled form of each constraint (encryption-context pairs, SourceArn as an
 * `aws:SourceArn` condition, what a grant's CreateGrant may create), only where the constraint
 * applies to the operation on this key.
 */
export function grantClauses(grants: readonly Grant[], caller: Caller, operation: string, key: KeyAttributes): ConditionClause[] {
  return grantGroups(grants, caller, operation, key).flat();
}

/** `grantClauses`, one list per grant that can apply (a grant allows when all of its list holds). */
export function grantGroups(grants: readonly Grant[], caller: Caller, operation: string, key: KeyAttributes): ConditionClause[][] {
  const keyClass = grantKeyClass(key.keySpec, key.keyUsage);
  const groups: ConditionClause[][] = [];
  for (const [i, g] of grants.entries()) {
    if (!isGrantee(g, caller) || !g.operations.includes(operation)) continue;
    groups.push(grantConstraintClauses(g, i, operation, keyClass));
  }
  return groups;
}

/** A statement (or grant) that can apply to a cell: it applies when all of its clauses hold. */
export interface ClauseGroup {
  readonly effect: 'Allow' | 'Deny';
  readonly clauses: readonly ConditionClause[];
}

/** The statements of a row × action as groups, Denies first: what the cell search splits on. */
export function relevantGroups(
  keyPolicy: Policy,
  identity: readonly Policy[],
  callers: readonly Caller[],
  grants: readonly Grant[],
  actionLower: string,
  operation: string,
  key: KeyAttributes,
): ClauseGroup[] {
  const out: ClauseGroup[] = [];
  for (const s of keyPolicy.statements) {
    if (s.effect === undefined || !compiledOf(s, keyPolicy).matchesAction(actionLower)) continue;
    if (callers.some((c) => principalCovers(s, keyPolicy, c))) out.push({ effect: s.effect, clauses: s.conditions });
  }
  for (const p of identity) {
    for (const s of p.statements)
      if (s.effect !== undefined && compiledOf(s, p).matchesAction(actionLower)) out.push({ effect: s.effect, clauses: s.conditions });
  }
  const seen = new Set<string>();
  for (const c of callers) {
    for (const g of grantGroups(grants, c, operation, key)) {
      const k = JSON.stringify(g);
      if (!seen.has(k)) seen.add(k), out.push({ effect: 'Allow', clauses: g });
    }
  }
  return [...out.filter((g) => g.effect === 'Deny'), ...out.filter((g) => g.effect === 'Allow')];
}

export function relevantClauses(keyPolicy: Policy, identity: readonly Policy[], caller: Caller, actionLower: string): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const s of keyPolicy.statements) {
    if (s.effect !== undefined && compiledOf(s, keyPolicy).matchesAction(actionLower) && principalCovers(s, keyPolicy, caller)) out.push(...s.conditions);
  }
  for (const p of identity) {
    for (const s of p.statements) if (s.effect !== undefined && compiledOf(s, p).matchesAction(actionLower)) out.push(...s.conditions);
  }
  return out;
}

/** A key-policy statement whose Principal (or NotPrincipal) covers a caller, and how (core's match). */
export interface Covering {
  readonly index: number;
  readonly match: 'direct' | 'account';
}

/** The clauses of one row, by lower-cased action: what `relevantClauses` gives, with each check done once. */
export interface RowClauses {
  (actionLower: string): ConditionClause[];
  /** The key-policy statements covering the row's caller, in policy order. */
  readonly covering: readonly Covering[];
}

/**
 * `relevantClauses` for many rows and actions: the key-policy statements whose Principal covers a
 * caller are found once per row (through core's principal index), then kept per action by core's
 * action mask. Same clauses, in the same order.
 */
export function relevanceIndex(keyPolicy: Policy): (caller: Caller, identity: readonly Policy[]) => RowClauses {
  // core's index of the policy by principal narrows the statements a caller's Principal can cover;
  // core's matcher then decides, statement by statement, as principalCovers does.
  const indexed = compilePolicy(keyPolicy, 'key-policy', 0);
  const statements = keyPolicy.statements;
  // The same compiled statements `compiledOf` would make (same policy, source and index): kept, not made again.
  for (const [i, s] of statements.entries()) if (!compiled.has(s) && indexed.statements[i]) compiled.set(s, indexed.statements[i] as CompiledStatement);
  return (caller, identity) => {
    const covering: Covering[] = [];
    for (const index of indexed.principalCandidates(caller)) {
      const s = statements[index] as Statement;
      if (!s.principal && !s.notPrincipal) continue;
      const match = compiledOf(s, keyPolicy).principal(caller);
      if (match !== 'none') covering.push({ index, match });
    }
    const clauses = (actionLower: string): ConditionClause[] => {
      const mask = indexed.actionMask(actionLower);
      const out: ConditionClause[] = [];
      for (const { index } of covering) if (mask[index] === 1) out.push(...(statements[index] as Statement).conditions);
      for (const p of identity) {
        for (const s of p.statements) if (s.effect !== undefined && compiledOf(s, p).matchesAction(actionLower)) out.push(...s.conditions);
      }
      return out;
    };
    return Object.assign(clauses, { covering });
  };
}
