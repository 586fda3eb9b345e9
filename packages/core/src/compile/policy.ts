/**
 * A compiled key policy: its statements compiled once, indexed by action (which statements an
 * action can reach) and by principal (which statements can name a caller). The indexes only
 * narrow the search: `matchPrincipal` and `matchesAction` still decide, for the decision and
 * the trace alike.
 */
import type { Policy, PrincipalSet } from '../model/policy.js';
import { entryInfo, roleKey } from '../principal/match.js';
import type { Caller } from '../principal/caller.js';
import type { PolicySource } from '../evaluate/types.js';
import { LruCache } from '../common/lru.js';
import { compileStatement, type CompiledStatement } from './statement.js';

export interface CompiledPolicy {
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** For each statement position: 1 when it has an Effect and its Action covers the action (give it lower-cased). */
  actionMask(actionLower: string): Uint8Array;
  /** Positions (ascending) of the statements whose Principal or NotPrincipal may cover the caller. */
  principalCandidates(caller: Caller): number[];
  /** Every text the policy names as a principal (in Principal or NotPrincipal). */
  readonly named: ReadonlySet<string>;
}

const ACTION_MASKS = 1024;

function add(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

export function compilePolicy(policy: Policy, source: PolicySource, policyIndex = 0): CompiledPolicy {
  const statements = policy.statements.map((s) => compileStatement(s, policy, source, policyIndex));
  const anyone: number[] = [];
  const byArn = new Map<string, number[]>();
  const byAccount = new Map<string, number[]>();
  const byRole = new Map<string, number[]>();
  const named = new Set<string>();
  const remember = (set: PrincipalSet): void => {
    for (const list of [set.aws, set.service, set.federated, set.canonicalUser]) for (const e of list) named.add(e);
  };
  for (const [i, s] of statements.entries()) {
    const { principal, notPrincipal } = s.statement;
    if (notPrincipal) remember(notPrincipal);
    if (!principal) {
      // NotPrincipal applies to everyone not listed: tested for every caller. No Principal: no one.
      if (notPrincipal) anyone.push(i);
      continue;
    }
    remember(principal);
    if (principal.wildcard) {
      anyone.push(i);
      continue;
    }
    for (const entry of principal.aws) {
      if (typeof entry !== 'string') {
        anyone.push(i); // a hand-built model: tested for every caller
        continue;
      }
      const info = entryInfo(entry);
      if (info.account !== undefined) add(byAccount, info.account, i);
      else if (info.role) add(byRole, roleKey(info.role.account, info.role.name), i);
      add(byArn, entry, i);
    }
    for (const list of [principal.service, principal.federated, principal.canonicalUser]) for (const e of list) add(byArn, e, i);
  }
  const masks = new LruCache<string, Uint8Array>(ACTION_MASKS);
  return {
    policy,
    statements,
    actionMask(actionLower) {
      let mask = masks.get(actionLower);
      if (mask === undefined) {
        mask = new Uint8Array(statements.length);
        statements.forEach((s, i) => {
          if (s.statement.effect !== undefined && s.matchesAction(actionLower)) (mask as Uint8Array)[i] = 1;
        });
        masks.set(actionLower, mask);
      }
      return mask;
    },
    principalCandidates(caller) {
      const lists = [anyone, byArn.get(caller.arn)];
      if (caller.account !== undefined) lists.push(byAccount.get(caller.account));
      if (caller.roleName !== undefined && caller.account !== undefined) lists.push(byRole.get(roleKey(caller.account, caller.roleName)));
      const out = new Set<number>();
      for (const list of lists) if (list) for (const i of list) out.add(i);
      return [...out].sort((a, b) => a - b);
    },
    named,
  };
}
