/**
 * Requests that tools make up (test-kit arbitraries, matrix witnesses) must be requests AWS could
 * receive: kms:EncryptionContextKeys is the list of the request's encryption context keys, so the
 * two cannot disagree. https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
 */
import type { ContextRecord, ContextValue } from '../conditions/context.js';
import { ENCRYPTION_CONTEXT_PREFIX, equalsIgnoreCase, isEncryptionContextKey } from './guards.js';

const EC_KEYS_LOWER = 'kms:encryptioncontextkeys';

/**
 * The context with kms:EncryptionContextKeys and the kms:EncryptionContext:* pairs made to agree:
 * a listed key without a pair gets one (value `kmsim-value`), and the list (under the spelling the
 * context uses, else `kms:EncryptionContextKeys`) becomes every key listed or paired. A context with
 * neither comes back as it is.
 */
export function consistentEncryptionContext(context: ContextRecord): ContextRecord {
  const entries = Object.entries(context);
  const keysEntry = entries.find(([k]) => equalsIgnoreCase(k, EC_KEYS_LOWER));
  const pairs = entries.filter(([k]) => isEncryptionContextKey(k)).map(([k]) => k.slice(ENCRYPTION_CONTEXT_PREFIX.length));
  if (!keysEntry && pairs.length === 0) return context;
  const out: Record<string, ContextValue> = { ...context };
  const listed = keysEntry ? [keysEntry[1]].flat().map(String) : [];
  for (const name of listed) if (!pairs.includes(name)) out[`${ENCRYPTION_CONTEXT_PREFIX}${name}`] = 'kmsim-value';
  out[keysEntry?.[0] ?? 'kms:EncryptionContextKeys'] = [...new Set([...listed, ...pairs])];
  return out;
}
