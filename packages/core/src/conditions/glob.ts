/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one.
 * Used for Action/Resource elements and the `…Like` operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export type GlobMatcher = (value: string) => boolean;

const REGEX_SPECIAL = /[.+^${}()|[\]\\]/g;

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

const literalsInRegExp = (source: string): string => source.replaceAll(LITERAL_STAR, '\\*').replaceAll(LITERAL_QUESTION, '\\?');

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(REGEX_SPECIAL, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${literalsInRegExp(body)}$`, ignoreCase ? 'is' : 's');
}

export function compileGlob(pattern: string, ignoreCase = false): GlobMatcher {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    const literal = withLiterals(pattern);
    if (!ignoreCase) return (value) => value === literal;
    const lower = literal.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const re = globToRegExp(pattern, ignoreCase);
  return (value) => re.test(value);
}

/**
 * Resource ARNs: wildcards stay within one colon-separated segment, except a `*` that ends its
 * segment, which "can expand to match beyond the colon boundaries".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards
 */
export function compileResourceGlob(pattern: string): GlobMatcher {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) return compileGlob(pattern);
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*') body += i === pattern.length - 1 || pattern.charAt(i + 1) === ':' ? '.*' : '[^:]*';
    else if (ch === '?') body += '[^:]';
    else body += ch.replace(REGEX_SPECIAL, '\\$&');
  }
  const re = new RegExp(`^${literalsInRegExp(body)}$`, 's');
  return (value) => re.test(value);
}
