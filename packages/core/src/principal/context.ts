/**
 * Condition keys AWS fills in from the principal (the key's are in authorize/derived.ts). The request's own context wins over
 * these (a scenario may override them), see shared/conformance/README.md "Context".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { ContextValue } from '../conditions/context.js';
import { principalArnOf, principalTypeOf, type Caller } from './caller.js';

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
