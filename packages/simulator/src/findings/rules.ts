/**
 * The rule table: every finding rule kmsim has, most severe first. Each row says what it checks and
 * the AWS documentation it relies on; the module of each rule has the details and its decisions.
 * Severity of access (who gets it, and what limits it) is decided in one place: severity.ts, with
 * the caller-controlled condition keys of caller-controlled.ts.
 *
 * | id                            | severity | checks                                                                 |
 * |-------------------------------|----------|------------------------------------------------------------------------|
 * | policy-invalid                | critical | a validation error: AWS would refuse to store the policy (one per error)  |
 * | public-access                 | critical | outsider allowed crypto/admin/grant actions, with no condition or only |
 * |                               |          | caller-controlled ones (critical; request-bound: medium, identity-bound|
 * |                               |          | : low)                                                                 |
 * | analysis-incomplete           | high     | a cell the simulator could not finish (complete: false)                |
 * | account-wide-access           | high     | every principal of the key's account, without IAM, allowed             |
 * | unmanageable-key              | critical | nobody, not even root or an IAM kms:* role, can call kms:PutKeyPolicy  |
 * | admin-can-use-key             | high     | a principal that manages the key can also use it cryptographically     |
 * | no-iam-delegation             | medium   | IAM policies of the key's account can grant none (medium) / only some  |
 * |                               |          | (info) of the key's actions                                            |
 * | user-can-create-grants        | medium   | kms:CreateGrant without kms:GrantIsForAWSResource = true               |
 * | guardrail-only                | medium   | the key policy alone lets outsiders in; only a guardrail (an RCP …)    |
 * |                               |          | denies it (with guardrails given; names the guardrail statement)       |
 * | iam-only-action-in-key-policy | low      | an Action entry names only IAM-only permissions (kms:CreateKey, …)     |
 * | statement-never-applies       | low      | a statement no request can match                                       |
 * | cross-account-access          | info     | what each external account can do, each principal with its account    |
 * | statement-shadowed            | info     | an Allow statement whose removal changes no decision                   |
 */
import { rule as accountWideAccess } from './rules/account-wide-access.js';
import { rule as analysisIncomplete } from './rules/analysis-incomplete.js';
import { rule as adminCanUseKey } from './rules/admin-can-use-key.js';
import { rule as crossAccountAccess } from './rules/cross-account-access.js';
import { rule as guardrailOnly } from './rules/guardrail-only.js';
import { rule as iamOnlyAction } from './rules/iam-only-action.js';
import { rule as noIamDelegation } from './rules/no-iam-delegation.js';
import { rule as policyInvalid } from './rules/policy-invalid.js';
import { rule as publicAccess } from './rules/public-access.js';
import { rule as statementNeverApplies } from './rules/statement-never-applies.js';
import { rule as statementShadowed } from './rules/statement-shadowed.js';
import { rule as unmanageableKey } from './rules/unmanageable-key.js';
import { rule as userCanCreateGrants } from './rules/user-can-create-grants.js';
import type { FindingRule, FindingRuleInfo } from './types.js';

export const RULES: readonly FindingRule[] = [
  policyInvalid,
  publicAccess,
  unmanageableKey,
  analysisIncomplete,
  accountWideAccess,
  adminCanUseKey,
  noIamDelegation,
  userCanCreateGrants,
  guardrailOnly,
  iamOnlyAction,
  statementNeverApplies,
  crossAccountAccess,
  statementShadowed,
];

/** The rule table without the code: id, severity, title, what it checks, AWS docs. */
export const FINDING_RULES: readonly FindingRuleInfo[] = RULES.map(({ id, severity, title, checks, docs }) => ({ id, severity, title, checks, docs }));
