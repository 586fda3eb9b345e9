/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one.
 * Used for Action/Resource elements and the `…Like` operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { compileWildcard, type LiteralPositions } from '../compile/wildcard.js';

export type GlobMatcher = (value: string) => boolean;

/**
 * Stand-ins for a literal `*` / `?` inside a pattern, for text-based callers of
 * `resolveVariables(…, true)` (the simulator's condition space). Core's compiled form does not use
 * them: `resolvePattern` gives literal positions instead.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
 */
export const LITERAL_STAR = '\u0000';
export const LITERAL_QUESTION = '\u0001';

/** The pattern's literal stand-ins back as the characters they stand for. */
export function withLiterals(pattern: string): string {
  return pattern.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Text with stand-ins, as the characters and the positions that are literal. */
function fromStandIns(pattern: string): { text: string; literals: LiteralPositions | undefined } {
  if (!pattern.includes(LITERAL_STAR) && !pattern.includes(LITERAL_QUESTION)) return { text: pattern, literals: undefined };
  const literals = new Set<number>();
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === LITERAL_STAR || pattern[i] === LITERAL_QUESTION) literals.add(i);
  return { text: withLiterals(pattern), literals };
}

/** A matcher for an IAM wildcard pattern (`ignoreCase` for Action elements); stand-ins are literal characters. */
export function compileGlob(pattern: string, ignoreCase = false): GlobMatcher {
  const { text, literals } = fromStandIns(pattern);
  return compileWildcard(text, ignoreCase ? 'glob-fold' : 'glob', literals);
}

/** A matcher for a Resource element's pattern (see compile/wildcard.ts for the segment rule). */
export function compileResourceGlob(pattern: string, literals?: LiteralPositions): GlobMatcher {
  return compileWildcard(pattern, 'resource', literals);
}
