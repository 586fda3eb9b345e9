/**
 * Which statements and grants can matter for a row × action, ignoring conditions: their
 * conditions' keys are the ones a cell varies.
 */
import {
  compileGlob,
  matchPrincipal,
  notPrincipalApplies,
  type Caller,
  type ConditionClause,
  type Grant,
  type Policy,
  type Statement,
} from '@kmsim/core';

type Matcher = (lowerAction: string) => boolean;
const matchers = new WeakMap<Statement, Matcher>();

/** Action / NotAction of a statement, case-insensitive, compiled once per statement. */
export function actionMatcher(s: Statement): Matcher {
  let m = matchers.get(s);
  if (!m) {
    const globs = (s.action ?? s.notAction ?? []).map((p) => compileGlob(p.toLowerCase()));
    const any = (a: string): boolean => globs.some((g) => g(a));
    m = s.action ? any : s.notAction ? (a) => !any(a) : () => false;
    matchers.set(s, m);
  }
  return m;
}

export function principalCovers(s: Statement, caller: Caller): boolean {
  if (s.principal) return matchPrincipal(s.principal, caller) !== 'none';
  if (s.notPrincipal) return notPrincipalApplies(s.notPrincipal, caller);
  return false;
}

/**
 * Grant constraints become clauses so the space includes the encryption contexts that make a
 * grant apply or not: each required pair, and (for EncryptionContextEquals) no other key.
 */
export function grantClauses(grants: readonly Grant[], caller: Caller, operation: string): ConditionClause[] {
  const out: ConditionClause[] = [];
  grants.forEach((g, i) => {
    const grantee = { wildcard: false, aws: [g.granteePrincipal], service: [g.granteePrincipal], federated: [], canonicalUser: [] };
    if (matchPrincipal(grantee, caller) !== 'direct' || !g.operations.includes(operation)) return;
    const pairs = g.constraints?.encryptionContextEquals ?? g.constraints?.encryptionContextSubset ?? {};
    for (const [k, v] of Object.entries(pairs)) {
      out.push({ operator: 'StringEquals', key: `kms:EncryptionContext:${k}`, values: [v], path: `grants[${i}].constraints.${k}` });
    }
    if (g.constraints?.encryptionContextEquals) {
      out.push({ operator: 'ForAllValues:StringEquals', key: 'kms:EncryptionContextKeys', values: Object.keys(pairs), path: `grants[${i}].constraints` });
    }
    if (operation === 'CreateGrant') {
      out.push({ operator: 'ForAllValues:StringEquals', key: 'kms:GrantOperations', values: [...g.operations], path: `grants[${i}].operations` });
    }
  });
  return out;
}

export function relevantClauses(
  keyPolicy: Policy,
  identity: readonly Policy[],
  caller: Caller,
  actionLower: string,
): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const s of keyPolicy.statements) {
    if (s.effect !== undefined && actionMatcher(s)(actionLower) && principalCovers(s, caller)) out.push(...s.conditions);
  }
  for (const p of identity) {
    for (const s of p.statements) if (s.effect !== undefined && actionMatcher(s)(actionLower)) out.push(...s.conditions);
  }
  return out;
}

/** The clauses of one row, by lower-cased action: what `relevantClauses` gives, with each check done once. */
export type RowClauses = (actionLower: string) => ConditionClause[];

/**
 * `relevantClauses` for many rows and actions: the key-policy statements that can apply to an
 * action are listed once per action, and whether a statement's Principal covers a caller is
 * worked out once per row. Same clauses, in the same order.
 */
export function relevanceIndex(keyPolicy: Policy): (caller: Caller, identity: readonly Policy[]) => RowClauses {
  const byAction = new Map<string, Statement[]>();
  const statementsFor = (actionLower: string): Statement[] => {
    let list = byAction.get(actionLower);
    if (!list) {
      list = keyPolicy.statements.filter((s) => s.effect !== undefined && actionMatcher(s)(actionLower));
      byAction.set(actionLower, list);
    }
    return list;
  };
  return (caller, identity) => {
    const covers = new Map<Statement, boolean>();
    return (actionLower) => {
      const out: ConditionClause[] = [];
      for (const s of statementsFor(actionLower)) {
        let c = covers.get(s);
        if (c === undefined) {
          c = principalCovers(s, caller);
          covers.set(s, c);
        }
        if (c) out.push(...s.conditions);
      }
      for (const p of identity) {
        for (const s of p.statements) if (s.effect !== undefined && actionMatcher(s)(actionLower)) out.push(...s.conditions);
      }
      return out;
    };
  };
}
