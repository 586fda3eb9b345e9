/**
 * Grants: a grant allows its grantee the listed operations, under its constraints. Grants only
 * allow; an explicit deny in any policy still wins.
 * - The grantee is one principal: an AWS principal or an AWS service principal ("Each grant has one
 *   grantee, which can be either a grantee principal … or a grantee service principal").
 * - Constraints (encryption context, SourceArn, and what a grant's CreateGrant may create) are
 *   condition clauses, one rule per constraint, in authorize/grant-constraints.ts.
 * - A grant to a principal of another account is applied like any other: no KMS page says its
 *   grantee also needs an IAM policy, so kmsim does not require one (a choice, noted here).
 * - The retiring principal (an AWS principal or a service principal) may retire the grant
 *   (RetireGrant), whatever its operations.
 * https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html
 */
import type { KeyClass } from '../catalogue/types.js';
import type { ContextRecord } from '../conditions/context.js';
import type { Grant, GrantTrace } from '../evaluate/types.js';
import type { Caller } from '../principal/caller.js';
import { isGrantee } from '../principal/grantee.js';
import { isEncryptionContextKey, ENCRYPTION_CONTEXT_PREFIX_LOWER as EC_PREFIX } from '../common/guards.js';
import { RequestContext } from './context.js';
import { grantConditions } from './grant-constraints.js';

const NO_DERIVED = new Map<string, never>();

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

/**
 * Whether grant `index` allows the caller the operation, and if not, why (`constraint`: the path of
 * the constraint that failed). `keyClass`: the class of the key the request runs against (the
 * request's key spec, else the key's), which decides whether encryption-context constraints apply.
 */
export function explainGrant(
  grant: Grant,
  index: number,
  caller: Caller,
  operation: string,
  context: ContextRecord,
  keyClass: KeyClass = 'symmetric',
): GrantTrace {
  const base = { index, granteePrincipal: grant.granteePrincipal, operations: grant.operations };
  // The retiring principal may retire the grant, whatever its operations.
  if (operation === 'RetireGrant' && grant.retiringPrincipal !== undefined && isGrantee({ granteePrincipal: grant.retiringPrincipal }, caller)) {
    return { ...base, matched: true, reason: "caller is the grant's retiring principal" };
  }
  if (!isGrantee(grant, caller)) return { ...base, matched: false, reason: 'caller is not the grantee' };
  if (!grant.operations.includes(operation)) return { ...base, matched: false, reason: `${operation} is not a grant operation of this grant` };
  const conditions = grantConditions(grant, index, operation, keyClass);
  if (conditions.length > 0) {
    const lookup = new RequestContext(context, NO_DERIVED);
    for (const c of conditions) {
      const outcome = c.compiled.explain(lookup);
      if (!outcome.result) {
        const given = outcome.requestValue === undefined ? 'absent' : JSON.stringify(outcome.requestValue);
        return { ...base, matched: false, reason: `the request does not meet the ${c.describe}: ${c.clause.key} is ${given}`, constraint: c.clause.path };
      }
    }
  }
  return { ...base, matched: true, reason: 'grant allows the operation' };
}
