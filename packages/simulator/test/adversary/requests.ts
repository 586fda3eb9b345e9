/**
 * Random request contexts a caller can send: the keys the caller chooses (encryption context,
 * kms:ViaService, network, transport, …), only those the action supports, with the encryption
 * context and kms:EncryptionContextKeys agreeing as they do in real requests.
 */
import { findAction, findConditionKey, type ContextValue } from '@kmsim/core';
import type { Rng } from './rng.js';
import { ACCOUNTS, EC_KEYS, EC_VALUES, SOURCE_IPS, VIA_SERVICES } from './world.js';

const EC_PREFIX = 'kms:encryptioncontext:';
const EC_LIST = 'kms:encryptioncontextkeys';

/** A key the action supports: global keys always, kms: keys when the action lists them. */
export function supports(action: string, key: string): boolean {
  const info = findConditionKey(key);
  if (!info || info.global) return true;
  return findAction(action)?.conditionKeys.includes(info.name) ?? false;
}

/** A random context for `action`; aws:SecureTransport is always there (AWS always sets it). */
export function drawRequestContext(r: Rng, action: string): Record<string, ContextValue> {
  const maybe = <T>(items: readonly T[]): T | undefined => (r.chance(1 / 3) ? undefined : r.pick(items));
  const raw: Record<string, ContextValue | undefined> = {
    'kms:ViaService': maybe(VIA_SERVICES),
    'aws:SourceIp': maybe(SOURCE_IPS),
    'aws:SecureTransport': r.chance(0.5),
    'kms:GrantIsForAWSResource': maybe([true, false]),
    'aws:SourceAccount': maybe(ACCOUNTS),
  };
  if (supports(action, 'kms:EncryptionContext:x')) {
    const names = EC_KEYS.filter(() => r.chance(0.5));
    for (const k of names) raw[`kms:EncryptionContext:${k}`] = r.pick(EC_VALUES);
    if (supports(action, 'kms:EncryptionContextKeys') && names.length > 0) raw['kms:EncryptionContextKeys'] = names;
  }
  const out: Record<string, ContextValue> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && supports(action, k)) out[k] = v;
  return out;
}

/** Undefined when the request's own keys could be sent with `action`, else what is wrong. */
export function requestProblem(action: string, context: Readonly<Record<string, ContextValue>>): string | undefined {
  const problems: string[] = [];
  const pairs: string[] = [];
  let listed: readonly string[] | undefined;
  for (const [k, v] of Object.entries(context)) {
    const lower = k.toLowerCase();
    if (!supports(action, k)) problems.push(`${k} is set, but ${action} does not support it`);
    if (lower.startsWith(EC_PREFIX)) pairs.push(k.slice(EC_PREFIX.length));
    if (lower === EC_LIST) listed = (Array.isArray(v) ? v : [v]).map(String);
  }
  // kms:EncryptionContextKeys lists exactly the request's encryption context keys.
  // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-keys
  if (listed === undefined && pairs.length > 0 && supports(action, EC_LIST))
    problems.push(`the request has an encryption context (${pairs.join(', ')}) but no kms:EncryptionContextKeys`);
  if (listed !== undefined && [...new Set(listed)].sort().join('\n') !== [...new Set(pairs)].sort().join('\n'))
    problems.push(`kms:EncryptionContextKeys ${JSON.stringify(listed)} is not the list of the encryption context's keys ${JSON.stringify(pairs)}`);
  return problems.length > 0 ? problems.join('; ') : undefined;
}
