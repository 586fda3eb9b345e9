/**
 * Whether a grant's grantee principal is the caller, as the evaluator reads it (authorize/grants.ts):
 * the grantee is one principal, matched like a Principal element naming it (so a grant to a role
 * covers the role's sessions). https://docs.aws.amazon.com/kms/latest/developerguide/grants.html#terms-grant-concepts
 */
import type { Grant } from '../evaluate/types.js';
import type { Caller } from './caller.js';
import { matchPrincipal } from './match.js';

export function isGrantee(grant: Pick<Grant, 'granteePrincipal'>, caller: Caller): boolean {
  const p = grant.granteePrincipal;
  return matchPrincipal({ wildcard: false, aws: [p], service: [p], federated: [], canonicalUser: [] }, caller) === 'direct';
}
