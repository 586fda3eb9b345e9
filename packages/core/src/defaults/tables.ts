/**
 * The data of the default key policies, as AWS documents it. Each table cites the page and section it reproduces.
 *
 * Main source: AWS KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */

/** The five key types the console's default key policy distinguishes. */
export type DefaultKeyType = 'symmetric' | 'hmac' | 'asymmetric-encrypt' | 'sign-verify' | 'key-agreement';

/** Every {@link DefaultKeyType}, in the order the docs list them. */
export const DEFAULT_KEY_TYPES: readonly DefaultKeyType[] = ['symmetric', 'hmac', 'asymmetric-encrypt', 'sign-verify', 'key-agreement'];

/** Policy language version of both default policies (GetKeyPolicy prints `"Version" : "2012-10-17"`). */
export const DEFAULT_POLICY_VERSION = '2012-10-17';

/**
 * `Id` of the policy CreateKey applies when it is called without a policy.
 * Source: https://docs.aws.amazon.com/kms/latest/developerguide/ct-put-key-policy.html (the logged policy is the
 * programmatic default: `"Id" : "key-default-1"`).
 */
export const PROGRAMMATIC_POLICY_ID = 'key-default-1';

/**
 * `Id` the console writes into the policy it generates. Not printed on key-policy-default.html (its examples are
 * single statements); taken from the console-generated policy in /work/shared/conformance/default-policy.json.
 */
export const CONSOLE_POLICY_ID = 'key-consolepolicy-3';

/** Statement IDs as the console writes them. */
export const SID = {
  /**
   * key-policy-default.html#key-policy-default-allow-root-enable-iam. The current page prints "Enable IAM User
   * Permissions" (older editions printed "Enable IAM policies"; the console and GetKeyPolicy use the former).
   */
  enableIam: 'Enable IAM User Permissions',
  /** key-policy-default.html#key-policy-default-allow-administrators */
  administrators: 'Allow access for Key Administrators',
  /** key-policy-default.html#key-policy-users-crypto */
  keyUse: 'Allow use of the key',
  /** key-policy-default.html#key-policy-service-integration */
  grants: 'Allow attachment of persistent resources',
} as const;

/**
 * Action of the account statement: all KMS actions, delegated to IAM.
 * key-policy-default.html#key-policy-default-allow-root-enable-iam ("allow all actions (`kms:*`) on the KMS key").
 */
export const ACCOUNT_STATEMENT_ACTION = 'kms:*';

/**
 * Key administrators statement, the part present for every key, in the console's order.
 * key-policy-default.html#key-policy-default-allow-administrators (example key administrators statement).
 */
export const ADMIN_BASE_ACTIONS: readonly string[] = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
];

/**
 * Present unless "Allow key administrators to delete this key" is cleared.
 * key-policy-default.html#key-policy-default-allow-administrators (`kms:ScheduleKeyDeletion`, `kms:CancelKeyDeletion`:
 * "To delete this permission, clear the Allow key administrators to delete this key option").
 */
export const ADMIN_DELETION_ACTIONS: readonly string[] = ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];

/**
 * Added for a key created with no key material (origin EXTERNAL).
 * key-policy-default.html#key-policy-default-allow-administrators (`kms:ImportKeyMaterial`: "included in the key
 * policy only when you create a KMS key with no key material"). kms:DeleteImportedKeyMaterial is not added: the page
 * says `kms:Delete*` already allows it "for keys with imported key material", and GetParametersForImport is
 * covered by `kms:Get*`.
 */
export const ADMIN_IMPORTED_MATERIAL_ACTIONS: readonly string[] = ['kms:ImportKeyMaterial'];

/**
 * Added for a multi-Region primary or replica key.
 * key-policy-default.html#key-policy-default-allow-administrators (`kms:ReplicateKey` and `kms:UpdatePrimaryRegion`:
 * "included in the key policy only when you create a multi-Region primary or replica key").
 */
export const ADMIN_MULTI_REGION_ACTIONS: readonly string[] = ['kms:ReplicateKey', 'kms:UpdatePrimaryRegion'];

/**
 * Last action of the current key administrators statement.
 * key-policy-default.html#key-policy-default-allow-administrators (current example statement ends with
 * `kms:RotateKeyOnDemand`). The page gives no key-type condition for it, so it is added for every key type.
 */
export const ADMIN_ROTATE_ON_DEMAND_ACTIONS: readonly string[] = ['kms:RotateKeyOnDemand'];

/**
 * Key users statement ("Allow use of the key") per key type, in the order the page prints each one.
 * key-policy-default.html#key-policy-users-crypto: one example statement per key type, because "they support
 * different API operations". The key agreement example is in the current edition of the page (e.g. the French one,
 * https://docs.aws.amazon.com/fr_fr/kms/latest/developerguide/key-policy-default.html).
 */
export const KEY_USER_ACTIONS: Readonly<Record<DefaultKeyType, readonly string[]>> = {
  // "Symmetric encryption KMS keys". Order as in the combined key users example of #key-policy-default-allow-users
  // (and the console); the #key-policy-users-crypto example lists the same five actions alphabetically.
  symmetric: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  // "HMAC KMS keys"
  hmac: ['kms:DescribeKey', 'kms:GenerateMac', 'kms:VerifyMac'],
  // "Asymmetric KMS keys for public key encryption" (key usage Encrypt and decrypt)
  'asymmetric-encrypt': ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:GetPublicKey'],
  // "Asymmetric KMS keys for signing and verification" (key usage Sign and verify)
  'sign-verify': ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify'],
  // "Asymmetric KMS keys for key agreement" (key usage Key agreement)
  'key-agreement': ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:DeriveSharedSecret'],
};

/**
 * Grants statement for use with AWS services ("Allow attachment of persistent resources").
 * key-policy-default.html#key-policy-service-integration.
 */
export const GRANT_ACTIONS: readonly string[] = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

/**
 * Condition of the grants statement. The page prints the JSON boolean `true`; the console writes the string
 * `"true"` (as does the console policy in the conformance cases), and IAM's Bool operator treats both alike.
 */
export const GRANT_CONDITION = { Bool: { 'kms:GrantIsForAWSResource': 'true' } } as const;

/**
 * Which key types get the grants statement. key-policy-default.html says the console adds it "for most key
 * types"; only symmetric encryption keys get it, because AWS services integrated with KMS use only symmetric
 * encryption keys:
 * - HMAC: https://docs.aws.amazon.com/kms/latest/developerguide/hmac-authz.html ("it does not include the key policy
 *   statement designed for using grants with AWS services");
 * - asymmetric (encrypt, sign, key agreement): https://docs.aws.amazon.com/kms/latest/developerguide/asymm-create-key.html
 *   ("AWS services that integrate with AWS KMS do not support asymmetric KMS keys").
 */
export const GRANTS_STATEMENT_FOR: Readonly<Record<DefaultKeyType, boolean>> = {
  symmetric: true,
  hmac: false,
  'asymmetric-encrypt': false,
  'sign-verify': false,
  'key-agreement': false,
};
