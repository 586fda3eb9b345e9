/**
 * Action names and condition keys as a test writes them, checked before a request is built: an
 * unknown one is a RequestError naming the closest valid name (`did you mean "kms:Decrypt"?`), so a
 * typo fails the test loudly instead of reading as an ImplicitDeny (an action) or a context value
 * no policy looks at (a key). Only kms: and aws: keys are looked up — the catalogue knows them
 * all; other services' keys are taken as written.
 */
import { CONDITION_KEYS, findAction, findConditionKey, KMS_ACTIONS, RequestError, type ContextRecord } from '@kmsim/core';
import { didYouMean } from '@kmsim/core/internal';

const ACTION_NAMES: readonly string[] = KMS_ACTIONS.map((a) => a.name);
const KEY_NAMES: readonly string[] = CONDITION_KEYS.map((k) => k.name);

/** `Decrypt` and `kms:Decrypt` both name kms:Decrypt; an unknown name is a RequestError with the closest one. */
export function knownActionName(action: string): string {
  const full = action.includes(':') ? action : `kms:${action}`;
  if (!findAction(full)) throw new RequestError('action', `"${action}" is not a KMS action kmsim knows.${didYouMean(full, ACTION_NAMES)}`);
  return full;
}

/** Every kms: and aws: key of `context` is a condition key AWS defines (else a RequestError with the closest one). */
export function checkContextKeys(context: ContextRecord | undefined): void {
  for (const key of Object.keys(context ?? {})) {
    const service = key.slice(0, Math.max(0, key.indexOf(':'))).toLowerCase();
    if ((service === 'kms' || service === 'aws') && !findConditionKey(key)) {
      throw new RequestError('context', `"${key}" is not a known ${service}: condition key.${didYouMean(key, KEY_NAMES)}`);
    }
  }
}
