/** Small helpers every package needs, written once. */

/** A plain JSON object (not null, not an array). `V`: what its values are known to be (JSON values, say). */
export function isObject<V = unknown>(value: unknown): value is { [key: string]: V } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The prefix of the kms:EncryptionContext:context-key condition keys (as AWS spells it).
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context
 */
export const ENCRYPTION_CONTEXT_PREFIX = 'kms:EncryptionContext:';
/** The same, lower-cased: condition key names compare case-insensitively. */
export const ENCRYPTION_CONTEXT_PREFIX_LOWER = 'kms:encryptioncontext:';

/** Whether `key` is a kms:EncryptionContext:context-key condition key (any letter case, non-empty context key). */
export function isEncryptionContextKey(key: string): boolean {
  return key.length > ENCRYPTION_CONTEXT_PREFIX.length && startsWithIgnoreCase(key, ENCRYPTION_CONTEXT_PREFIX_LOWER);
}

/** `text` starts with `lowerPrefix` (given in lower case), ignoring ASCII letter case; allocates nothing. */
export function startsWithIgnoreCase(text: string, lowerPrefix: string): boolean {
  if (text.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/** `text` equals `lower` (given in lower case) ignoring letter case; allocates only for non-ASCII text. */
export function equalsIgnoreCase(text: string, lower: string): boolean {
  if (text.length !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) return text.toLowerCase() === lower;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}
