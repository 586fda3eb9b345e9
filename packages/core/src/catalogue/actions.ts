/**
 * Every KMS permission (action), with the facts authorization depends on.
 *
 * Sources, per column:
 * - keyPolicy, crossAccount, resource: KMS Developer Guide, "AWS KMS permissions" (the "Policy type", "Cross-account
 *   use" and "Resources" columns, https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html)
 *   and the "Cross-account use" / "Required permissions" paragraphs of each operation in the KMS API Reference
 *   (https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html).
 * - accessLevel, conditionKeys: Service Authorization Reference, "Actions, resources, and condition keys for AWS Key
 *   Management Service" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html).
 *   Where the SAR gives two levels ("Permissions management, Write", "Tagging, Write") the first is kept.
 *   conditionKeys = the action's KMS keys + the keys of the `key` resource type for key-authorized actions
 *   (kms:KeyOrigin, kms:KeySpec, kms:KeyUsage, kms:MultiRegion, kms:MultiRegionKeyType, kms:ResourceAliases) + the
 *   deprecated kms:CustomerMasterKeySpec / kms:CustomerMasterKeyUsage wherever kms:KeySpec / kms:KeyUsage apply
 *   (conditions-kms.html: they "work the same way. Only the names differ").
 * - keyClasses, requires: KMS Developer Guide, "Key type reference"
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-compare.html) and the API Reference pages.
 * - grantOperation: KMS API Reference, CreateGrant, `Operations` valid values.
 * - group: the simulator's own grouping, after the default key policy's key administrator / key user statements.
 */

import type { ActionResource, KeyClass, KeyUsage, KmsAction } from './types.js';
import { findKeySpec } from './key-specs.js';

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks of the table
// ---------------------------------------------------------------------------------------------------------------------

const ALL_CLASSES: readonly KeyClass[] = ['symmetric', 'hmac', 'asymmetric-encrypt', 'sign-verify', 'key-agreement', 'key-encapsulation'];
/** Encrypt, Decrypt, ReEncrypt*: symmetric encryption keys and asymmetric keys with key usage ENCRYPT_DECRYPT. */
const ENCRYPTION: readonly KeyClass[] = ['symmetric', 'asymmetric-encrypt'];
const SYMMETRIC: readonly KeyClass[] = ['symmetric'];
const ASYMMETRIC: readonly KeyClass[] = ['asymmetric-encrypt', 'sign-verify', 'key-agreement', 'key-encapsulation'];
/** Encapsulate, Decapsulate: ML-KEM keys (key usage ENCAPSULATE_DECAPSULATE). */
const ENCAPSULATION: readonly KeyClass[] = ['key-encapsulation'];
const NONE: readonly KeyClass[] = [];

/** Condition keys of the SAR's `key` resource type, plus the deprecated names of kms:KeySpec and kms:KeyUsage. */
const KEY_RESOURCE_KEYS: readonly string[] = [
  'kms:CustomerMasterKeySpec',
  'kms:CustomerMasterKeyUsage',
  'kms:KeyOrigin',
  'kms:KeySpec',
  'kms:KeyUsage',
  'kms:MultiRegion',
  'kms:MultiRegionKeyType',
  'kms:ResourceAliases',
];
/** Keys the SAR lists for (almost) every key-authorized action. */
const CALLER_KEYS: readonly string[] = ['kms:CallerAccount', 'kms:ViaService'];
const ENCRYPTION_CONTEXT_KEYS: readonly string[] = ['kms:EncryptionContext:', 'kms:EncryptionContextKeys'];
/**
 * Attestation keys of Decrypt, DeriveSharedSecret, GenerateDataKey, GenerateDataKeyPair and GenerateRandom
 * (conditions-nitro-enclave.html, conditions-nitro-tpm.html; the SAR lists PCR0–31 and NitroTPMPCR0–23).
 */
const ATTESTATION_KEYS: readonly string[] = [
  'kms:RecipientAttestation:ImageSha384',
  ...Array.from({ length: 32 }, (_, n) => `kms:RecipientAttestation:PCR${n}`),
  ...Array.from({ length: 24 }, (_, n) => `kms:RecipientAttestation:NitroTPMPCR${n}`),
];

/** Keys of an ordinary key-authorized action: caller keys, its own keys, then the key resource keys. */
function keyOp(...own: readonly string[]): readonly string[] {
  return [...CALLER_KEYS, ...own, ...KEY_RESOURCE_KEYS];
}

// ---------------------------------------------------------------------------------------------------------------------
// The table, in the alphabetical order of the KMS permissions reference
// ---------------------------------------------------------------------------------------------------------------------

export const KMS_ACTIONS: readonly KmsAction[] = [
  // API_CancelKeyDeletion: "Cross-account use: No", "kms:CancelKeyDeletion (key policy)".
  {
    name: 'kms:CancelKeyDeletion', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // Custom key store operations (Connect/Create/Delete/Describe/Disconnect/Update): "(IAM policy)", no key resource,
  // "Cross-account use: No"; SAR condition key kms:CallerAccount only.
  {
    name: 'kms:ConnectCustomKeyStore', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  // API_CreateAlias: "kms:CreateAlias on the alias (IAM policy)" and "on the KMS key (key policy)"; not cross-account.
  {
    name: 'kms:CreateAlias', accessLevel: 'Write', resource: 'alias-and-key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:CreateCustomKeyStore', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  // API_CreateGrant: "Cross-account use: Yes", "(key policy)". SAR access level "Permissions management, Write".
  {
    name: 'kms:CreateGrant', accessLevel: 'Permissions management', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ALL_CLASSES, group: 'grants',
    conditionKeys: keyOp(
      ...ENCRYPTION_CONTEXT_KEYS,
      'kms:GrantConstraintSourceArn',
      'kms:GrantConstraintType',
      'kms:GrantIsForAWSResource',
      'kms:GrantOperations',
      'kms:GranteePrincipal',
      'kms:GranteeServicePrincipal',
      'kms:RetiringPrincipal',
      'kms:RetiringServicePrincipal',
    ),
  },
  // API_CreateKey: "kms:CreateKey (IAM policy)", no key resource (the key does not exist yet). Its key-property
  // condition keys describe the key being created.
  {
    name: 'kms:CreateKey', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account',
    conditionKeys: [
      'kms:BypassPolicyLockoutSafetyCheck',
      'kms:CallerAccount',
      'kms:CustomerMasterKeySpec',
      'kms:CustomerMasterKeyUsage',
      'kms:KeyOrigin',
      'kms:KeySpec',
      'kms:KeyUsage',
      'kms:MultiRegion',
      'kms:MultiRegionKeyType',
      'kms:ViaService',
    ],
  },
  // API_Decapsulate (ML-KEM): "Cross-account use: Yes", "kms:Decapsulate (key policy)"; a GrantOperation.
  // Newer than the SAR data this catalogue was checked against, so its access level and condition keys follow the
  // other cryptographic operations.
  {
    name: 'kms:Decapsulate', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCAPSULATION, group: 'crypto', conditionKeys: keyOp('kms:RequestAlias'),
  },
  // API_Decrypt: "Cross-account use: Yes", "(key policy)". Symmetric and asymmetric ENCRYPT_DECRYPT keys.
  {
    name: 'kms:Decrypt', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCRYPTION, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, ...ATTESTATION_KEYS, 'kms:RequestAlias'),
  },
  {
    name: 'kms:DeleteAlias', accessLevel: 'Write', resource: 'alias-and-key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:DeleteCustomKeyStore', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  // Imported key material (GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial): key policy, not
  // cross-account, only keys with origin EXTERNAL. API_ImportKeyMaterial: "You can create a symmetric encryption KMS
  // key, HMAC KMS key, asymmetric encryption KMS key, asymmetric key agreement key, or asymmetric signing KMS key."
  {
    name: 'kms:DeleteImportedKeyMaterial', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'external-origin', group: 'admin', conditionKeys: keyOp(),
  },
  // API_DeriveSharedSecret: KEY_AGREEMENT keys only; "Cross-account use: Yes", "(key policy)".
  {
    name: 'kms:DeriveSharedSecret', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ['key-agreement'], group: 'crypto',
    conditionKeys: keyOp('kms:KeyAgreementAlgorithm', ...ATTESTATION_KEYS, 'kms:RequestAlias'),
  },
  {
    name: 'kms:DescribeCustomKeyStores', accessLevel: 'Read', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  // API_DescribeKey: "Cross-account use: Yes". In the key users statement, but grouped with administration here.
  {
    name: 'kms:DescribeKey', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp('kms:RequestAlias'),
  },
  {
    name: 'kms:DisableKey', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp('kms:TrailingDaysWithoutKeyUsage'),
  },
  // Rotation (Enable/DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations): "Automatic key
  // rotation is supported only on symmetric encryption KMS keys"; "On-demand key rotation is supported only on
  // symmetric encryption KMS keys". GetKeyRotationStatus is the only cross-account one.
  {
    name: 'kms:DisableKeyRotation', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: SYMMETRIC, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:DisconnectCustomKeyStore', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  {
    name: 'kms:EnableKey', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:EnableKeyRotation', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: SYMMETRIC, group: 'admin', conditionKeys: keyOp('kms:RotationPeriodInDays'),
  },
  // API_Encapsulate (ML-KEM): "Cross-account use: Yes", "kms:Encapsulate (key policy)". See kms:Decapsulate.
  {
    name: 'kms:Encapsulate', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCAPSULATION, group: 'crypto', conditionKeys: keyOp('kms:RequestAlias'),
  },
  {
    name: 'kms:Encrypt', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCRYPTION, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, 'kms:RequestAlias'),
  },
  // Data keys and data key pairs: "you must specify a symmetric encryption KMS key"; all cross-account.
  {
    name: 'kms:GenerateDataKey', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: SYMMETRIC, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, ...ATTESTATION_KEYS, 'kms:RequestAlias'),
  },
  {
    name: 'kms:GenerateDataKeyPair', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: SYMMETRIC, group: 'crypto',
    conditionKeys: keyOp(
      'kms:DataKeyPairSpec',
      'kms:EncryptionAlgorithm',
      ...ENCRYPTION_CONTEXT_KEYS,
      ...ATTESTATION_KEYS,
      'kms:RequestAlias',
    ),
  },
  {
    name: 'kms:GenerateDataKeyPairWithoutPlaintext', accessLevel: 'Write', resource: 'key', keyPolicy: true,
    crossAccount: true, grantOperation: true, keyClasses: SYMMETRIC, group: 'crypto',
    conditionKeys: keyOp('kms:DataKeyPairSpec', 'kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, 'kms:RequestAlias'),
  },
  {
    name: 'kms:GenerateDataKeyWithoutPlaintext', accessLevel: 'Write', resource: 'key', keyPolicy: true,
    crossAccount: true, grantOperation: true, keyClasses: SYMMETRIC, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, 'kms:RequestAlias'),
  },
  // MAC operations: HMAC keys only; cross-account.
  {
    name: 'kms:GenerateMac', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ['hmac'], group: 'crypto', conditionKeys: keyOp('kms:MacAlgorithm', 'kms:RequestAlias'),
  },
  // API_GenerateRandom: "kms:GenerateRandom (IAM policy)", "Cross-account use: Not applicable".
  {
    name: 'kms:GenerateRandom', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ATTESTATION_KEYS,
  },
  // API_GetKeyLastUsage: "Cross-account use: No", "kms:GetKeyLastUsage (key policy)".
  {
    name: 'kms:GetKeyLastUsage', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:GetKeyPolicy', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // API_GetKeyRotationStatus: "Cross-account use: Yes".
  {
    name: 'kms:GetKeyRotationStatus', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: false, keyClasses: SYMMETRIC, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:GetParametersForImport', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'external-origin', group: 'admin',
    conditionKeys: keyOp('kms:WrappingAlgorithm', 'kms:WrappingKeySpec'),
  },
  // API_GetPublicKey: asymmetric keys; "Cross-account use: Yes". In the key users statements of asymmetric keys.
  {
    name: 'kms:GetPublicKey', accessLevel: 'Read', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ASYMMETRIC, group: 'crypto', conditionKeys: keyOp('kms:RequestAlias'),
  },
  {
    name: 'kms:ImportKeyMaterial', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'external-origin', group: 'admin',
    conditionKeys: keyOp('kms:ExpirationModel', 'kms:ValidTo'),
  },
  // API_ListAliases: "kms:ListAliases (IAM policy)"; no resource in the SAR.
  {
    name: 'kms:ListAliases', accessLevel: 'List', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: [],
  },
  // API_ListGrants: "Cross-account use: Yes", "(key policy)".
  {
    name: 'kms:ListGrants', accessLevel: 'List', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'grants', conditionKeys: keyOp('kms:GrantIsForAWSResource'),
  },
  {
    name: 'kms:ListKeyPolicies', accessLevel: 'List', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // API_ListKeyRotations: "Cross-account use: No".
  {
    name: 'kms:ListKeyRotations', accessLevel: 'List', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: SYMMETRIC, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:ListKeys', accessLevel: 'List', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: [],
  },
  {
    name: 'kms:ListResourceTags', accessLevel: 'List', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // API_ListRetirableGrants: "kms:ListRetirableGrants (IAM policy) in your AWS account"; the authorized resource is
  // the retiring principal, not a key.
  {
    name: 'kms:ListRetirableGrants', accessLevel: 'List', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'grants', conditionKeys: [],
  },
  {
    name: 'kms:PutKeyPolicy', accessLevel: 'Permissions management', resource: 'key', keyPolicy: true,
    crossAccount: false, grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin',
    conditionKeys: keyOp('kms:BypassPolicyLockoutSafetyCheck'),
  },
  // API_ReEncrypt: "kms:ReEncryptFrom permission on the source KMS key (key policy)", "kms:ReEncryptTo permission on
  // the destination KMS key (key policy)"; "Cross-account use: Yes".
  {
    name: 'kms:ReEncryptFrom', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCRYPTION, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, 'kms:ReEncryptOnSameKey', 'kms:RequestAlias'),
  },
  {
    name: 'kms:ReEncryptTo', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ENCRYPTION, group: 'crypto',
    conditionKeys: keyOp('kms:EncryptionAlgorithm', ...ENCRYPTION_CONTEXT_KEYS, 'kms:ReEncryptOnSameKey', 'kms:RequestAlias'),
  },
  // API_ReplicateKey: "kms:ReplicateKey on the primary key (in the primary key's Region)"; not cross-account.
  {
    name: 'kms:ReplicateKey', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'multi-region-primary', group: 'admin',
    conditionKeys: keyOp('kms:ReplicaRegion'),
  },
  // API_RetireGrant: "Cross-account use: Yes"; permission "determined primarily by the grant". grant-delete.html:
  // "The kms:RetireGrant permission is not effective in a key policy or resource control policy" (IAM only).
  {
    name: 'kms:RetireGrant', accessLevel: 'Permissions management', resource: 'key', keyPolicy: false,
    crossAccount: true, grantOperation: true, keyClasses: ALL_CLASSES, group: 'grants',
    conditionKeys: keyOp(...ENCRYPTION_CONTEXT_KEYS, 'kms:GrantConstraintType'),
  },
  // API_RevokeGrant: "Cross-account use: Yes", "kms:RevokeGrant (key policy)".
  {
    name: 'kms:RevokeGrant', accessLevel: 'Permissions management', resource: 'key', keyPolicy: true,
    crossAccount: true, grantOperation: false, keyClasses: ALL_CLASSES, group: 'grants',
    conditionKeys: keyOp('kms:GrantIsForAWSResource'),
  },
  {
    name: 'kms:RotateKeyOnDemand', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: SYMMETRIC, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:ScheduleKeyDeletion', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin',
    conditionKeys: keyOp('kms:ScheduleKeyDeletionPendingWindowInDays', 'kms:TrailingDaysWithoutKeyUsage'),
  },
  // Signing: asymmetric SIGN_VERIFY keys; cross-account.
  {
    name: 'kms:Sign', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ['sign-verify'], group: 'crypto',
    conditionKeys: keyOp('kms:MessageType', 'kms:RequestAlias', 'kms:SigningAlgorithm'),
  },
  // SAR: "[permission only]" used by the multi-Region service-linked role (multi-region-auth-slr.html) to sync
  // shared properties of a multi-Region key. No API operation, so no cross-account use; the SAR lists no
  // action-level condition keys.
  {
    name: 'kms:SynchronizeMultiRegionKey', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'multi-region', group: 'admin',
    conditionKeys: KEY_RESOURCE_KEYS,
  },
  // Tagging: key policy, not cross-account. aws:RequestTag/ and aws:TagKeys are global keys, so not listed here.
  {
    name: 'kms:TagResource', accessLevel: 'Tagging', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:UntagResource', accessLevel: 'Tagging', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // API_UpdateAlias: the alias (IAM policy), the current key and the new key (key policy).
  {
    name: 'kms:UpdateAlias', accessLevel: 'Write', resource: 'alias-and-key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  {
    name: 'kms:UpdateCustomKeyStore', accessLevel: 'Write', resource: 'none', keyPolicy: false, crossAccount: false,
    grantOperation: false, keyClasses: NONE, group: 'account', conditionKeys: ['kms:CallerAccount'],
  },
  {
    name: 'kms:UpdateKeyDescription', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, group: 'admin', conditionKeys: keyOp(),
  },
  // API_UpdatePrimaryRegion: permission needed on the current primary key and on the replica key.
  {
    name: 'kms:UpdatePrimaryRegion', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: false,
    grantOperation: false, keyClasses: ALL_CLASSES, requires: 'multi-region', group: 'admin',
    conditionKeys: keyOp('kms:PrimaryRegion'),
  },
  {
    name: 'kms:Verify', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ['sign-verify'], group: 'crypto',
    conditionKeys: keyOp('kms:MessageType', 'kms:RequestAlias', 'kms:SigningAlgorithm'),
  },
  {
    name: 'kms:VerifyMac', accessLevel: 'Write', resource: 'key', keyPolicy: true, crossAccount: true,
    grantOperation: true, keyClasses: ['hmac'], group: 'crypto', conditionKeys: keyOp('kms:MacAlgorithm', 'kms:RequestAlias'),
  },
];

/**
 * Grant operations, as the CreateGrant API's `Operations` parameter lists its valid values (same order).
 * Source: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html#KMS-CreateGrant-request-Operations
 */
export const GRANT_OPERATIONS: readonly string[] = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'GetPublicKey',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
  'Encapsulate',
  'Decapsulate',
];

// ---------------------------------------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------------------------------------

const BY_NAME: ReadonlyMap<string, KmsAction> = new Map(KMS_ACTIONS.map((a) => [a.name.toLowerCase(), a]));

/** The action named `kms:Name` (case-insensitive, as IAM matches actions), or undefined. The prefix is required. */
export function findAction(name: string): KmsAction | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Key class of a non-symmetric, non-HMAC spec by key usage. */
const CLASS_OF_ASYMMETRIC_USAGE: Readonly<Record<KeyUsage, KeyClass>> = {
  ENCRYPT_DECRYPT: 'asymmetric-encrypt',
  SIGN_VERIFY: 'sign-verify',
  KEY_AGREEMENT: 'key-agreement',
  GENERATE_VERIFY_MAC: 'hmac',
  ENCAPSULATE_DECAPSULATE: 'key-encapsulation',
};

/**
 * The key class of a key, after the KMS docs' key types.
 * SYMMETRIC_DEFAULT is always `symmetric` and HMAC_* always `hmac`; other specs are classed by their key usage, or by
 * the spec's default usage when `keyUsage` is omitted. The usage is not checked against the spec (use
 * `findKeySpec(spec)?.usages` for that). Throws a RangeError for an unknown spec without a usage.
 */
export function keyClassOf(keySpec: string, keyUsage?: KeyUsage): KeyClass {
  if (keySpec === 'SYMMETRIC_DEFAULT') return 'symmetric';
  if (keySpec.startsWith('HMAC_')) return 'hmac';
  const usage = keyUsage ?? findKeySpec(keySpec)?.usages[0];
  if (usage === undefined) throw new RangeError(`Unknown KMS key spec: ${keySpec}`);
  return CLASS_OF_ASYMMETRIC_USAGE[usage];
}

/** The key properties {@link actionsForKey} looks at (the same names as in DescribeKey's KeyMetadata). */
export interface ActionsForKeyInput {
  readonly keySpec: string;
  readonly keyUsage?: KeyUsage;
  /** AWS_KMS (default), EXTERNAL, AWS_CLOUDHSM or EXTERNAL_KEY_STORE. */
  readonly origin?: string;
  readonly multiRegion?: boolean;
  /** PRIMARY or REPLICA. When omitted, a multi-Region key counts as a primary key. */
  readonly multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
}

const RESOURCE_IS_KEY: Readonly<Record<ActionResource, boolean>> = { key: true, 'alias-and-key': true, none: false };

/**
 * The key-authorized actions (resource `key` or `alias-and-key`) that apply to a key of this type, in catalogue order.
 * Actions that need imported key material are included only for origin EXTERNAL, multi-Region actions only for
 * multi-Region keys (ReplicateKey only for the primary).
 */
export function actionsForKey(key: ActionsForKeyInput): KmsAction[] {
  const keyClass = keyClassOf(key.keySpec, key.keyUsage);
  const external = key.origin?.toUpperCase() === 'EXTERNAL';
  const multiRegion = key.multiRegion === true;
  const primary = multiRegion && key.multiRegionKeyType !== 'REPLICA';
  const meets: Readonly<Record<NonNullable<KmsAction['requires']>, boolean>> = {
    'external-origin': external,
    'multi-region': multiRegion,
    'multi-region-primary': primary,
  };
  return KMS_ACTIONS.filter(
    (a) =>
      RESOURCE_IS_KEY[a.resource] && a.keyClasses.includes(keyClass) && (a.requires === undefined || meets[a.requires]),
  );
}
