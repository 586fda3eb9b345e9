import type { ContextRecord, ContextValue } from '../conditions/context.js';
import type { KeyUsage } from '../catalogue/types.js';
import type { Effect, Policy, PolicyDocument } from '../model/policy.js';
import type { GuardrailsInput } from '../guardrails/types.js';

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The key's attributes. Only `arn` matters for authorization; the rest fills in condition keys. */
export interface KeyAttributes {
  readonly arn: string;
  readonly keySpec?: string | undefined;
  readonly keyUsage?: KeyUsage | undefined;
  /** AWS_KMS, EXTERNAL, AWS_CLOUDHSM or EXTERNAL_KEY_STORE. */
  readonly origin?: string;
  readonly multiRegion?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** Alias names, `alias/…`. */
  readonly aliases?: readonly string[];
}

export interface Grant {
  readonly granteePrincipal: string;
  /** Grant operation names without the `kms:` prefix, e.g. `Decrypt`. */
  readonly operations: readonly string[];
  readonly constraints?: {
    readonly encryptionContextSubset?: Readonly<Record<string, string>>;
    readonly encryptionContextEquals?: Readonly<Record<string, string>>;
  };
  readonly retiringPrincipal?: string;
  readonly grantId?: string;
  readonly name?: string;
}

export type PolicyInput = Policy | PolicyDocument | string;

/** The key's policies and grants, and optionally the organization and session guardrails around it. */
export interface EvaluatorInput extends GuardrailsInput {
  readonly keyPolicy: PolicyInput;
  /** Identity (IAM) policies by principal ARN; only the caller's entry applies. */
  readonly identityPolicies?: Readonly<Record<string, readonly PolicyInput[]>> | undefined;
  readonly grants?: readonly Grant[] | undefined;
  readonly key?: KeyAttributes | undefined;
}

export interface EvaluationRequest {
  readonly principal: string;
  /** Defaults to the account in the principal's ARN; absent for service principals. */
  readonly principalAccount?: string;
  /** `kms:Decrypt` (the prefix is required; the name is case-insensitive). */
  readonly action: string;
  /** Defaults to the evaluator's key. */
  readonly keyArn?: string;
  /** The alias resource for CreateAlias / UpdateAlias / DeleteAlias. */
  readonly aliasArn?: string;
  readonly keySpec?: string | undefined;
  readonly keyUsage?: KeyUsage | undefined;
  readonly context?: ContextRecord;
}

/** Where a guardrail statement comes from (organization policies, boundaries, session and endpoint policies). */
export type GuardrailSource = 'scp' | 'rcp' | 'permissions-boundary' | 'session-policy' | 'vpc-endpoint-policy';

export type PolicySource = 'key-policy' | 'identity-policy' | GuardrailSource;

/**
 * For a guardrail statement: whose policy it is and where it sits. SCPs and RCPs: `owner` is the
 * account whose path carries it, `level` its level (0 = the organization root, then each OU, the
 * last the account itself) and `target` that level's id (`r-…`, `ou-…` or the account id);
 * boundaries and session policies: `owner` is the principal ARN; endpoint policies: the endpoint id.
 */
export interface GuardrailPlace {
  readonly owner?: string;
  readonly level?: number;
  readonly target?: string;
}

export interface ConditionTrace {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly (string | number | boolean)[];
  readonly requestValue: ContextValue | undefined;
  readonly result: boolean;
  readonly reason: string;
  readonly path: string;
}

export interface StatementTrace extends GuardrailPlace {
  readonly source: PolicySource;
  /** Which identity policy (0-based) for identity policies (for guardrails: which policy of its level or list); 0 for the key policy. */
  readonly policyIndex: number;
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect | undefined;
  readonly path: string;
  /** `account`: the statement names the caller's account, which only enables IAM policies. */
  readonly principal: 'direct' | 'account' | 'none' | 'n/a';
  readonly action: boolean;
  readonly resource: boolean;
  readonly conditions: readonly ConditionTrace[];
  /** Principal, action, resource and every condition matched. */
  readonly matched: boolean;
  readonly note?: string;
}

export interface GrantTrace {
  readonly index: number;
  readonly granteePrincipal: string;
  readonly operations: readonly string[];
  readonly matched: boolean;
  readonly reason: string;
}

export interface StatementRef extends GuardrailPlace {
  readonly source: PolicySource;
  readonly policyIndex: number;
  readonly index: number;
  readonly sid: string | undefined;
  readonly path: string;
}

export interface Trace {
  readonly statements: readonly StatementTrace[];
  readonly grants: readonly GrantTrace[];
  /** The rules that decided, in order, e.g. "cross-account: kms:DisableKey cannot be used…". */
  readonly notes: readonly string[];
  /** The context the conditions saw: the request's values over what kmsim derived. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface Decision {
  readonly decision: DecisionKind;
  /** One sentence: why. */
  readonly reason: string;
  /** Statements whose Deny decided an ExplicitDeny. */
  readonly deniedBy: readonly StatementRef[];
  /** Statements (or grants) that gave the Allow. */
  readonly allowedBy: readonly (StatementRef | { readonly source: 'grant'; readonly index: number })[];
  /** Computed on first access. */
  readonly trace: Trace;
  /**
   * Set when a guardrail made the decision (an organization's SCP or RCP, a permissions boundary, a
   * session policy, a VPC endpoint policy): which one, and whether by a Deny or by not allowing.
   * Absent when the guardrails let the key policy, identity policies and grants decide.
   */
  readonly guardrail?: GuardrailVerdict | undefined;
}

/** Which guardrail decided a request. */
export interface GuardrailVerdict extends GuardrailPlace {
  /** `key-policy`: a key policy Deny with NotPrincipal, binding because the caller has a boundary. */
  readonly source: GuardrailSource | 'key-policy';
  /** `deny`: an explicit Deny (see `deniedBy`); `no-allow`: nothing allowed it where it had to be allowed. */
  readonly kind: 'deny' | 'no-allow';
}
