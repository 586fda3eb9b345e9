/**
 * Condition keys AWS fills in from the key. The request's own context wins over these.
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html
 */
import type { ContextValue } from '../conditions/context.js';
import type { KeyAttributes } from '../evaluate/types.js';

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
