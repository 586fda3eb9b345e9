/**
 * The guardrail rules: small pure functions, each citing the page it follows. They say which
 * guardrail applies to a request and how the evaluator combines what each one said with the
 * decision the key policy, identity policies and grants gave (guardrails/evaluate.ts runs them).
 */
import type { KmsAction } from '../catalogue/types.js';
import type { DecisionKind } from '../evaluate/types.js';
import type { Caller } from '../principal/caller.js';
import type { CompiledOrganization, MemberAccount } from './compile.js';

/** What one level of an SCP or RCP stack said about the request. */
export type LevelVote = 'deny' | 'allow' | 'none';

/** What a whole stack (or a single policy) said: a Deny at a level, a level without Allow, or Allow throughout. */
export type StackOutcome =
  | { readonly kind: 'deny'; readonly level: number }
  | { readonly kind: 'no-allow'; readonly level: number }
  | { readonly kind: 'allow' };

/**
 * An explicit Deny at any level denies; otherwise every level from the root through each OU to
 * the account must allow. Same rule for SCPs and RCPs.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * ("there must be an explicit Allow statement at every level from the root through each OU in the
 * direct path to the account (including the target account itself)")
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
export function stackOutcome(votes: readonly LevelVote[]): StackOutcome {
  const denied = votes.indexOf('deny');
  if (denied >= 0) return { kind: 'deny', level: denied };
  const missing = votes.indexOf('none');
  return missing >= 0 ? { kind: 'no-allow', level: missing } : { kind: 'allow' };
}

/** A level's vote from the statements that matched it: a Deny wins over an Allow. */
export function levelVote(denied: boolean, allowed: boolean): LevelVote {
  return denied ? 'deny' : allowed ? 'allow' : 'none';
}

/**
 * A service-linked role is an IAM role under the path `aws-service-role/`. A session of it (an
 * assumed-role ARN) does not show the path: give the role's ARN for service-linked roles.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
export function isServiceLinkedRole(caller: Caller): boolean {
  return caller.kind === 'role' && caller.arn.includes(':role/aws-service-role/');
}

/** Whether a guardrail applies, and if not, why (for the trace). */
export type Applies = { readonly applies: true; readonly account: MemberAccount } | { readonly applies: false; readonly why: string };

/**
 * SCPs limit the IAM users and roles of member accounts, including the member account's root
 * user; they never limit the management account, service-linked roles, or principals outside the
 * organization (service principals belong to no account).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html#scp-effects-on-permissions
 * ("SCPs affect only member accounts in the organization. They have no effect on users or roles in
 * the management account"; "SCPs do not affect any service-linked role"; "An SCP restricts
 * permissions for IAM users and roles in member accounts, including the member account's root user")
 */
export function scpApplies(caller: Caller, org: CompiledOrganization): Applies {
  const account = caller.account;
  if (account === undefined) return { applies: false, why: `SCPs do not apply to the service principal ${caller.arn}` };
  if (account === org.managementAccount) return { applies: false, why: `SCPs do not apply: ${account} is the organization's management account` };
  const member = org.accounts.get(account);
  if (member === undefined) return { applies: false, why: `SCPs of ${org.id} do not apply: the caller's account ${account} is outside the organization` };
  if (isServiceLinkedRole(caller)) return { applies: false, why: 'SCPs do not apply to a service-linked role' };
  return { applies: true, account: member };
}

/**
 * RCPs limit every request for a resource of a member account, whoever makes it (principals of
 * other accounts, of the management account, a member account's root user, AWS service
 * principals); they never apply to resources of the management account, to service-linked roles,
 * or to kms:RetireGrant. A request not made on a key (CreateKey, ListKeys, …) has no resource in a
 * member account: RCPs do not apply to it (kmsim's reading). AWS managed keys are also exempt; kmsim
 * models customer managed keys.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * ("RCPs impact the effective permissions of principals trying to access resources in a member
 * account with an applicable RCP, regardless of whether the principals belong to the same
 * organizations or not"; "RCPs don't affect resources in the management account"; service-linked roles)
 * https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html ("The
 * kms:RetireGrant permission is not effective in an RCP"; "do not apply to AWS managed keys")
 * Service principals: the documented confused-deputy RCP denies requests with
 * aws:PrincipalIsAWSService true, so RCPs apply to them.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
 */
export function rcpApplies(keyAccount: string | undefined, caller: Caller, action: KmsAction, org: CompiledOrganization): Applies {
  if (action.resource === 'none') return { applies: false, why: `RCPs do not apply: ${action.name} is not made on a key` };
  if (action.name === 'kms:RetireGrant') return { applies: false, why: 'RCPs do not apply to kms:RetireGrant' };
  if (keyAccount === undefined) return { applies: false, why: 'RCPs do not apply: the key ARN names no account' };
  if (keyAccount === org.managementAccount) return { applies: false, why: `RCPs do not apply: the key is in the management account ${keyAccount}` };
  const member = org.accounts.get(keyAccount);
  if (member === undefined) return { applies: false, why: `RCPs of ${org.id} do not apply: the key's account ${keyAccount} is outside the organization` };
  if (isServiceLinkedRole(caller)) return { applies: false, why: 'RCPs do not apply to a service-linked role' };
  return { applies: true, account: member };
}

/**
 * How a permission reached the caller, for the boundary and session-policy caps:
 * `root` (the root user: it has neither), `service` (a service principal: neither), `iam` (an
 * identity policy), or a resource-based grant (a key policy statement or a grant) naming the
 * caller as a `user`, a `role` (the role's ARN, for one of its sessions), a `session` (the session's
 * own ARN) or `everyone` (`*` / NotPrincipal).
 */
export type PermissionPath = 'root' | 'service' | 'iam' | 'user' | 'role' | 'session' | 'everyone';

/**
 * A permissions boundary caps identity-based permissions. A resource-based policy naming an IAM
 * user or a role session of the same account is not limited by the boundary's implicit deny; one
 * naming the role's ARN is. kmsim reads `*` as naming the caller itself (the least capped reading:
 * an audit never misses access). Across accounts the caller's own account must allow the request
 * through identity policies, which the boundary caps.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * ("Resource-based policies – ... an implicit deny in a permissions boundary doesn't limit ... the
 * IAM user ... or the role session ARN"; a grant to the IAM role ARN is limited)
 */
export function boundaryCaps(path: PermissionPath, sameAccount: boolean): boolean {
  switch (path) {
    case 'root':
    case 'service':
      return false;
    case 'iam':
    case 'role':
      return true;
    case 'user':
    case 'session':
    case 'everyone':
      return !sameAccount;
  }
}

/**
 * A session policy caps the permissions of the session: identity-based ones and those of a
 * resource-based policy naming the user or the role; not those of a resource-based policy naming
 * the session's own ARN.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session ("The
 * session policy limits the total permissions granted by the resource-based policy and the
 * identity-based policy"; "A resource-based policy can specify the ARN of the session as a
 * principal ... The resource-based policy permissions are not limited by the session policy")
 */
export function sessionPolicyCaps(path: PermissionPath, sameAccount: boolean): boolean {
  switch (path) {
    case 'root':
    case 'service':
      return false;
    case 'iam':
    case 'role':
    case 'user':
      return true;
    case 'session':
    case 'everyone':
      return !sameAccount;
  }
}

/** What a boundary or a session policy said: `undefined` when none is attached to the caller. */
export type CapOutcome = 'allow' | 'no-allow' | undefined;

/** Whether a permission path survives the caller's boundary and session policy. */
export function pathSurvives(path: PermissionPath, sameAccount: boolean, boundary: CapOutcome, session: CapOutcome): boolean {
  if (boundary === 'no-allow' && boundaryCaps(path, sameAccount)) return false;
  if (session === 'no-allow' && sessionPolicyCaps(path, sameAccount)) return false;
  return true;
}

/** The request key naming the endpoint (the simulator splits cells on it). */
export const ENDPOINT_KEY = 'aws:SourceVpce';

/**
 * A VPC endpoint policy applies to requests that go through the endpoint: those whose
 * aws:SourceVpce is the endpoint's id. An id with no policy given has AWS's default (full access).
 * https://docs.aws.amazon.com/kms/latest/developerguide/security-iam.html ("You can also use VPC
 * endpoint policies to determine which principals can access your AWS KMS endpoint, which API calls
 * they can make, and which KMS key they can access")
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 * A Principal naming an account covers every principal of that account (kmsim's reading).
 */
export function endpointOf(sourceVpce: unknown, known: (id: string) => boolean): string | undefined {
  return typeof sourceVpce === 'string' && known(sourceVpce) ? sourceVpce : undefined;
}

/**
 * A key policy Deny with NotPrincipal always denies an IAM user or role that has a permissions
 * boundary, whatever NotPrincipal lists.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html ("The
 * NotPrincipal element with a Deny effect will always deny any IAM principal that has a
 * permissions boundary policy attached, regardless of the values specified in the NotPrincipal element")
 */
export function notPrincipalDenyBinds(hasBoundary: boolean, effect: string | undefined, hasNotPrincipal: boolean): boolean {
  return hasBoundary && effect === 'Deny' && hasNotPrincipal;
}

/** Which guardrail decided (`passed`: none changed the base decision). */
export type GuardrailRule =
  | 'guardrail/explicit-deny'
  | 'boundary/not-principal-deny'
  | 'rcp/no-allow'
  | 'scp/no-allow'
  | 'vpc-endpoint-policy/no-allow'
  | 'permissions-boundary/no-allow'
  | 'session-policy/no-allow'
  | 'passed';

export interface GuardrailFacts {
  /** Whether any guardrail statement explicitly denies the request. */
  readonly denied: boolean;
  /** Whether a key policy Deny with NotPrincipal binds the caller because it has a boundary (`notPrincipalDenyBinds`). */
  readonly notPrincipalDeny: boolean;
  /** `undefined`: the stack does not apply. */
  readonly rcp: StackOutcome | undefined;
  readonly scp: StackOutcome | undefined;
  readonly endpoint: CapOutcome;
  readonly boundary: CapOutcome;
  readonly session: CapOutcome;
  /** How the base decision's Allow reached the caller (empty unless it allowed). */
  readonly paths: readonly PermissionPath[];
  readonly sameAccount: boolean;
}

/**
 * AWS's order: an explicit Deny in any policy wins; then the RCPs must allow, then the SCPs;
 * resource-based and identity-based policies come next (the base decision); the boundary and the
 * session policy cap what those allowed. Guardrails never grant: a base implicit deny stays one,
 * and a base explicit deny keeps its own reason.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * The VPC endpoint policy must also allow a request made through its endpoint:
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
export function decideGuardrails(base: DecisionKind, g: GuardrailFacts): { readonly decision: DecisionKind; readonly rule: GuardrailRule } {
  if (base === 'ExplicitDeny') return { decision: base, rule: 'passed' };
  if (g.denied || g.rcp?.kind === 'deny' || g.scp?.kind === 'deny') return { decision: 'ExplicitDeny', rule: 'guardrail/explicit-deny' };
  if (g.notPrincipalDeny) return { decision: 'ExplicitDeny', rule: 'boundary/not-principal-deny' };
  if (base === 'ImplicitDeny') return { decision: base, rule: 'passed' };
  if (g.rcp?.kind === 'no-allow') return { decision: 'ImplicitDeny', rule: 'rcp/no-allow' };
  if (g.scp?.kind === 'no-allow') return { decision: 'ImplicitDeny', rule: 'scp/no-allow' };
  if (g.endpoint === 'no-allow') return { decision: 'ImplicitDeny', rule: 'vpc-endpoint-policy/no-allow' };
  const capped = g.boundary === 'no-allow' || g.session === 'no-allow';
  if (!capped || g.paths.some((p) => pathSurvives(p, g.sameAccount, g.boundary, g.session))) return { decision: 'Allow', rule: 'passed' };
  const boundaryBlocks = g.boundary === 'no-allow' && g.paths.every((p) => boundaryCaps(p, g.sameAccount));
  return { decision: 'ImplicitDeny', rule: boundaryBlocks ? 'permissions-boundary/no-allow' : 'session-policy/no-allow' };
}
