/**
 * Condition keys AWS fills in from the principal and the key. The request's own context wins over
 * these (a scenario may override them), see shared/conformance/README.md "Context".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { ContextValue } from '../conditions/context.js';
import { principalArnOf, principalTypeOf, type Caller } from './caller.js';
import type { KeyAttributes } from './types.js';

export function principalContext(caller: Caller): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {
    'aws:PrincipalType': principalTypeOf(caller),
    'aws:PrincipalIsAWSService': caller.kind === 'service',
  };
  const arn = principalArnOf(caller);
  if (arn !== undefined) out['aws:PrincipalArn'] = arn;
  if (caller.account !== undefined) {
    out['aws:PrincipalAccount'] = caller.account;
    out['kms:CallerAccount'] = caller.account;
  }
  if (caller.kind === 'service') out['aws:PrincipalServiceName'] = caller.arn;
  // aws:username exists for IAM users only (not role sessions).
  if (caller.kind === 'user' && caller.userName !== undefined) out['aws:username'] = caller.userName;
  return out;
}

export function keyContext(key: KeyAttributes, keyAccount: string | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  if (keyAccount !== undefined) out['aws:ResourceAccount'] = keyAccount;
  if (key.keySpec !== undefined) {
    out['kms:KeySpec'] = key.keySpec;
    out['kms:CustomerMasterKeySpec'] = key.keySpec;
  }
  if (key.keyUsage !== undefined) {
    out['kms:KeyUsage'] = key.keyUsage;
    out['kms:CustomerMasterKeyUsage'] = key.keyUsage;
  }
  if (key.origin !== undefined) out['kms:KeyOrigin'] = key.origin;
  if (key.multiRegion !== undefined) out['kms:MultiRegion'] = key.multiRegion;
  for (const [k, v] of Object.entries(key.tags ?? {})) out[`aws:ResourceTag/${k}`] = v;
  // kms:ResourceAliases is absent (not an empty set) on a key without aliases.
  if (key.aliases && key.aliases.length > 0) out['kms:ResourceAliases'] = [...key.aliases];
  return out;
}
