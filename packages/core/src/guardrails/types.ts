/**
 * Organization and session guardrails, in the scenario format of shared/conformance's README
 * (section "Guardrails"): SCPs and RCPs per level of an account's path, permissions boundaries by
 * principal ARN, session policies by session ARN, VPC endpoint policies by endpoint id.
 */
import type { PolicyInput } from '../evaluate/types.js';

/** One member account: its path (root first, then OUs) and the policies attached at each level. */
export interface OrganizationAccount {
  /** Root id first, then each OU down to the account, e.g. `["r-ab12", "ou-ab12-11111111"]`. */
  readonly ouPath: readonly string[];
  /**
   * One list per level: `ouPath.length + 1` lists (root, each OU, the account itself). Left out, or
   * an empty list at a level: AWS's default there (FullAWSAccess).
   */
  readonly scps?: readonly (readonly PolicyInput[])[];
  /** One list per level, as `scps` (the default: RCPFullAWSAccess, which cannot be detached). */
  readonly rcps?: readonly (readonly PolicyInput[])[];
}

export interface Organization {
  /** `o-…` */
  readonly id: string;
  /** SCPs and RCPs never apply to the management account. */
  readonly managementAccount: string;
  /** The member accounts by id; an account missing here is outside the organization. */
  readonly accounts: Readonly<Record<string, OrganizationAccount>>;
}

/** The guardrail fields of an evaluator's input (all optional). */
export interface GuardrailsInput {
  readonly organization?: Organization | undefined;
  /** A user's or a role's boundary by its ARN; a role's also applies to its sessions. */
  readonly permissionsBoundaries?: Readonly<Record<string, PolicyInput>> | undefined;
  /** Session policies by session ARN (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`). */
  readonly sessionPolicies?: Readonly<Record<string, readonly PolicyInput[]>> | undefined;
  /** VPC endpoint policies by endpoint id; one applies when the request's `aws:SourceVpce` names it. */
  readonly vpcEndpointPolicies?: Readonly<Record<string, PolicyInput>> | undefined;
}
