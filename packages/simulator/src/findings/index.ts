/**
 * Findings: what is risky or useless in a key policy, read from the simulated matrix and from the
 * statements themselves. One module per rule under rules/, listed in rules.ts with its AWS sources.
 */
import type { SimulationInput } from '../input.js';
import { buildContext } from './context.js';
import { RULES } from './rules.js';
import { sortFindings } from './severity.js';
import type { Finding, FindingsOptions } from './types.js';

export { FINDING_RULES } from './rules.js';
export { SEVERITY_ORDER, ACCESS_SEVERITY, accessSeverity, atOrAbove, type Audience } from './severity.js';
export { CALLER_CONTROLLED_KEYS, callerControlled, type CallerControlledKey, type ControlledBy } from './caller-controlled.js';
export { incompleteReason } from './incomplete.js';
export type { Reach } from './reach.js';
export type { Finding, FindingRuleInfo, FindingsOptions, FindingStatement, OutsidePrincipal, Severity, FindingSeverity } from './types.js';

/**
 * Every finding for the input, most severe first (then by rule id). Simulates the input unless
 * `options.matrix` gives the matrix of the same input. Throws what `simulate` throws (a key policy
 * that is not valid JSON, …).
 */
export function findings(input: SimulationInput, options: FindingsOptions = {}): Finding[] {
  const context = buildContext(input, options);
  return sortFindings(RULES.flatMap((rule) => rule.run(context)));
}
