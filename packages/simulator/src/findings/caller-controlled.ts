/**
 * The condition keys whose values the caller controls: a condition on them does not keep anyone
 * out, because whoever wants the access sends the value the policy asks for. Access limited only
 * by such keys has the severity of unconditional access (see `accessSeverity` in severity.ts).
 *
 * `by` says which callers control the key:
 * - `any`: every caller, whatever its account — the key is a request parameter or comes from how
 *   and when the request is sent;
 * - `outside`: a principal of another account, because that account (not the key's) creates the
 *   principal and sets its names, tags and sign-in — so it holds for the outsider and for external
 *   accounts, not for principals of the key's account.
 *
 * Keys left out are not caller-controlled: AWS sets them from the caller's account or organization
 * (aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalOrgID …), from the network path or an AWS
 * service acting for the caller (aws:SourceVpce, kms:ViaService, kms:GrantIsForAWSResource,
 * aws:CalledVia …), or from the key itself (aws:ResourceTag/*, kms:KeySpec …). Even for those, a
 * condition only keeps a caller out when it requires a value the policy names: "absent" or "any
 * other value" is what a caller has by default (see reach.ts).
 *
 * Sources: AWS KMS condition keys, https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html;
 * AWS global condition context keys, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (each row links its own section).
 */
import { findConditionKey } from '@kmsim/core';

export type ControlledBy = 'any' | 'outside';

export interface CallerControlledKey {
  /** As the catalogue spells it; a name ending in `:` or `/` is a prefix (`kms:EncryptionContext:`). */
  readonly key: string;
  readonly by: ControlledBy;
  /** Why, in one line. */
  readonly reason: string;
  readonly source: string;
}

const KMS = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html';
const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

export const CALLER_CONTROLLED_KEYS: readonly CallerControlledKey[] = [
  // Request parameters: the caller writes them into the request.
  {
    key: 'kms:EncryptionContext:',
    by: 'any',
    reason: 'the encryption context is a request parameter, not secret (it is logged in plaintext); a caller sends whatever pairs the policy asks for',
    source: `${KMS}#conditions-kms-encryption-context`,
  },
  {
    key: 'kms:EncryptionContextKeys',
    by: 'any',
    reason: 'the keys of the encryption context the caller sends',
    source: `${KMS}#conditions-kms-encryption-context-keys`,
  },
  {
    key: 'kms:EncryptionAlgorithm',
    by: 'any',
    reason: 'the EncryptionAlgorithm parameter of the request',
    source: `${KMS}#conditions-kms-encryption-algorithm`,
  },
  {
    key: 'kms:SigningAlgorithm',
    by: 'any',
    reason: 'the SigningAlgorithm parameter of Sign and Verify',
    source: `${KMS}#conditions-kms-signing-algorithm`,
  },
  {
    key: 'kms:MacAlgorithm',
    by: 'any',
    reason: 'the MacAlgorithm parameter of GenerateMac and VerifyMac',
    source: `${KMS}#conditions-kms-mac-algorithm`,
  },
  {
    key: 'kms:MessageType',
    by: 'any',
    reason: 'the MessageType parameter of Sign and Verify',
    source: `${KMS}#conditions-kms-message-type`,
  },
  {
    key: 'kms:DataKeyPairSpec',
    by: 'any',
    reason: 'the KeyPairSpec parameter of GenerateDataKeyPair*',
    source: `${KMS}#conditions-kms-data-key-spec`,
  },
  {
    key: 'kms:KeyAgreementAlgorithm',
    by: 'any',
    reason: 'the KeyAgreementAlgorithm parameter of DeriveSharedSecret',
    source: `${KMS}#conditions-kms-key-agreement-algorithm`,
  },
  {
    key: 'kms:ReEncryptOnSameKey',
    by: 'any',
    reason: 'the caller picks the destination key of ReEncrypt',
    source: `${KMS}#conditions-kms-reencrypt-on-same-key`,
  },
  {
    key: 'kms:GrantOperations',
    by: 'any',
    reason: 'the Operations parameter of CreateGrant',
    source: `${KMS}#conditions-kms-grant-operations`,
  },
  {
    key: 'kms:GrantConstraintType',
    by: 'any',
    reason: 'the Constraints parameter of CreateGrant',
    source: `${KMS}#conditions-kms-grant-constraint-type`,
  },
  {
    key: 'kms:RotationPeriodInDays',
    by: 'any',
    reason: 'the RotationPeriodInDays parameter of EnableKeyRotation',
    source: `${KMS}#conditions-kms-rotation-period-in-days`,
  },
  {
    key: 'kms:ScheduleKeyDeletionPendingWindowInDays',
    by: 'any',
    reason: 'the PendingWindowInDays parameter of ScheduleKeyDeletion',
    source: `${KMS}#conditions-kms-schedule-key-deletion-pending-window-in-days`,
  },
  {
    key: 'kms:ExpirationModel',
    by: 'any',
    reason: 'the ExpirationModel parameter of ImportKeyMaterial',
    source: `${KMS}#conditions-kms-expiration-model`,
  },
  {
    key: 'kms:ValidTo',
    by: 'any',
    reason: 'the ValidTo parameter of ImportKeyMaterial',
    source: `${KMS}#conditions-kms-valid-to`,
  },
  {
    key: 'kms:WrappingAlgorithm',
    by: 'any',
    reason: 'the WrappingAlgorithm parameter of GetParametersForImport',
    source: `${KMS}#conditions-kms-wrapping-algorithm`,
  },
  {
    key: 'kms:WrappingKeySpec',
    by: 'any',
    reason: 'the WrappingKeySpec parameter of GetParametersForImport',
    source: `${KMS}#conditions-kms-wrapping-key-spec`,
  },
  {
    key: 'kms:BypassPolicyLockoutSafetyCheck',
    by: 'any',
    reason: 'a parameter of PutKeyPolicy',
    source: `${KMS}#conditions-kms-bypass-policy-lockout-safety-check`,
  },
  {
    key: 'aws:RequestTag/',
    by: 'any',
    reason: 'the tags the request carries',
    source: `${IAM}#condition-keys-requesttag`,
  },
  {
    key: 'aws:TagKeys',
    by: 'any',
    reason: 'the tag keys the request carries',
    source: `${IAM}#condition-keys-tagkeys`,
  },
  // How and when the request is sent.
  {
    key: 'aws:SourceIp',
    by: 'any',
    reason:
      'where the request is sent from: not an identity; anyone who can send from the range (a shared proxy or NAT, a cloud host, a compromised machine) meets it, and NotIpAddress is met from anywhere else',
    source: `${IAM}#condition-keys-sourceip`,
  },
  {
    key: 'aws:SecureTransport',
    by: 'any',
    reason: 'whether the caller uses TLS',
    source: `${IAM}#condition-keys-securetransport`,
  },
  {
    key: 'aws:CurrentTime',
    by: 'any',
    reason: 'the caller picks when to send; a window still to come is reached by waiting (a window already past counts too: the audit does not read the clock)',
    source: `${IAM}#condition-keys-currenttime`,
  },
  {
    key: 'aws:EpochTime',
    by: 'any',
    reason: 'the caller picks when to send, as for aws:CurrentTime',
    source: `${IAM}#condition-keys-epochtime`,
  },
  {
    key: 'aws:referer',
    by: 'any',
    reason: 'an HTTP header the client writes',
    source: `${IAM}#condition-keys-referer`,
  },
  {
    key: 'aws:UserAgent',
    by: 'any',
    reason: 'an HTTP header the client writes',
    source: `${IAM}#condition-keys-useragent`,
  },
  // The identity of a principal of another account: that account creates and describes it.
  {
    key: 'aws:PrincipalTag/',
    by: 'outside',
    reason: 'the other account tags its own users and roles (and session tags are passed by the caller)',
    source: `${IAM}#condition-keys-principaltag`,
  },
  {
    key: 'aws:PrincipalArn',
    by: 'outside',
    reason: 'the other account names its users and roles (the account part is its own, which its row already fixes)',
    source: `${IAM}#condition-keys-principalarn`,
  },
  {
    key: 'aws:userid',
    by: 'outside',
    reason:
      'the other account picks role session names and user names; the unique-ID part is assigned, but a pattern that lets one outside principal in lets any it creates',
    source: `${IAM}#condition-keys-userid`,
  },
  {
    key: 'aws:username',
    by: 'outside',
    reason: 'the other account names its IAM users',
    source: `${IAM}#condition-keys-username`,
  },
  {
    key: 'aws:PrincipalType',
    by: 'outside',
    reason: 'the other account signs in as a user, a role session, a federated user or its root, as it likes',
    source: `${IAM}#condition-keys-principaltype`,
  },
  {
    key: 'aws:SourceIdentity',
    by: 'outside',
    reason: 'set by the caller when it assumes a role of its account',
    source: `${IAM}#condition-keys-sourceidentity`,
  },
  {
    key: 'aws:FederatedProvider',
    by: 'outside',
    reason: 'the other account sets up its own identity providers',
    source: `${IAM}#condition-keys-federatedprovider`,
  },
  {
    key: 'aws:TokenIssueTime',
    by: 'outside',
    reason: "the other account's principal gets new credentials when it likes",
    source: `${IAM}#condition-keys-tokenissuetime`,
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    by: 'outside',
    reason: 'the other account gives its principals MFA devices, or not',
    source: `${IAM}#condition-keys-multifactorauthpresent`,
  },
  {
    key: 'aws:MultiFactorAuthAge',
    by: 'outside',
    reason: "the other account's principal signs in with MFA when it likes",
    source: `${IAM}#condition-keys-multifactorauthage`,
  },
];

const BY_NAME = new Map(CALLER_CONTROLLED_KEYS.map((k) => [k.key.toLowerCase(), k]));

/** The table's row for a condition key (any spelling; `kms:EncryptionContext:x` by its prefix), if the caller controls it. */
export function callerControlled(key: string): CallerControlledKey | undefined {
  return BY_NAME.get((findConditionKey(key)?.name ?? key).toLowerCase());
}

/** Whether a caller of this kind chooses the key's value. */
export function controls(caller: 'outside' | 'key-account', key: string): boolean {
  const row = callerControlled(key);
  return row !== undefined && (row.by === 'any' || caller === 'outside');
}
