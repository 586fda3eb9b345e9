/**
 * Who a matrix row stands for (issue 9, /work/notes/contract.md): the class of concrete principals
 * each row's cells must answer for, how to draw random members of it, and whether a principal
 * (a generated one, or the witness of a point) belongs to it.
 *
 * Every principal belongs to the most specific row that covers it:
 * - a row naming one principal (`named`, `identity-policy`, `grantee`, `guardrail` (one a
 *   permissions boundary or a session policy is attached to), `key-account-root`, `custom`):
 *   that principal, and for a role, every session of the role that has no row of its own (a role
 *   ARN stands for a session of it in core);
 * - `external-account`: any principal of that account (users, roles, sessions, federated users,
 *   its root user) that no row names;
 * - `unnamed-role`: any principal of the key's account that no row names, except its root user;
 * - `outsider`: any principal of any account other than the key's account and the accounts with
 *   an `external-account` row, that no row names;
 * - `unnamed-service`: any AWS service principal that no row names.
 *
 * With an organization given, every account of it (members and the management account) leaves the
 * outsider class: the outsider class is "outside the organization", and each of those accounts has
 * a row of its own (`external-account`). A member's aws:PrincipalOrgID / aws:PrincipalOrgPaths are
 * its organization's, which core derives (its members carry none of their own); an outsider may be
 * in another organization, never in this one.
 */
import type { ContextValue, Organization } from '@kmsim/core';
import { parseCaller, principalArnOf, principalTypeOf, type Caller } from '@kmsim/core/internal';
import type { Matrix, PrincipalRow } from '@kmsim/simulator';
import type { Rng } from './rng.js';
import { ACCOUNTS, NAMES, ORG_IDS, PATHS, SERVICES, SESSIONS, TAG_KEYS, TAG_VALUES } from './world.js';

/** A concrete caller: its ARN and the identity keys AWS sets for it that core does not derive. */
export interface Member {
  readonly principal: string;
  /** aws:userid, aws:PrincipalTag/*, aws:PrincipalOrgID and aws:PrincipalOrgPaths. */
  readonly identity: Readonly<Record<string, ContextValue>>;
}

/** Rows named by a principal ARN (the others are classes). */
const ONE_PRINCIPAL = new Set(['named', 'identity-policy', 'grantee', 'guardrail', 'key-account-root', 'custom']);

/** Principals that rows name, to keep them out of the classes. */
interface Named {
  /** Lower-cased ARNs. */
  readonly arns: ReadonlySet<string>;
  /**
   * `account/name`, lower-cased, of the roles and users rows name. IAM role and user names are
   * unique in an account whatever their path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
   * so `role/a/App` is the role `role/App` names; and a role's sessions are covered by its row.
   */
  readonly roles: ReadonlySet<string>;
  readonly users: ReadonlySet<string>;
}

export type RowClass =
  | { readonly kind: 'principal'; readonly arn: string; readonly caller: Caller; readonly named: Named }
  | { readonly kind: 'account'; readonly account: string; readonly named: Named }
  | { readonly kind: 'key-account'; readonly account: string; readonly named: Named }
  | { readonly kind: 'outsider'; readonly excludedAccounts: ReadonlySet<string>; readonly named: Named }
  | { readonly kind: 'service'; readonly named: Named };

/** A member of the class no row names, never in the pools: an account always left for the outsider class. */
const FRESH_ACCOUNT = '777766665555';

const roleKey = (c: Caller): string | undefined =>
  (c.kind === 'role' || c.kind === 'assumed-role') && c.roleName !== undefined ? `${c.account}/${c.roleName.toLowerCase()}` : undefined;
const userKey = (c: Caller): string | undefined => (c.kind === 'user' && c.userName !== undefined ? `${c.account}/${c.userName.toLowerCase()}` : undefined);

function tryCaller(principal: string): Caller | undefined {
  try {
    return parseCaller(principal);
  } catch {
    return undefined;
  }
}

function isNamed(named: Named, c: Caller): boolean {
  if (named.arns.has(c.arn.toLowerCase())) return true;
  const role = roleKey(c);
  const user = userKey(c);
  return (role !== undefined && named.roles.has(role)) || (user !== undefined && named.users.has(user));
}

/** The accounts of an organization: its members and its management account. */
export function organizationAccounts(organization: Organization | undefined): string[] {
  return organization ? [...new Set([...Object.keys(organization.accounts), organization.managementAccount])] : [];
}

/** The class of every row of the matrix, by row id; the accounts of `organization` are never outsiders. */
export function rowClasses(matrix: Matrix, organization?: Organization): Map<string, RowClass> {
  const keyAccount = matrix.key.arn.split(':')[4] ?? '';
  const arns = new Set<string>();
  const roles = new Set<string>();
  const users = new Set<string>();
  const external = new Set<string>([keyAccount, ...organizationAccounts(organization)]);
  for (const row of matrix.principals) {
    if (ONE_PRINCIPAL.has(row.origin)) {
      arns.add(row.arn.toLowerCase());
      const c = tryCaller(row.arn);
      const role = c && c.kind === 'role' ? roleKey(c) : undefined;
      if (role !== undefined) roles.add(role);
      const user = c ? userKey(c) : undefined;
      if (user !== undefined) users.add(user);
    } else if (row.origin === 'external-account' && row.account !== undefined) external.add(row.account);
  }
  const named: Named = { arns, roles, users };
  const out = new Map<string, RowClass>();
  for (const row of matrix.principals) out.set(row.id, classOf(row, keyAccount, named, external));
  return out;
}

function classOf(row: PrincipalRow, keyAccount: string, named: Named, excludedAccounts: ReadonlySet<string>): RowClass {
  switch (row.origin) {
    case 'outsider':
      return { kind: 'outsider', excludedAccounts, named };
    case 'external-account':
      if (row.account === undefined) throw new Error(`row ${row.id}: an external-account row without its account`);
      return { kind: 'account', account: row.account, named };
    case 'unnamed-role':
      return { kind: 'key-account', account: keyAccount, named };
    case 'unnamed-service':
      return { kind: 'service', named };
    default: {
      const caller = tryCaller(row.arn);
      if (!caller) throw new Error(`row ${row.id} (${row.origin}) does not name a principal core accepts: ${row.arn}`);
      return { kind: 'principal', arn: row.arn, caller, named };
    }
  }
}

/** Undefined when `principal` is a member of the class, else why not. */
export function membershipProblem(cls: RowClass, principal: string): string | undefined {
  const c = tryCaller(principal);
  if (!c) return `${principal} is not a principal that can send a request`;
  switch (cls.kind) {
    case 'principal': {
      if (principal === cls.arn) return undefined;
      const own = roleKey(cls.caller);
      if (cls.caller.kind === 'role' && c.kind === 'assumed-role' && own !== undefined && roleKey(c) === own)
        return cls.named.arns.has(c.arn.toLowerCase()) ? `${principal} has a row of its own` : undefined;
      return `${principal} is not ${cls.arn}${cls.caller.kind === 'role' ? ' nor a session of it' : ''}`;
    }
    case 'account':
      if (c.account !== cls.account) return `${principal} is not in account ${cls.account}`;
      return isNamed(cls.named, c) ? `${principal} has a row of its own` : undefined;
    case 'key-account':
      if (c.account !== cls.account) return `${principal} is not in the key's account ${cls.account}`;
      if (c.kind === 'root') return `${principal} is the key account's root user, which has a row of its own`;
      return isNamed(cls.named, c) ? `${principal} has a row of its own` : undefined;
    case 'outsider':
      if (c.account === undefined) return `${principal} is a service principal, not a principal of another account`;
      if (cls.excludedAccounts.has(c.account)) return `${principal} is in account ${c.account}, which has rows of its own`;
      return isNamed(cls.named, c) ? `${principal} has a row of its own` : undefined;
    case 'service':
      if (c.kind !== 'service') return `${principal} is not an AWS service principal`;
      return isNamed(cls.named, c) ? `${principal} has a row of its own` : undefined;
  }
}

type Kind = 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user';
const ALL_KINDS: readonly Kind[] = ['root', 'user', 'role', 'assumed-role', 'federated-user'];

function arnOf(kind: Kind, account: string, name: string, path: string, session: string): string {
  switch (kind) {
    case 'root':
      return `arn:aws:iam::${account}:root`;
    case 'user':
      return `arn:aws:iam::${account}:user/${path}${name}`;
    case 'role':
      return `arn:aws:iam::${account}:role/${path}${name}`;
    case 'assumed-role':
      return `arn:aws:sts::${account}:assumed-role/${name}/${session}`;
    case 'federated-user':
      return `arn:aws:sts::${account}:federated-user/${name}`;
  }
}

/** A caller of one of `accounts`, of one of `kinds`; a name some row already names gets a suffix. */
function drawCaller(r: Rng, accounts: readonly string[], kinds: readonly Kind[], cls: RowClass): string {
  const kind = r.pick(kinds);
  const account = r.pick(accounts);
  const name = r.pick(NAMES);
  const path = r.pick(PATHS);
  const session = r.pick(SESSIONS);
  const arn = arnOf(kind, account, name, path, session);
  return membershipProblem(cls, arn) === undefined ? arn : arnOf(kind, account, `${name}-m`, path, session);
}

const UNIQUE_IDS = ['KMSIMOUTSIDER000000', 'EXAMPLE7777777777777', 'ABCDEFGHIJKLMNOPQRS'] as const;

/** The identity keys of a caller that AWS sets and core does not derive, consistent with its ARN (and with `organization`). */
function drawIdentity(r: Rng, principal: string, organization: Organization | undefined): Member {
  const c = parseCaller(principal);
  const identity: Record<string, ContextValue> = {};
  if (c.kind === 'service') return { principal, identity };
  const last = principal.slice(principal.lastIndexOf('/') + 1);
  // aws:userid by principal type: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
  if (c.kind === 'root') identity['aws:userid'] = c.account ?? '';
  else if (c.kind === 'user') identity['aws:userid'] = `AIDA${r.pick(UNIQUE_IDS)}`;
  else if (c.kind === 'assumed-role') identity['aws:userid'] = `AROA${r.pick(UNIQUE_IDS)}:${last}`;
  else if (c.kind === 'role') identity['aws:userid'] = `AROA${r.pick(UNIQUE_IDS)}:${r.pick(SESSIONS)}`;
  else identity['aws:userid'] = `${c.account}:${last}`;
  // Principal tags: IAM users, roles and sessions (session tags); the root user has none.
  if (c.kind !== 'root') for (const k of TAG_KEYS) if (r.chance(0.4)) identity[`aws:PrincipalTag/${k}`] = r.pick(TAG_VALUES);
  // A member of the organization has its keys, which core derives; an outsider none, or another organization's.
  const orgs = ORG_IDS.filter((id) => id !== organization?.id);
  if (!organizationAccounts(organization).includes(c.account ?? '') && orgs.length > 0 && r.chance(0.6)) {
    const org = r.pick(orgs);
    identity['aws:PrincipalOrgID'] = org;
    identity['aws:PrincipalOrgPaths'] = [`${org}/r-ab12/ou-ab12-11111111/`];
  }
  return { principal, identity };
}

/** A random member of a class, with its identity keys (those of `organization` for its accounts). */
export function drawMember(r: Rng, cls: RowClass, organization?: Organization): Member {
  let principal: string;
  switch (cls.kind) {
    case 'principal': {
      const { caller, arn } = cls;
      const session =
        caller.kind === 'role' && caller.roleName !== undefined && r.chance(0.5)
          ? `arn:${caller.partition}:sts::${caller.account}:assumed-role/${caller.roleName}/${r.pick(SESSIONS)}`
          : arn;
      // A session with a row of its own (a session policy's) is not the role row's.
      principal = membershipProblem(cls, session) === undefined ? session : arn;
      break;
    }
    case 'account':
      principal = drawCaller(r, [cls.account], ALL_KINDS, cls);
      break;
    case 'key-account':
      principal = drawCaller(r, [cls.account], ['user', 'role', 'assumed-role', 'federated-user'], cls);
      break;
    case 'outsider':
      principal = drawCaller(r, [...ACCOUNTS.filter((a) => !cls.excludedAccounts.has(a)), FRESH_ACCOUNT], ALL_KINDS, cls);
      break;
    case 'service': {
      const s = r.pick(SERVICES);
      principal = membershipProblem(cls, s) === undefined ? s : `m-${s}`;
      break;
    }
  }
  return drawIdentity(r, principal, organization);
}

const USER_ID: Record<Caller['kind'], RegExp | undefined> = {
  root: /^\d{12}$/,
  user: /^AIDA[A-Z0-9]+$/,
  role: /^AROA[A-Z0-9]+:.+$/,
  'assumed-role': /^AROA[A-Z0-9]+:.+$/,
  'federated-user': /^\d{12}:.+$/,
  service: undefined,
};

/**
 * Undefined when the identity keys of a request could come with its principal (AWS sets them; the
 * caller cannot choose them), else what is wrong. Keys left out are fine: core derives them.
 */
export function identityProblem(principal: string, context: Readonly<Record<string, ContextValue>>): string | undefined {
  const c = tryCaller(principal);
  if (!c) return `${principal} is not a principal that can send a request`;
  const ctx = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  const expect = (key: string, want: string | boolean | undefined): string | undefined => {
    if (!ctx.has(key)) return undefined;
    const got = ctx.get(key);
    if (want === undefined) return `${key} = ${JSON.stringify(got)}, but ${principal} has no ${key}`;
    return String(got).toLowerCase() === String(want).toLowerCase()
      ? undefined
      : `${key} = ${JSON.stringify(got)}, but ${principal} has ${JSON.stringify(want)}`;
  };
  const problems = [
    expect('aws:principalarn', principalArnOf(c)),
    expect('aws:principalaccount', c.account),
    expect('kms:calleraccount', c.account),
    expect('aws:principaltype', principalTypeOf(c)),
    expect('aws:principalisawsservice', c.kind === 'service'),
    expect('aws:principalservicename', c.kind === 'service' ? c.arn : undefined),
    expect('aws:username', c.kind === 'user' ? c.userName : undefined),
  ];
  const userid = ctx.get('aws:userid');
  if (userid !== undefined) {
    const shape = USER_ID[c.kind];
    const session = principal.slice(principal.lastIndexOf('/') + 1);
    if (!shape || typeof userid !== 'string' || !shape.test(userid))
      problems.push(`aws:userid = ${JSON.stringify(userid)} cannot be the user id of ${principal}`);
    else if (c.kind === 'root' && userid !== c.account) problems.push(`aws:userid = ${userid}, but the root user's is its account ${c.account}`);
    else if ((c.kind === 'assumed-role' || c.kind === 'federated-user') && !userid.endsWith(`:${session}`))
      problems.push(`aws:userid = ${userid} does not end with the session name of ${principal}`);
    else if (c.kind === 'federated-user' && !userid.startsWith(`${c.account}:`))
      problems.push(`aws:userid = ${userid} does not start with the account of ${principal}`);
  }
  if (c.kind === 'root' || c.kind === 'service') {
    for (const k of ctx.keys()) if (k.startsWith('aws:principaltag/')) problems.push(`${k} is set, but ${principal} cannot have principal tags`);
  }
  if (c.kind === 'service' && ctx.has('aws:principalorgid')) problems.push(`aws:PrincipalOrgID is set for the service principal ${principal}`);
  const paths = ctx.get('aws:principalorgpaths');
  if (paths !== undefined) {
    const org = ctx.get('aws:principalorgid');
    const list = Array.isArray(paths) ? paths : [paths];
    if (org === undefined || !list.every((p) => String(p).startsWith(`${String(org)}/`)))
      problems.push(`aws:PrincipalOrgPaths ${JSON.stringify(paths)} is not under aws:PrincipalOrgID ${JSON.stringify(org)}`);
  }
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length > 0 ? found.join('; ') : undefined;
}
