/**
 * Condition keys AWS fills in from the principal (the key's are in authorize/derived.ts). The
 * request's own context wins over these (a scenario may override them), see
 * shared/conformance/README.md "Context".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { ContextValue } from '../conditions/context.js';
import { principalArnOf, principalTypeOf, type Caller } from './caller.js';

/** The keys, as AWS spells them, in the order a trace lists them. */
const KEYS = [
  'aws:PrincipalType',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'kms:CallerAccount',
  'aws:PrincipalServiceName',
  'aws:username',
] as const;

/**
 * The principal's condition keys, read one at a time (by lower-cased name) without building a
 * map per caller; `principalContext` lists the same values.
 */
export class PrincipalValues {
  private arn: string | undefined | null = null;
  constructor(readonly caller: Caller) {}

  get(lowerKey: string): ContextValue | undefined {
    const caller = this.caller;
    switch (lowerKey) {
      case 'aws:principaltype':
        return principalTypeOf(caller);
      case 'aws:principalisawsservice':
        return caller.kind === 'service';
      case 'aws:principalarn':
        if (this.arn === null) this.arn = principalArnOf(caller);
        return this.arn;
      case 'aws:principalaccount':
      case 'kms:calleraccount':
        return caller.account;
      case 'aws:principalservicename':
        return caller.kind === 'service' ? caller.arn : undefined;
      case 'aws:username':
        // aws:username exists for IAM users only (not role sessions).
        return caller.kind === 'user' ? caller.userName : undefined;
      default:
        return undefined;
    }
  }
}

export function principalContext(caller: Caller): Record<string, ContextValue> {
  const values = new PrincipalValues(caller);
  const out: Record<string, ContextValue> = {};
  for (const key of KEYS) {
    const v = values.get(key.toLowerCase());
    if (v !== undefined) out[key] = v;
  }
  return out;
}
