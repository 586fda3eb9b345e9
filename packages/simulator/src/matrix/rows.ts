/**
 * What simulate evaluates each row as. A named principal is evaluated as itself; a class row as
 * witness members found by the identity search (condition-space/identity.ts) over every clause on
 * an identity key the row's policies hold, so that every combination of those clauses' results
 * some member meets has a member to send requests as.
 */
import { parseCaller, type Caller, type ConditionClause, type Policy } from '@kmsim/core';
import { IDENTITY_KEYS, searchIdentities, type IdentityWitness, type MemberKind } from '../condition-space/identity.js';
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

const NAMED_KINDS: Readonly<Partial<Record<Caller['kind'], MemberKind>>> = { root: 'root', user: 'user', role: 'role', 'federated-user': 'federated-user' };

export const isIdentityKey = (key: string): boolean => IDENTITY_KEYS.has(key.toLowerCase());

/** A policy's clauses on identity keys, in order: read once per policy (every row reads the key policy's). */
const identityOf = new WeakMap<Policy, readonly ConditionClause[]>();
function policyIdentityClauses(p: Policy): readonly ConditionClause[] {
  let out = identityOf.get(p);
  if (!out) {
    const list: ConditionClause[] = [];
    for (const s of p.statements) for (const c of s.conditions) if (typeof c.key === 'string' && isIdentityKey(c.key)) list.push(c);
    out = list;
    identityOf.set(p, out);
  }
  return out;
}

function identityClauses(prepared: PreparedInput, row: PrincipalRow): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const p of [prepared.keyPolicy, ...row.identityPolicies]) out.push(...policyIdentityClauses(p));
  return out;
}

export function planRow(prepared: PreparedInput, row: PrincipalRow): RowPlan {
  const common = { row, identityPolicies: row.identityPolicies, id: row.id, arn: row.arn };
  if (row.kind !== 'class' || !row.identity) {
    const caller = parseCaller(row.arn);
    const kind = NAMED_KINDS[caller.kind];
    const clauses = identityClauses(prepared, row);
    // aws:userid is the one identity key core does not derive: for a named principal it ranges over
    // the unique ids (and a role's session names) the principal can have.
    if (kind === undefined || caller.account === undefined || !clauses.some((c) => String(c.key).toLowerCase() === 'aws:userid')) {
      return { ...common, principals: [row.arn], callers: [caller] };
    }
    const search = searchIdentities(
      { partition: caller.partition, kinds: [kind], account: caller.account, excludedAccounts: [], excludedPrincipals: [], principal: row.arn },
      clauses,
    );
    return {
      ...common,
      principals: [row.arn],
      witnesses: search.witnesses,
      callers: [caller],
      ...(search.incomplete === undefined ? {} : { incomplete: search.incomplete }),
    };
  }
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
