/**
 * What simulate evaluates each row as. A named principal is evaluated as itself; a class row as
 * witness members found by the identity search (condition-space/identity.ts) over every clause on
 * an identity key the row's policies hold, so that every combination of those clauses' results
 * some member meets has a member to send requests as.
 */
import { parseCaller, type Caller, type ConditionClause, type Policy } from '@kmsim/core';
import { foldedAttributes, isAttributeKey, isOrgPathsKey, withAttributes } from '../condition-space/attributes.js';
import { isIdentityKeyName, searchIdentities, type IdentityWitness, type MemberKind } from '../condition-space/identity.js';
import type { PreparedInput } from '../input.js';
import { witnessesIn } from '../condition-space/organization-attributes.js';
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
  /** The identity keys the row's witnesses decide (never free keys of its cells); `tag` names the choice for caches. */
  readonly isIdentity: ((key: string) => boolean) & { readonly tag: string };
}

/** Core identity keys, and the attribute keys some of `kinds` cannot have. */
function identityOf(prepared: PreparedInput, row: PrincipalRow, kinds: readonly MemberKind[]): RowPlan['isIdentity'] {
  const paths = [prepared.keyPolicy, ...row.identityPolicies].some((p) =>
    p.statements.some((s) => s.conditions.some((c) => isOrgPathsKey(String(c.key).toLowerCase()))),
  );
  // With an organization given, its keys are never free: core derives them for a member's principal,
  // and for anyone else they range over what the witnesses may have (organization-attributes).
  const organization = prepared.guardrails?.organization !== undefined;
  const byKind = foldedAttributes(kinds, paths);
  const folded = organization ? (lower: string) => !lower.startsWith('aws:principaltag/') || byKind(lower) : byKind;
  const test = (key: string): boolean => {
    const lower = key.toLowerCase();
    return isAttributeKey(lower) ? folded(lower) : isIdentityKeyName(lower);
  };
  return Object.assign(test, { tag: `${[...new Set(kinds)].sort().join(',')}${paths ? '+paths' : ''}${organization ? '+org' : ''}` });
}

const NAMED_KINDS: Readonly<Partial<Record<Caller['kind'], MemberKind>>> = {
  root: 'root',
  user: 'user',
  role: 'role',
  'assumed-role': 'role',
  'federated-user': 'federated-user',
};

function identityClauses(prepared: PreparedInput, row: PrincipalRow, isIdentity: (key: string) => boolean): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const p of [prepared.keyPolicy, ...row.identityPolicies]) {
    for (const s of p.statements) for (const c of s.conditions) if (typeof c.key === 'string' && isIdentity(c.key)) out.push(c);
  }
  // The guardrails' too (an RCP testing aws:PrincipalOrgID tells members of a class apart).
  for (const s of prepared.guardrailStatements ?? []) {
    for (const c of s.statement.conditions) if (typeof c.key === 'string' && isIdentity(c.key)) out.push(c);
  }
  return out;
}

/** With an organization, each witness keeps only the organization keys its account allows (organization-attributes.ts). */
function inOrganization(prepared: PreparedInput, witnesses: readonly IdentityWitness[]): IdentityWitness[] {
  const organization = prepared.guardrails?.organization;
  return organization === undefined ? [...witnesses] : witnessesIn(organization, witnesses);
}

export function planRow(prepared: PreparedInput, row: PrincipalRow): RowPlan {
  const common = { row, identityPolicies: row.identityPolicies, id: row.id, arn: row.arn };
  if (row.kind !== 'class' || !row.identity) {
    const caller = parseCaller(row.arn);
    const kind = NAMED_KINDS[caller.kind];
    const isIdentity = identityOf(prepared, row, [kind ?? (caller.kind === 'service' ? 'service' : 'role')]);
    const clauses = identityClauses(prepared, row, isIdentity);
    const version = prepared.keyPolicy.version;
    // aws:userid, the principal's tags and its organization are the identity keys core does not
    // derive: for a named principal they range over what that principal can have (its unique ids
    // and a role's session names; tags unless it is a root user or a service; an organization
    // unless it is a service).
    const userid = kind !== undefined && caller.account !== undefined && clauses.some((c) => String(c.key).toLowerCase() === 'aws:userid');
    const attributes = clauses.some((c) => isAttributeKey(String(c.key).toLowerCase()));
    if (!userid && !attributes) return { ...common, isIdentity, principals: [row.arn], callers: [caller] };
    const search =
      userid && kind !== undefined && caller.account !== undefined
        ? searchIdentities(
            { partition: caller.partition, kinds: [kind], account: caller.account, excludedAccounts: [], excludedPrincipals: [], principal: row.arn },
            clauses,
          )
        : { witnesses: [{ kind: kind ?? (caller.kind === 'service' ? 'service' : 'role'), principal: row.arn, context: {} }] };
    return {
      ...common,
      isIdentity,
      principals: [row.arn],
      witnesses: inOrganization(prepared, withAttributes(search.witnesses, clauses, isIdentity, version)),
      callers: [caller],
      ...(search.incomplete === undefined ? {} : { incomplete: search.incomplete }),
    };
  }
  const isIdentity = identityOf(prepared, row, row.identity.kinds);
  const clauses = identityClauses(prepared, row, isIdentity);
  const found = searchIdentities(row.identity, clauses);
  const search = { ...found, witnesses: inOrganization(prepared, withAttributes(found.witnesses, clauses, isIdentity, prepared.keyPolicy.version)) };
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
    isIdentity,
    principals: search.witnesses.map((w) => w.principal),
    witnesses: search.witnesses,
    callers,
    ...(search.incomplete === undefined ? {} : { incomplete: search.incomplete }),
  };
}
