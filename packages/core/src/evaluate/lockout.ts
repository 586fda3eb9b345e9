/**
 * CreateKey/PutKeyPolicy's policy lockout safety check: unless BypassPolicyLockoutSafetyCheck is
 * true, the new policy must let the caller call kms:PutKeyPolicy later. The caller's IAM policies
 * are unknown here, so the check assumes they allow everything: a policy passes when the key
 * policy names the caller or enables IAM policies for its account.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html (BypassPolicyLockoutSafetyCheck)
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Policy } from '../model/policy.js';
import { createEvaluator } from '../authorize/evaluator.js';
import type { KeyAttributes } from './types.js';

export interface LockoutOptions {
  readonly caller: string;
  readonly bypassPolicyLockoutSafetyCheck?: boolean;
  readonly key?: KeyAttributes;
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow' as const, Action: 'kms:*', Resource: '*' }] };

export function checkPolicyLockout(policy: Policy, options: LockoutOptions): Diagnostic[] {
  if (options.bypassPolicyLockoutSafetyCheck) return [];
  const evaluator = createEvaluator({
    keyPolicy: policy,
    identityPolicies: { [options.caller]: [ALLOW_ALL] },
    ...(options.key ? { key: options.key } : {}),
  });
  const decision = evaluator.evaluate({
    principal: options.caller,
    action: 'kms:PutKeyPolicy',
    context: { 'kms:BypassPolicyLockoutSafetyCheck': false },
  });
  if (decision.decision === 'Allow') return [];
  return [
    {
      code: 'lockout',
      severity: 'error',
      path: '$.Statement',
      message: `The new key policy would not allow ${options.caller} to call kms:PutKeyPolicy (${decision.decision}): the policy lockout safety check rejects it and the key could become unmanageable. ${decision.reason}`,
    },
  ];
}
