/** Errors thrown by the default key policy generators. */

/** What was wrong with the options passed to a default key policy generator. */
export type DefaultPolicyOptionsErrorCode =
  /** `account` or an `externalAccounts` entry is not a 12-digit AWS account ID. */
  | 'InvalidAccountId'
  /** `partition` is not an AWS partition name (`aws`, `aws-cn`, `aws-us-gov`, …). */
  | 'InvalidPartition'
  /** An `administrators` or `users` entry is not an IAM user, role or account-root ARN in the policy's partition. */
  | 'InvalidPrincipal'
  /** `keyType` is not one of the five documented key types. */
  | 'InvalidKeyType';

/**
 * Thrown by {@link programmaticDefaultKeyPolicy} and {@link consoleDefaultKeyPolicy} when an option is malformed.
 * `code` says what was wrong and `option` names the offending option.
 */
export class DefaultPolicyOptionsError extends Error {
  override readonly name = 'DefaultPolicyOptionsError';

  constructor(
    readonly code: DefaultPolicyOptionsErrorCode,
    /** The option that was malformed, e.g. `account`, `administrators`, `externalAccounts`. */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}
