/**
 * Identity keys AWS sets from who the caller is, that no principal ARN spells: principal tags and
 * the organization. Which of them a member can have depends on its kind, so they are not free keys
 * of the request: each witness member gets every combination of their classes its kind allows, and
 * the principal dimension (identity-space.ts) tells them apart like the rest of its identity.
 *
 * - aws:PrincipalTag/*: only for IAM users and roles (role sessions, federated users' sessions) with
 *   tags or session tags; never for the root user or a service principal.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html (GetFederationToken passes session tags)
 * - aws:PrincipalOrgID and aws:PrincipalOrgPaths: only when the principal's account is a member of an
 *   organization, then both (the path starts with the organization id); never for a service principal.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 */
import type { ConditionClause, ContextValue } from '@kmsim/core';
import { partitionKeyClauses } from './partition.js';
import type { IdentityWitness, MemberKind } from './identity.js';

const TAG_PREFIX = 'aws:principaltag/';
const ORG_ID = 'aws:principalorgid';
const ORG_PATHS = 'aws:principalorgpaths';

export const isOrgPathsKey = (lower: string): boolean => lower === ORG_PATHS;

/** Keys of this module (lower case): the principal's tags and its organization. */
export const isAttributeKey = (lower: string): boolean => lower.startsWith(TAG_PREFIX) || lower === ORG_ID || lower === ORG_PATHS;

const CAN_HAVE_TAGS: ReadonlySet<MemberKind> = new Set(['user', 'role', 'federated-user']);
const CAN_BE_IN_ORG: ReadonlySet<MemberKind> = new Set(['root', 'user', 'role', 'federated-user']);

/**
 * The attribute keys the principal dimension decides for members of these kinds: those some kind
 * cannot have (tags with a root user or a service among them, the organization with a service),
 * and the organization whenever aws:PrincipalOrgPaths is tested (its paths start with the id).
 * Every member can have the others: they stay free keys of the request, each its own dimension.
 */
export function foldedAttributes(kinds: readonly MemberKind[], orgPathsTested: boolean): (lower: string) => boolean {
  const tags = kinds.some((k) => !CAN_HAVE_TAGS.has(k));
  // The path lies under the organization id: when a policy reads the path, the two go together.
  const org = orgPathsTested || kinds.some((k) => !CAN_BE_IN_ORG.has(k));
  return (lower) => (lower.startsWith(TAG_PREFIX) ? tags : lower === ORG_ID || lower === ORG_PATHS ? org : false);
}

/** An organization id, for members of an organization the policies do not name. */
const FRESH_ORG = 'o-exampleorg1';

/** A root id and an OU under it, to spell a path of an organization (`o-…/r-…/ou-…/`). */
const PATH_TAIL = 'r-ab12/';

type Variant = Readonly<Record<string, ContextValue>>;

function values(key: string, clauses: readonly ConditionClause[], version: string): (ContextValue | undefined)[] {
  return partitionKeyClauses({ key, clauses }, { policyVersion: version }).classes.map((c) => c.value);
}

const SET_PREFIX = /^(ForAnyValue|ForAllValues):/i;

/**
 * The classes of values a member that has an organization can hold for one of its keys, each one
 * string (a principal is in one organization, at one place in it: one id, one path). On one value,
 * `ForAnyValue:`/`ForAllValues:` read as the operator itself, so the clauses are read without them
 * (on a key name of their own, so that no catalogue entry makes the values sets).
 */
function present(clauses: readonly ConditionClause[], version: string): string[] {
  const key = 'kmsim:org';
  const single = clauses.map((c) => ({ ...c, key, operator: c.operator.replace(SET_PREFIX, '') }));
  const space = partitionKeyClauses({ key, clauses: single }, { policyVersion: version, alwaysPresent: () => true });
  return space.classes.flatMap((c) => (typeof c.value === 'string' ? [c.value] : []));
}

/** An instance of each value the clauses name (`*` as nothing, `?` as one letter). */
function instances(clauses: readonly ConditionClause[]): string[] {
  return clauses.flatMap((c) => c.values.flatMap((v) => (typeof v === 'string' && !v.includes('${') ? [v.replace(/\*/g, '').replace(/\?/g, 'a')] : [])));
}

/** Every organization a member can be in, as its keys: none, or an id with one path under it. */
function orgVariants(clauses: readonly ConditionClause[], version: string): Variant[] {
  const ids = clauses.filter((c) => String(c.key).toLowerCase() === ORG_ID);
  const paths = clauses.filter((c) => String(c.key).toLowerCase() === ORG_PATHS);
  // One path per class, and an instance of every path the clauses name (classes merge ids the paths tell apart).
  const single = [...new Set([...(paths.length ? present(paths, version) : []), ...instances(paths)])];
  const orgs = new Set<string>(ids.length ? present(ids, version) : []);
  // Every id the clauses name, not one per class: the paths may tell apart ids the id clauses do not.
  for (const v of instances(ids)) orgs.add(v);
  for (const p of single) if (p.includes('/')) orgs.add(p.slice(0, p.indexOf('/')));
  // And an organization no clause names.
  orgs.add(FRESH_ORG);
  const out: Variant[] = [{}];
  for (const org of orgs) {
    const under = new Set([`${org}/${PATH_TAIL}`, ...single.filter((p) => p.startsWith(`${org}/`))]);
    // A path pattern read after this organization's id (`*/r-ab12/*` …): its instance under it.
    for (const p of single) if (p.includes('/')) under.add(`${org}${p.slice(p.indexOf('/'))}`);
    for (const p of under) out.push({ 'aws:PrincipalOrgID': org, 'aws:PrincipalOrgPaths': [p] });
  }
  return out;
}

function product(dims: readonly Variant[][]): Variant[] {
  let out: Variant[] = [{}];
  for (const dim of dims) out = out.flatMap((a) => dim.map((b) => ({ ...a, ...b })));
  return out;
}

/**
 * Each witness with every combination of the folded tag and organization classes its kind can have (the
 * clauses' own classes, one value each). Witnesses are returned as they are when no clause reads
 * these keys.
 */
export function withAttributes(
  witnesses: readonly IdentityWitness[],
  clauses: readonly ConditionClause[],
  folded: (lower: string) => boolean,
  version = '2012-10-17',
): IdentityWitness[] {
  const tagKeys = new Map<string, { key: string; clauses: ConditionClause[] }>();
  const org: ConditionClause[] = [];
  for (const c of clauses) {
    const lower = String(c.key).toLowerCase();
    if (!folded(lower)) continue;
    if (lower.startsWith(TAG_PREFIX)) {
      const g = tagKeys.get(lower) ?? { key: String(c.key), clauses: [] };
      g.clauses.push(c);
      tagKeys.set(lower, g);
    } else if (lower === ORG_ID || lower === ORG_PATHS) org.push(c);
  }
  if (tagKeys.size === 0 && org.length === 0) return [...witnesses];
  const tagDims: Variant[][] = [...tagKeys.values()].map((g) => values(g.key, g.clauses, version).map((v): Variant => (v === undefined ? {} : { [g.key]: v })));
  const tags = product(tagDims);
  const orgs = org.length ? orgVariants(org, version) : [{}];
  const out: IdentityWitness[] = [];
  for (const w of witnesses) {
    const own = product([CAN_HAVE_TAGS.has(w.kind) ? tags : [{}], CAN_BE_IN_ORG.has(w.kind) ? orgs : [{}]]);
    for (const extra of own) out.push({ ...w, context: { ...w.context, ...extra } });
  }
  return out;
}
