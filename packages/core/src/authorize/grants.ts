/**
 * Grants: a grant allows its grantee the listed operations, under its encryption-context
 * constraint. Grants only allow; an explicit deny in any policy still wins.
 * - EncryptionContextSubset: every constraint pair is in the request's context;
 *   EncryptionContextEquals: the request's context is exactly the constraint. Keys compare
 *   case-insensitively, values case-sensitively: "in a grant constraint, the key in each key-value
 *   pair is not case sensitive, but the value is case sensitive."
 *   https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html
 * - Constraints are ignored for DescribeKey and RetireGrant.
 * - CreateGrant through a grant: the new grant's operations must be a subset of the parent's.
 * - A grant to a principal of another account is applied like any other: no KMS page says its
 *   grantee also needs an IAM policy, so kmsim does not require one (a choice, noted here).
 * - The retiring principal may retire the grant (RetireGrant), whatever its operations.
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html
 */
import type { ContextRecord } from '../conditions/context.js';
import type { Grant, GrantTrace } from '../evaluate/types.js';
import type { Caller } from '../principal/caller.js';
import { matchPrincipal } from '../principal/match.js';
import { isEncryptionContextKey, ENCRYPTION_CONTEXT_PREFIX_LOWER as EC_PREFIX } from '../common/guards.js';

const UNCONSTRAINED_OPERATIONS = new Set(['DescribeKey', 'RetireGrant']);

/** The request's encryption context, keys in lower case (grant constraints compare keys case-insensitively). */
export function encryptionContextOf(context: ContextRecord): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(context)) {
    if (isEncryptionContextKey(k)) {
      out.set(k.slice(EC_PREFIX.length).toLowerCase(), String(v));
    }
  }
  return out;
}

function sameRecord(a: Readonly<Record<string, string>>, ec: Map<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === ec.size && keys.every((k) => ec.get(k.toLowerCase()) === a[k]);
}

export function explainGrant(grant: Grant, index: number, caller: Caller, operation: string, context: ContextRecord): GrantTrace {
  const base = { index, granteePrincipal: grant.granteePrincipal, operations: grant.operations };
  const grantee = { wildcard: false, aws: [grant.granteePrincipal], service: [grant.granteePrincipal], federated: [], canonicalUser: [] };
  // The retiring principal may retire the grant, whatever its operations.
  if (operation === 'RetireGrant' && grant.retiringPrincipal !== undefined) {
    const retiring = { ...grantee, aws: [grant.retiringPrincipal], service: [grant.retiringPrincipal] };
    if (matchPrincipal(retiring, caller) === 'direct') return { ...base, matched: true, reason: "caller is the grant's retiring principal" };
  }
  if (matchPrincipal(grantee, caller) !== 'direct') return { ...base, matched: false, reason: 'caller is not the grantee' };
  if (!grant.operations.includes(operation)) return { ...base, matched: false, reason: `${operation} is not a grant operation of this grant` };
  if (operation === 'CreateGrant') {
    const child = context['kms:GrantOperations'];
    const list = child === undefined ? [] : Array.isArray(child) ? child : [child];
    const extra = list.map(String).filter((op) => !grant.operations.includes(op));
    if (extra.length > 0) return { ...base, matched: false, reason: `the new grant asks for ${extra.join(', ')}, which this grant does not have` };
    // A child grant keeps the parent's constraint: Subset may become Equals, never the reverse,
    // and a constrained parent cannot create an unconstrained child.
    // https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-creategrant
    const childType = context['kms:GrantConstraintType'];
    if (grant.constraints?.encryptionContextEquals && childType !== 'EncryptionContextEquals') {
      return { ...base, matched: false, reason: 'this grant has an EncryptionContextEquals constraint: the new grant must have one too' };
    }
    if (grant.constraints?.encryptionContextSubset && childType === undefined) {
      return { ...base, matched: false, reason: 'this grant has an EncryptionContextSubset constraint: the new grant must have a constraint too' };
    }
  }
  const c = grant.constraints;
  if (c && !UNCONSTRAINED_OPERATIONS.has(operation)) {
    const ec = encryptionContextOf(context);
    if (c.encryptionContextEquals && !sameRecord(c.encryptionContextEquals, ec)) {
      return { ...base, matched: false, reason: 'encryption context is not exactly the EncryptionContextEquals constraint' };
    }
    if (c.encryptionContextSubset) {
      const missing = Object.entries(c.encryptionContextSubset).find(([k, v]) => ec.get(k.toLowerCase()) !== v);
      if (missing) return { ...base, matched: false, reason: `encryption context lacks ${missing[0]}=${missing[1]} (EncryptionContextSubset)` };
    }
  }
  return { ...base, matched: true, reason: 'grant allows the operation' };
}
