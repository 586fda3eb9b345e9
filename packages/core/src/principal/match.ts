/**
 * Matching a key policy's Principal / NotPrincipal element against the caller.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html (Principal)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import type { PrincipalSet } from '../model/policy.js';
import { LruCache } from '../common/lru.js';
import type { Caller } from './caller.js';
import { ACCOUNT_ID, ACCOUNT_ROOT_ARN as ACCOUNT_ROOT, lastSegment, ROLE_ARN as ROLE } from './syntax.js';

/**
 * - `direct`: the statement names this principal (its ARN, its role for a role session, or `*`).
 * - `account`: the statement names the caller's account (`arn:aws:iam::ACCT:root` or `ACCT`).
 *   That "allows nothing by itself": it lets the account's IAM policies grant access.
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export type PrincipalMatch = 'direct' | 'account' | 'none';

export function accountOfEntry(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  return ACCOUNT_ROOT.exec(entry)?.[1];
}

/** What matching reads from an AWS principal entry: its account (for an account entry) and, for a role ARN, the role's account and name. */
export interface EntryInfo {
  readonly account: string | undefined;
  readonly role: { readonly account: string; readonly name: string } | undefined;
}

function readEntry(entry: string): EntryInfo {
  const account = accountOfEntry(entry);
  const m = account === undefined ? ROLE.exec(entry) : null;
  if (!m) return { account, role: undefined };
  const [, , roleAccount = '', path = ''] = m;
  return { account, role: { account: roleAccount, name: lastSegment(path) } };
}

/** Entries read once: policies name the same few principals over and over (bounded, like the evaluator's caches). */
const ENTRY_CACHE_LIMIT = 4096;
const entries = new LruCache<string, EntryInfo>(ENTRY_CACHE_LIMIT);

/** How an AWS principal entry is read (cached). */
export function entryInfo(entry: string): EntryInfo {
  let info = entries.get(entry);
  if (!info) {
    info = readEntry(entry);
    entries.set(entry, info);
  }
  return info;
}

/** The key under which a role (or its sessions) is indexed: role account and role name. */
export const roleKey = (account: string, name: string): string => `${account}/${name}`;

/** A role ARN names the role and every session of it (an assumed-role ARN with that role name). */
function roleCovers(role: EntryInfo['role'], caller: Caller): boolean {
  if (caller.kind !== 'assumed-role' && caller.kind !== 'role') return false;
  if (!role) return false;
  return role.account === caller.account && role.name === caller.roleName;
}

function awsEntryMatch(entry: string, caller: Caller): PrincipalMatch {
  // Entries that are not text (a hand-built model) are read afresh each time.
  const info = typeof entry === 'string' ? entryInfo(entry) : readEntry(entry);
  const { account } = info;
  if (account !== undefined) {
    if (account !== caller.account) return 'none';
    // The root user is the account itself: naming the account lets it in without IAM policies.
    return caller.kind === 'root' ? 'direct' : 'account';
  }
  if (entry === caller.arn || roleCovers(info.role, caller)) return 'direct';
  return 'none';
}

export function matchPrincipal(set: PrincipalSet, caller: Caller): PrincipalMatch {
  if (set.wildcard) return 'direct';
  let best: PrincipalMatch = 'none';
  for (const entry of set.aws) {
    const m = awsEntryMatch(entry, caller);
    if (m === 'direct') return 'direct';
    if (m === 'account') best = 'account';
  }
  if (caller.kind === 'service' && set.service.includes(caller.arn)) return 'direct';
  if (set.federated.includes(caller.arn) || set.canonicalUser.includes(caller.arn)) return 'direct';
  return best;
}

/**
 * NotPrincipal: the statement applies unless every identity of the request is listed. A request
 * carries the principal's own ARN and its account; with `Deny`, a principal is exempt only when
 * both are listed. Roles are exempt only by the exact ARN the request carries (a role ARN does not
 * exempt its sessions: list the assumed-role session ARN).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function notPrincipalApplies(set: PrincipalSet, caller: Caller): boolean {
  if (set.wildcard) return false;
  if (caller.kind === 'service') return !set.service.includes(caller.arn);
  // A caller written as a role ARN stands for a session of that role, whose session ARN is not
  // known: listing the role ARN does not exempt it (sessions must be named one by one).
  const listedArn = caller.kind !== 'role' && (set.aws.includes(caller.arn) || set.federated.includes(caller.arn));
  const listedAccount = set.aws.some((e) => accountOfEntry(e) === caller.account);
  if (caller.kind === 'root') return !listedAccount;
  return !(listedArn && listedAccount);
}
