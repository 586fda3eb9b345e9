/** Severity order, and the order findings are returned in. */
import type { Finding, Severity } from './types.js';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

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
