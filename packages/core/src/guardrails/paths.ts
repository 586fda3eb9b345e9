/**
 * How the base decision's Allow reached the caller (the key policy naming it, an identity policy,
 * a grant), read from the facts `decide` used: the boundary and session-policy caps depend on it
 * (guardrails/rules.ts, `boundaryCaps` and `sessionPolicyCaps`).
 */
import { aliasAllowed, isCrossAccount, keyDirect, keySide, type Facts, type Verdict } from '../authorize/decide.js';
import type { Grant } from '../evaluate/types.js';
import type { PrincipalSet } from '../model/policy.js';
import type { Caller } from '../principal/caller.js';
import { accountOfEntry, entryInfo } from '../principal/match.js';
import type { PermissionPath } from './rules.js';

/** The least capped reading first: a statement naming both the role and the session counts as naming the session. */
const RANK: Readonly<Record<PermissionPath, number>> = { root: 0, service: 0, everyone: 1, session: 1, user: 2, role: 3, iam: 4 };
const best = (a: PermissionPath | undefined, b: PermissionPath): PermissionPath => (a === undefined || RANK[b] < RANK[a] ? b : a);

/** How one principal text names the caller (`undefined`: it does not). */
export function namedBy(text: string, caller: Caller): PermissionPath | undefined {
  if (text === '*') return 'everyone';
  if (caller.kind === 'service') return text === caller.arn ? 'service' : undefined;
  if (text === caller.arn) {
    if (caller.kind === 'root') return 'root';
    if (caller.kind === 'user') return 'user';
    if (caller.kind === 'role') return 'role';
    return 'session';
  }
  if (caller.kind === 'root' && accountOfEntry(text) === caller.account) return 'root';
  const role = entryInfo(text).role;
  if (role !== undefined && (caller.kind === 'assumed-role' || caller.kind === 'role') && role.account === caller.account && role.name === caller.roleName)
    return 'role';
  return undefined;
}

/** How a key policy statement that matched the caller directly names it. */
export function statementNames(principal: PrincipalSet | undefined, caller: Caller): PermissionPath {
  // NotPrincipal, or `*`: every principal, the caller's own ARN included.
  if (principal === undefined || principal.wildcard) return 'everyone';
  let out: PermissionPath | undefined;
  for (const list of [principal.aws, principal.service, principal.federated]) {
    for (const text of list) {
      const n = typeof text === 'string' ? namedBy(text, caller) : undefined;
      if (n !== undefined) out = best(out, n);
    }
  }
  return out ?? 'role';
}

const ROOT_RULES: ReadonlySet<string> = new Set(['not-key-scoped/root', 'iam-only/root', 'key-policy/root']);

/** Every way the request is allowed, given the base Allow (empty when the base did not allow). */
export function permissionPaths(v: Verdict, f: Facts, grants: readonly Grant[]): PermissionPath[] {
  if (v.decision !== 'Allow') return [];
  if (ROOT_RULES.has(v.rule)) return ['root'];
  const paths: PermissionPath[] = [];
  const cross = isCrossAccount(f);
  if (!cross && aliasAllowed(f)) for (const s of keyDirect(f)) paths.push(statementNames(s.statement.principal, f.caller));
  const iamCounts =
    f.action.resource === 'none' || (!f.action.keyPolicy && !cross) || (keySide(f) !== undefined && aliasAllowed(f)) || f.retiringAccountGrant >= 0;
  if (f.iamAllows.length > 0 && iamCounts) paths.push('iam');
  const g = f.grant >= 0 ? grants[f.grant] : undefined;
  if (g !== undefined) {
    const n = namedBy(g.granteePrincipal, f.caller) ?? (g.retiringPrincipal !== undefined ? namedBy(g.retiringPrincipal, f.caller) : undefined);
    paths.push(n ?? 'role');
  }
  return paths;
}
