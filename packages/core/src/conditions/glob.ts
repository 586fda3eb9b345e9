/**
 * IAM wildcards: `*` matches any run of characters (including none), `?` exactly one.
 * Used for Action/Resource elements and the `…Like` operators.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
export type GlobMatcher = (value: string) => boolean;

const REGEX_SPECIAL = /[.+^${}()|[\]\\]/g;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(REGEX_SPECIAL, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

export function compileGlob(pattern: string, ignoreCase = false): GlobMatcher {
  if (pattern === '*') return () => true;
  if (!hasWildcard(pattern)) {
    if (!ignoreCase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const re = globToRegExp(pattern, ignoreCase);
  return (value) => re.test(value);
}
