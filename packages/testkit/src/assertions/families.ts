/**
 * Families of actions: `expectCanX` needs every action of the family allowed, `expectCannotX`
 * none of them. Single-action families give exactly expectCan's message.
 */
import type { KeyLike } from '../key-under-test.js';
import { check, checkFamily } from './check.js';
import { thrownFrom } from './error.js';
import type { AssertionOptions } from './evaluation.js';

/** What "manage the key" means for expectCanManage / expectCannotManage: the key administrators' actions. */
export const MANAGE_ACTIONS: readonly string[] = [
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKeyRotation',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:RevokeGrant',
];

export interface ManageOptions extends AssertionOptions {
  /** The admin actions to check instead of {@link MANAGE_ACTIONS}. */
  readonly actions?: readonly string[];
}

type Assertion = (key: KeyLike, principal: string, options?: AssertionOptions) => void;

type StackStart = (...args: never[]) => unknown;

function run(from: StackStart, key: KeyLike, principal: string, actions: readonly string[], can: boolean, what: string, options?: AssertionOptions): void {
  const expected = can ? 'Allow' : 'Deny';
  if (actions.length === 1) {
    const r = check(key, principal, actions[0] as string, expected, options);
    if (!r.pass) throw thrownFrom(r.error(), from);
    return;
  }
  const r = checkFamily(key, principal, actions, expected, what, options);
  if (!r.pass) throw thrownFrom(r.error(), from);
}

function family(actions: readonly string[], what: string, allowed: boolean): Assertion {
  const assertion: Assertion = (key, principal, options) => run(assertion, key, principal, actions, allowed, what, options);
  return assertion;
}
const can = (actions: readonly string[], what: string): Assertion => family(actions, what, true);
const cannot = (actions: readonly string[], what: string): Assertion => family(actions, what, false);

export const expectCanDecrypt: Assertion = can(['kms:Decrypt'], 'decrypt');
export const expectCannotDecrypt: Assertion = cannot(['kms:Decrypt'], 'decrypt');
export const expectCanEncrypt: Assertion = can(['kms:Encrypt'], 'encrypt');
export const expectCannotEncrypt: Assertion = cannot(['kms:Encrypt'], 'encrypt');
export const expectCanGenerateDataKey: Assertion = can(['kms:GenerateDataKey'], 'generate data keys');
export const expectCannotGenerateDataKey: Assertion = cannot(['kms:GenerateDataKey'], 'generate data keys');
/** Re-encryption needs both kms:ReEncryptFrom and kms:ReEncryptTo. */
export const expectCanReEncrypt: Assertion = can(['kms:ReEncryptFrom', 'kms:ReEncryptTo'], 're-encrypt');
export const expectCannotReEncrypt: Assertion = cannot(['kms:ReEncryptFrom', 'kms:ReEncryptTo'], 're-encrypt');
export const expectCanSign: Assertion = can(['kms:Sign'], 'sign');
export const expectCannotSign: Assertion = cannot(['kms:Sign'], 'sign');
export const expectCanVerify: Assertion = can(['kms:Verify'], 'verify');
export const expectCannotVerify: Assertion = cannot(['kms:Verify'], 'verify');
export const expectCanGenerateMac: Assertion = can(['kms:GenerateMac'], 'generate MACs');
export const expectCannotGenerateMac: Assertion = cannot(['kms:GenerateMac'], 'generate MACs');
export const expectCanVerifyMac: Assertion = can(['kms:VerifyMac'], 'verify MACs');
export const expectCannotVerifyMac: Assertion = cannot(['kms:VerifyMac'], 'verify MACs');
export const expectCanDeriveSharedSecret: Assertion = can(['kms:DeriveSharedSecret'], 'derive shared secrets');
export const expectCannotDeriveSharedSecret: Assertion = cannot(['kms:DeriveSharedSecret'], 'derive shared secrets');
export const expectCanCreateGrant: Assertion = can(['kms:CreateGrant'], 'create grants');
export const expectCannotCreateGrant: Assertion = cannot(['kms:CreateGrant'], 'create grants');

/** Every admin action ({@link MANAGE_ACTIONS}, or `options.actions`) allowed. */
export function expectCanManage(key: KeyLike, principal: string, options?: ManageOptions): void {
  run(expectCanManage, key, principal, options?.actions ?? MANAGE_ACTIONS, true, 'manage the key', options);
}

/** No admin action allowed. */
export function expectCannotManage(key: KeyLike, principal: string, options?: ManageOptions): void {
  run(expectCannotManage, key, principal, options?.actions ?? MANAGE_ACTIONS, false, 'manage the key', options);
}
