/**
 * Severity: its order, the order findings are returned in, and the one table that decides how
 * severe access is from who gets it and what limits it (reach.ts; the caller-controlled keys are
 * in caller-controlled.ts).
 */
import type { Reach } from './reach.js';
import type { Finding, Severity } from './types.js';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Who gets the access:
 * - `public`: any principal of any account (the outsider class, Principal "*" or NotPrincipal);
 * - `key-account`: every principal of the key's account, even one whose IAM policies allow nothing;
 * - `external-account`: principals of another account the policies name.
 */
export type Audience = 'public' | 'key-account' | 'external-account';

/**
 * Severity by audience and reach; `undefined`: not reported. Access limited only by keys the caller
 * controls (`open`) is as severe as unconditional access.
 * - public, open: critical — anyone can, with no key policy change ("Do not set the Principal to an
 *   asterisk (*) … unless you use conditions to limit the key policy",
 *   https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-elements);
 * - public, request-bound: medium — a condition on the request's path (kms:ViaService,
 *   aws:SourceVpce) narrows how, not who: other accounts can meet it through their own use of it;
 * - public, identity-bound: low — limited to an organization, account or source the policy names,
 *   which the reader should confirm;
 * - key-account, open: high — IAM's least privilege no longer applies to this key; conditional
 *   access is left alone (`*` + kms:CallerAccount + kms:ViaService is the AWS managed key pattern,
 *   https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account);
 * - external-account: info — the policy names the account on purpose; the finding lists what it can do
 *   (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */
export const ACCESS_SEVERITY: Readonly<Record<Audience, Readonly<Record<Reach, Severity | undefined>>>> = {
  public: { open: 'critical', 'request-bound': 'medium', 'identity-bound': 'low' },
  'key-account': { open: 'high', 'request-bound': undefined, 'identity-bound': undefined },
  'external-account': { open: 'info', 'request-bound': 'info', 'identity-bound': 'info' },
};

export function accessSeverity(audience: Audience, reach: Reach): Severity | undefined {
  return ACCESS_SEVERITY[audience][reach];
}

const rank = (s: Severity): number => SEVERITY_ORDER.indexOf(s);

/** True when `f` is at least as severe as `s` (`atOrAbove(f, 'high')`: critical or high). */
export function atOrAbove(f: Finding, s: Severity): boolean {
  return rank(f.severity) <= rank(s);
}

/** Severity (most severe first), then rule id; a rule's own order is kept within that. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0) || a.i - b.i)
    .map(({ f }) => f);
}
