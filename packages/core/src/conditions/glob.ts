/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one.
 * Used for Action/Resource elements and the `…Like` operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
import { compileWildcard } from '../compile/wildcard.js';

export type GlobMatcher = (value: string) => boolean;

/**
 * Stand-ins for a literal `*` / `?` inside a pattern: what the policy variables `${*}` and `${?}`
 * become, so that a Like operator does not read them as wildcards.
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

/** A matcher for an IAM wildcard pattern (`ignoreCase` for Action elements). */
export function compileGlob(pattern: string, ignoreCase = false): GlobMatcher {
  return compileWildcard(pattern, ignoreCase ? 'glob-fold' : 'glob');
}

/** A matcher for a Resource element's pattern (see compile/wildcard.ts for the segment rule). */
export function compileResourceGlob(pattern: string): GlobMatcher {
  return compileWildcard(pattern, 'resource');
}
