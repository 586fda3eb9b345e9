/**
 * How far a caller can reach an allowing cell: whether the conditions of its allowing terms keep the
 * caller out, and by what. Severity follows from it (severity.ts); which keys the caller controls
 * is decided once, in caller-controlled.ts.
 *
 * A condition of a term keeps a caller out only when it requires a value the caller cannot produce:
 * - not when the caller controls the key (caller-controlled.ts);
 * - not when one of the classes it allows is what a caller has without trying: the key absent (no
 *   VPC endpoint, no AWS service in between, no organization, no tag), empty, or "any other value"
 *   than the policy names (its own endpoint, service, organization or account).
 * What remains requires a value the policy names: of the caller's identity (its account,
 * organization, or the source an AWS service acts for) — `identity-bound` — or of the request's
 * path (kms:ViaService, aws:SourceVpce, kms:GrantIsForAWSResource, …) — `request-bound`.
 */
import type { Cell, OutcomeTerm, TermCondition } from '../matrix/types.js';
import type { ValueClass } from '../condition-space/index.js';
import { controls } from './caller-controlled.js';
import { allowTerms } from './rows.js';

/** Most reachable first: `open` means the caller can meet every condition at will. */
export type Reach = 'open' | 'request-bound' | 'identity-bound';
export type CallerKind = 'outside' | 'key-account';

const ORDER: readonly Reach[] = ['open', 'request-bound', 'identity-bound'];

/** Keys AWS sets from who the caller is, or which resource an AWS service acts for. */
const IDENTITY_KEYS = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'kms:CallerAccount',
    'aws:PrincipalArn',
    'aws:userid',
    'aws:username',
    'aws:PrincipalIsAWSService',
    'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
  ].map((k) => k.toLowerCase()),
);

/** A class every caller has by default: the key absent, an empty set, or a value the policy does not name. */
export const byDefault = (v: ValueClass): boolean => v.value === undefined || v.id === 'absent' || v.id === 'empty' || v.id.startsWith('other');

/** The condition, if it keeps this kind of caller out. */
function limits(caller: CallerKind, c: TermCondition): boolean {
  return !controls(caller, c.key) && !c.classes.some(byDefault);
}

export function termReach(caller: CallerKind, t: OutcomeTerm): Reach {
  const binding = t.when.filter((c) => limits(caller, c));
  if (binding.length === 0) return 'open';
  return binding.some((c) => IDENTITY_KEYS.has(c.key.toLowerCase())) ? 'identity-bound' : 'request-bound';
}

/** The reach of the cell's most reachable allowing term (`open` for an Allow cell). */
export function cellReach(caller: CallerKind, cell: Cell): Reach {
  if (cell.outcome === 'Allow') return 'open';
  const reaches = allowTerms(cell).map((t) => termReach(caller, t));
  return ORDER.find((r) => reaches.includes(r)) ?? 'identity-bound';
}

/** The condition keys of the cell's allowing terms that the caller controls (named in messages). */
export function controlledKeys(caller: CallerKind, cell: Cell): string[] {
  return [...new Set(allowTerms(cell).flatMap((t) => t.when.filter((c) => controls(caller, c.key)).map((c) => c.key)))];
}
