/** Types of the KMS catalogue: actions, condition keys and key specs. The data lives in tables beside this file. */

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT' | 'ENCAPSULATE_DECAPSULATE';

/** The key types the KMS docs group permissions by (key-encapsulation: ML-KEM keys). */
export type KeyClass = 'symmetric' | 'hmac' | 'asymmetric-encrypt' | 'sign-verify' | 'key-agreement' | 'key-encapsulation';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/**
 * What a permission is authorized against:
 * - `key`: a KMS key (key policy, grants, delegated IAM policies);
 * - `alias-and-key`: an alias (IAM only) and the key it names (CreateAlias, UpdateAlias, DeleteAlias);
 * - `none`: no key; only IAM policies with `"Resource": "*"` can allow it (CreateKey, ListKeys, …).
 */
export type ActionResource = 'key' | 'alias-and-key' | 'none';

/** How the simulator groups columns, after the KMS docs' grouping. */
export type ActionGroup = 'admin' | 'crypto' | 'grants' | 'account';

export interface KmsAction {
  /** Canonical spelling, with prefix: `kms:Decrypt`. */
  readonly name: string;
  readonly accessLevel: AccessLevel;
  readonly resource: ActionResource;
  /** Whether a key policy can allow it (false for IAM-only permissions such as kms:CreateKey). */
  readonly keyPolicy: boolean;
  /** Whether a principal in another account can be allowed to call it on this key. */
  readonly crossAccount: boolean;
  /** Whether it can be a grant operation (grant operation name = name without `kms:`). */
  readonly grantOperation: boolean;
  /** Key types it applies to; empty for actions that are not authorized against a key. */
  readonly keyClasses: readonly KeyClass[];
  /** Extra requirements beyond the key class (imported material, multi-Region). */
  readonly requires?: 'external-origin' | 'multi-region' | 'multi-region-primary';
  readonly group: ActionGroup;
  /** KMS condition keys (not global keys) the action supports, canonical spelling. */
  readonly conditionKeys: readonly string[];
}

/** IAM condition key value types (as in the Service Authorization Reference). */
export type ConditionKeyType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IPAddress' | 'ARN' | 'Binary';

export interface ConditionKey {
  /** Canonical name. For keys with a variable part it is the prefix: `kms:EncryptionContext:`, `aws:ResourceTag/`. */
  readonly name: string;
  /** True when `name` is a prefix and any suffix is allowed. */
  readonly prefix: boolean;
  readonly type: ConditionKeyType;
  readonly multiValued: boolean;
  /** `aws:` global condition key (true) or a KMS key (false). */
  readonly global: boolean;
  /** AWS fills it in from the principal or the key (simulators must not vary it freely). */
  readonly derived: boolean;
  /** AWS includes it in every request ("always included in the request context"): never absent. */
  readonly alwaysPresent: boolean;
  readonly description: string;
}

export interface KeySpecInfo {
  readonly spec: string;
  /** Key usages the spec can have; the first is the default where there is a choice. */
  readonly usages: readonly KeyUsage[];
}
