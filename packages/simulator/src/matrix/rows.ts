/**
 * What simulate evaluates each row as. A named principal is evaluated as itself; a class row as
 * witness members found by the identity search (condition-space/identity.ts) over every clause on
 * an identity key the row's policies hold, so that every combination of those clauses' results
 * some member meets has a member to send requests as.
 */
import { parseCaller, type Caller, type ConditionClause, type Policy } from '@kmsim/core';
import { IDENTITY_KEYS, searchIdentities, type IdentityWitness } from '../condition-space/identity.js';
import type { PreparedInput } from '../input.js';
import type { PrincipalRow } from '../principals.js';

export interface RowPlan {
  readonly row: PrincipalRow;
  /** The principals requests are sent as: the row's own, or the class's witness members. */
  readonly principals: readonly string[];
  /** For a class row: its witness members, best first. */
  readonly witnesses?: readonly IdentityWitness[];
  /** One caller per kind of member, for which statements can apply. */
  readonly callers: readonly Caller[];
  /** Set when the member search reached a bound. */
  readonly incomplete?: string;
  readonly identityPolicies: readonly Policy[];
  readonly id: string;
  readonly arn: string;
}

export const isIdentityKey = (key: string): boolean => IDENTITY_KEYS.has(key.toLowerCase());

function identityClauses(prepared: PreparedInput, row: PrincipalRow): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const p of [prepared.keyPolicy, ...row.identityPolicies]) {
    for (const s of p.statements) for (const c of s.conditions) if (typeof c.key === 'string' && isIdentityKey(c.key)) out.push(c);
  }
  return out;
}

export function planRow(prepared: PreparedInput, row: PrincipalRow): RowPlan {
  const common = { row, identityPolicies: row.identityPolicies, id: row.id, arn: row.arn };
  if (row.kind !== 'class' || !row.identity) return { ...common, principals: [row.arn], callers: [parseCaller(row.arn)] };
  const search = searchIdentities(row.identity, identityClauses(prepared, row));
  if (search.witnesses.length === 0) throw new Error(`kmsim internal error: no member found for the class ${row.id}`);
  const kinds = new Set<string>();
  const callers: Caller[] = [];
  for (const w of search.witnesses) {
    if (kinds.has(w.kind)) continue;
    kinds.add(w.kind);
    callers.push(parseCaller(w.principal));
  }
  return {
    ...common,
    principals: search.witnesses.map((w) => w.principal),
    witnesses: search.witnesses,
    callers,
    ...(search.incomplete === undefined ? {} : { incomplete: search.incomplete }),
  };
}
