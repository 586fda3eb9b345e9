/** Which key the evaluator authorizes against, when the caller does not say. */
import type { Policy } from '../model/policy.js';
import { accountOfEntry } from '../principal/match.js';
import type { KeyAttributes } from './types.js';

/** The example key of the AWS docs and of shared/conformance: the default when nothing is given. */
export const DEFAULT_KEY_ARN = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/**
 * The key's attributes. Without a key ARN, the key's account is taken from the key policy's
 * account statement that allows `kms:*` (the one that enables IAM policies in every default
 * policy), so that "same account" and "cross-account" mean what the policy's author meant.
 */
export function resolveKey(key: KeyAttributes | undefined, policy: Policy): KeyAttributes {
  const base: KeyAttributes = { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', multiRegion: false, arn: DEFAULT_KEY_ARN };
  if (key) return { ...base, ...key };
  const accountStatements = policy.statements.filter((s) => s.effect === 'Allow' && s.principal?.aws.some((e) => accountOfEntry(e)));
  // Only the statement that delegates everything to IAM (`kms:*`) identifies the owner; other
  // account statements may name external accounts. Without one, the documented example key.
  const owner = accountStatements.find((s) => s.action?.some((a) => a === '*' || a.toLowerCase() === 'kms:*'));
  const account = owner?.principal?.aws.map(accountOfEntry).find((a) => a !== undefined);
  if (account === undefined) return base;
  return { ...base, arn: `arn:aws:kms:us-east-1:${account}:key/00000000-0000-0000-0000-000000000000` };
}
