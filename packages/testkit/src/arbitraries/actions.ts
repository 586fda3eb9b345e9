/** KMS actions from core's catalogue. */
import { KMS_ACTIONS, type ActionGroup, type KeyClass } from '@kmsim/core';
import fc, { type Arbitrary } from 'fast-check';

export interface KmsActionOptions {
  /** Only actions that apply to this key type (`symmetric`, `hmac`, `sign-verify` …). */
  readonly keyType?: KeyClass;
  /** Only actions of these groups (`admin`, `crypto`, `grants`). */
  readonly groups?: readonly ActionGroup[];
  /** Include actions a key policy cannot allow (kms:CreateKey, kms:ListKeys …). Default false. */
  readonly includeIamOnly?: boolean;
}

/** The action names the options select, in catalogue order. */
export function kmsActionNames(options: KmsActionOptions = {}): string[] {
  return KMS_ACTIONS.filter(
    (a) =>
      (options.includeIamOnly === true || (a.keyPolicy && a.resource !== 'none')) &&
      (options.keyType === undefined || a.keyClasses.includes(options.keyType)) &&
      (options.groups === undefined || options.groups.includes(a.group)),
  ).map((a) => a.name);
}

/** One KMS action name, `kms:Decrypt` style. */
export function arbKmsAction(options: KmsActionOptions = {}): Arbitrary<string> {
  const names = kmsActionNames(options);
  if (names.length === 0) throw new RangeError('arbKmsAction: no KMS action matches these options');
  return fc.constantFrom(...names);
}
