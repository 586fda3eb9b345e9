/**
 * Decide: KMS's authorization rules, one small pure function each, applied in order to what
 * matched. Each returns the rule that decides, or `undefined` to let the next one look. The
 * sentence, `allowedBy` and `deniedBy` are written from the rule and the facts, when read
 * (authorize/explain.ts).
 */
import type { KmsAction } from '../catalogue/types.js';
import type { CompiledStatement } from '../compile/statement.js';
import type { Caller } from '../principal/caller.js';
import type { DecisionKind } from '../evaluate/types.js';
import type { Matches } from './match.js';

/** Everything a rule reads: what matched, and who asks for what, where. */
export interface Facts extends Matches {
  readonly action: KmsAction;
  readonly caller: Caller;
  /** The key's account (`undefined` when the key ARN has none). */
  readonly keyAccount: string | undefined;
  readonly aliasGiven: boolean;
  /** No alias given: the identity statements that apply to every alias of the key's account and Region (the others to none). */
  readonly everyAlias?: ReadonlySet<CompiledStatement>;
  /** Whether the caller has identity policies (for the sentence only). */
  readonly hasIdentityPolicies: boolean;
  /** The first grant that allows the request, or -1 (only for grant operations). */
  readonly grant: number;
  /** The first grant whose retiring principal is the caller's account, or -1 (only for RetireGrant). */
  readonly retiringAccountGrant: number;
}

export type RuleId =
  | 'explicit-deny'
  | 'not-key-scoped/root'
  | 'not-key-scoped/iam'
  | 'not-key-scoped/none'
  | 'cross-account/not-supported'
  | 'iam-only/root'
  | 'iam-only/iam'
  | 'key-policy/root'
  | 'key-policy/direct'
  | 'key-policy/with-iam'
  | 'grant'
  | 'grant/retiring-account'
  | 'alias/no-iam'
  | 'key-policy/no-iam'
  | 'iam/no-key-policy'
  | 'nothing';

export interface Verdict {
  readonly decision: DecisionKind;
  readonly rule: RuleId;
}

const verdicts = new Map<RuleId, Verdict>();
/** One shared, frozen verdict per rule: deciding allocates nothing. */
function verdict(decision: DecisionKind, rule: RuleId): Verdict {
  let v = verdicts.get(rule);
  if (v === undefined) verdicts.set(rule, (v = Object.freeze({ decision, rule })));
  return v;
}

const allow = (rule: RuleId): Verdict => verdict('Allow', rule);
const implicitDeny = (rule: RuleId): Verdict => verdict('ImplicitDeny', rule);

export const isCrossAccount = (f: Facts): boolean =>
  // A service principal has no account and no identity policies: the key policy statement that
  // names it is all it needs, as for a principal of the key's own account.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
  f.caller.account !== undefined && f.caller.account !== f.keyAccount;

/**
 * An explicit Deny in the key policy or in the caller's identity policies wins over every Allow
 * and every grant. https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
 */
export function explicitDeny(f: Facts): Verdict | undefined {
  return f.denies.length > 0 ? verdict('ExplicitDeny', 'explicit-deny') : undefined;
}

/**
 * Actions not authorized against a key (CreateKey, ListKeys, …) are allowed only by identity
 * policies with a Resource matching "*"; a key policy never applies to them. The root user is
 * not limited by IAM policies.
 * https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
 */
export function notKeyScoped(f: Facts): Verdict | undefined {
  if (f.action.resource !== 'none') return undefined;
  if (f.caller.kind === 'root') return allow('not-key-scoped/root');
  if (f.iamAllows.length > 0) return allow('not-key-scoped/iam');
  return implicitDeny('not-key-scoped/none');
}

/**
 * A caller in another account can use only the operations KMS allows across accounts.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
export function crossAccountNotSupported(f: Facts): Verdict | undefined {
  return isCrossAccount(f) && !f.action.crossAccount ? implicitDeny('cross-account/not-supported') : undefined;
}

/**
 * An IAM-only permission authorized against the key (kms:RetireGrant): key policy statements are
 * not effective for it; an identity policy in the key's account is, and the root user of the
 * key's account may call it. https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html
 */
export function iamOnlyAction(f: Facts): Verdict | undefined {
  if (f.action.keyPolicy || isCrossAccount(f)) return undefined;
  if (f.caller.kind === 'root') return allow('iam-only/root');
  if (f.iamAllows.length > 0) return allow('iam-only/iam');
  return undefined;
}

const NO_STATEMENTS: readonly CompiledStatement[] = Object.freeze([]);
/** Key-policy statements that count: none for an IAM-only action. */
export const keyDirect = (f: Facts): readonly CompiledStatement[] => (f.action.keyPolicy ? f.direct : NO_STATEMENTS);
export const keyViaAccount = (f: Facts): readonly CompiledStatement[] => (f.action.keyPolicy ? f.viaAccount : NO_STATEMENTS);
/** The key policy statement that lets the caller in (naming it, or its account). */
export const keySide = (f: Facts): CompiledStatement | undefined => keyDirect(f)[0] ?? keyViaAccount(f)[0];

/**
 * CreateAlias/UpdateAlias/DeleteAlias also need the action allowed on the alias, which only an
 * identity policy can do (the root user is not limited by IAM policies).
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 */
export const aliasAllowed = (f: Facts): boolean => f.action.resource !== 'alias-and-key' || f.caller.kind === 'root' || f.aliasAllows.length > 0;

/**
 * The root user is the account itself: never limited by IAM policies, so a key policy statement
 * naming its account lets it in. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function rootUser(f: Facts): Verdict | undefined {
  return f.caller.kind === 'root' && keySide(f) && aliasAllowed(f) ? allow('key-policy/root') : undefined;
}

/**
 * A key policy statement that names the caller (or `*`) allows it in the key's own account
 * without any IAM policy. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export function keyPolicyDirect(f: Facts): Verdict | undefined {
  return !isCrossAccount(f) && keyDirect(f).length > 0 && aliasAllowed(f) ? allow('key-policy/direct') : undefined;
}

/**
 * A statement naming the caller's account allows nothing by itself: it makes the account's IAM
 * policies effective ("enable IAM policies"). Across accounts both are needed: the key policy
 * (naming the caller, its account or `*`) and an identity policy in the caller's account.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
export function keyPolicyWithIam(f: Facts): Verdict | undefined {
  return keySide(f) && aliasAllowed(f) && f.iamAllows.length > 0 ? allow('key-policy/with-iam') : undefined;
}

/**
 * A grant allows its grantee its operations under its constraints (authorize/grants.ts); a
 * retiring principal that is an account delegates RetireGrant to its IAM principals.
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/grant-delete.html
 */
export function grant(f: Facts): Verdict | undefined {
  if (f.grant >= 0) return allow('grant');
  if (f.retiringAccountGrant >= 0 && f.iamAllows.length > 0) return allow('grant/retiring-account');
  return undefined;
}

/** Nothing allowed it: the sentence says which half was missing. */
export function nothingAllows(f: Facts): Verdict {
  if (keySide(f)) return implicitDeny(aliasAllowed(f) ? 'key-policy/no-iam' : 'alias/no-iam');
  if (f.iamAllows.length > 0) return implicitDeny('iam/no-key-policy');
  return implicitDeny('nothing');
}

/** The rules, in the order KMS applies them. */
export const RULES: readonly ((f: Facts) => Verdict | undefined)[] = [
  explicitDeny,
  notKeyScoped,
  crossAccountNotSupported,
  iamOnlyAction,
  rootUser,
  keyPolicyDirect,
  keyPolicyWithIam,
  grant,
];

export function decide(f: Facts): Verdict {
  for (const rule of RULES) {
    const v = rule(f);
    if (v !== undefined) return v;
  }
  return nothingAllows(f);
}
