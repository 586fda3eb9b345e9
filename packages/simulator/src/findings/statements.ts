/**
 * The key policy's statements as the rules read them: which actions, principals and resources
 * each one covers, matched the way core's evaluator matches them (actions case-insensitive with
 * wildcards, resources as written, Principal/NotPrincipal through core's matchers).
 */
import { compileGlob, KMS_ACTIONS, matchPrincipal, notPrincipalApplies, type Caller, type KmsAction, type PrincipalMatch, type Statement } from '@kmsim/core';
import type { FindingStatement } from './types.js';

export interface StatementInfo {
  readonly statement: Statement;
  readonly ref: FindingStatement;
  /** `statement "Sid"`, or `the statement at $.Statement[2]` when it has no Sid. */
  readonly name: string;
  /** Every KMS action its Action/NotAction covers (key-policy permissions and IAM-only ones). */
  readonly actions: readonly KmsAction[];
  /** Its Resource/NotResource covers the key. */
  readonly coversKey: boolean;
  matchesAction(name: string): boolean;
  /** How its Principal/NotPrincipal covers a caller (`none` without either). */
  covers(caller: Caller): PrincipalMatch;
}

type Matcher = (value: string) => boolean;
const NEVER: Matcher = () => false;

function element(positive: readonly string[] | undefined, negative: readonly string[] | undefined, ignoreCase: boolean): Matcher {
  const any = (patterns: readonly string[]): Matcher => {
    const globs = patterns.map((p) => compileGlob(ignoreCase ? p.toLowerCase() : p));
    return (v) => globs.some((g) => g(ignoreCase ? v.toLowerCase() : v));
  };
  if (positive) return any(positive);
  if (negative) {
    const m = any(negative);
    return (v) => !m(v);
  }
  return NEVER;
}

/** The KMS actions one Action entry names (`kms:Create*` → CreateAlias, CreateGrant, CreateKey, …). */
export function actionsOfPattern(pattern: string): KmsAction[] {
  const glob = compileGlob(pattern.toLowerCase());
  return KMS_ACTIONS.filter((a) => glob(a.name.toLowerCase()));
}

export function statementName(s: Pick<Statement, 'sid' | 'path'>): string {
  return s.sid !== undefined && s.sid !== '' ? `statement "${s.sid}"` : `the statement at ${s.path}`;
}

export function describeStatement(s: Statement, keyArn: string): StatementInfo {
  const matchesAction = element(s.action, s.notAction, true);
  const matchesResource = element(s.resource, s.notResource, false);
  const { principal, notPrincipal } = s;
  return {
    statement: s,
    ref: { sid: s.sid, index: s.index, path: s.path },
    name: statementName(s),
    actions: KMS_ACTIONS.filter((a) => matchesAction(a.name)),
    coversKey: matchesResource(keyArn),
    matchesAction,
    covers(caller) {
      if (principal) return matchPrincipal(principal, caller);
      if (notPrincipal) return notPrincipalApplies(notPrincipal, caller) ? 'direct' : 'none';
      return 'none';
    },
  };
}
