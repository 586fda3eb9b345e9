/**
 * Policy variables `${key}` in condition values (and Resource), substituted from the request
 * context. Only with `"Version": "2012-10-17"`; under any other version the text is literal.
 * `${*}`, `${?}` and `${$}` stand for the literal characters; `${key, 'default'}` gives a default.
 * A variable with no value (and no default) leaves the whole value unresolved: it then matches
 * nothing, so a negated operator is true (IAM: "the policy variable is not replaced … evaluates
 * to false", and a negated operator on it to true).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import type { ContextLookup } from './context.js';
import { LITERAL_QUESTION, LITERAL_STAR } from './glob.js';

export const VARIABLE_VERSION = '2012-10-17';

const VARIABLE = /\$\{([^}]*)\}/g;

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
const SPECIAL_IN_PATTERNS: Readonly<Record<string, string>> = { '*': LITERAL_STAR, '?': LITERAL_QUESTION, $: '$' };

/** A resolved pattern: its text, and the positions of `${*}` / `${?}` (literal characters, not wildcards). */
export interface ResolvedPattern {
  readonly text: string;
  readonly literals: ReadonlySet<number>;
}

/**
 * Substitute variables; `undefined` when some variable has no value and no default. With
 * `forPattern`, `${*}` and `${?}` become stand-ins (LITERAL_STAR / LITERAL_QUESTION) for
 * text-based callers; core itself uses `resolvePattern`.
 */
export function resolveVariables(template: string, context: ContextLookup, forPattern = false): string | undefined {
  return substitute(template, context, forPattern ? SPECIAL_IN_PATTERNS : SPECIAL, undefined);
}

/** Substitute variables in a wildcard pattern, recording where `${*}` and `${?}` put literal characters. */
export function resolvePattern(template: string, context: ContextLookup): ResolvedPattern | undefined {
  const literals = new Set<number>();
  const text = substitute(template, context, SPECIAL, literals);
  return text === undefined ? undefined : { text, literals };
}

function substitute(
  template: string,
  context: ContextLookup,
  specials: Readonly<Record<string, string>>,
  literals: Set<number> | undefined,
): string | undefined {
  let unresolved = false;
  // Output length so far: replace() hands over the match offset in the template, not in the output.
  let shift = 0;
  const out = template.replace(VARIABLE, (whole: string, inner: string, offset: number) => {
    const piece = replacement(inner);
    if (literals && piece !== undefined && (inner.trim() === '*' || inner.trim() === '?')) literals.add(offset + shift);
    shift += (piece ?? '').length - whole.length;
    return piece ?? '';
  });
  return unresolved ? undefined : out;

  function replacement(inner: string): string | undefined {
    const trimmed = inner.trim();
    const special = specials[trimmed];
    if (special !== undefined) return special;
    const comma = trimmed.indexOf(',');
    const key = (comma >= 0 ? trimmed.slice(0, comma) : trimmed).trim();
    const value = context.get(key);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (comma >= 0) {
      const def = /^'(.*)'$/.exec(trimmed.slice(comma + 1).trim());
      if (def) return def[1] ?? '';
    }
    unresolved = true;
    return undefined;
  }
}
