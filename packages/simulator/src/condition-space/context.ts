/**
 * Request contexts for testing clauses, policy-variable resolution, and the signature of a value.
 * Core exports neither `LayeredContext` nor `resolveVariables`; the two small equivalents here follow
 * core/src/conditions/context.ts and core/src/conditions/variables.ts rule for rule. Only witnesses
 * depend on them: every class is still decided by core's own `compileClause`.
 */
import { compileClause, type CompiledClause, type ConditionClause, type ContextRecord, type ContextValue } from '@kmsim/core';

/** What `compileClause(…).test` reads (core's `ContextLookup`). */
export type Lookup = Parameters<CompiledClause['test']>[0];

/** Case-insensitive layers, earliest wins, undefined values skipped (IAM condition key names are case-insensitive). */
export function layered(layers: readonly ContextRecord[]): Lookup {
  const index = new Map<string, ContextValue>();
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      const lower = k.toLowerCase();
      if (v !== undefined && !index.has(lower)) index.set(lower, v);
    }
  }
  return { get: (key) => index.get(key.toLowerCase()) };
}

/** Variables are substituted only under this policy version. */
export const VARIABLE_VERSION = '2012-10-17';

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };

export const hasVariables = (text: string): boolean => text.includes('${');

/**
 * `${key}` from the context, `${key, 'default'}`, `${*}`/`${?}`/`${$}`; `undefined` when a variable has
 * no value and no default (the value then matches nothing).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function resolveTemplate(template: string, context: Lookup): string | undefined {
  let unresolved = false;
  const out = template.replace(VARIABLE, (_, inner: string) => {
    const trimmed = inner.trim();
    const special = SPECIAL[trimmed];
    if (special !== undefined) return special;
    const comma = trimmed.indexOf(',');
    const name = (comma >= 0 ? trimmed.slice(0, comma) : trimmed).trim();
    const value = context.get(name);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    const fallback = comma >= 0 ? /^'(.*)'$/.exec(trimmed.slice(comma + 1).trim()) : null;
    if (fallback) return fallback[1] ?? '';
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : out;
}

export type ClauseTest = (context: Lookup) => boolean;

/** Core's test for one clause; a clause that cannot be compiled or tested (odd input) never holds. */
export function safeTest(clause: ConditionClause, version: string | undefined): ClauseTest {
  let compiled: CompiledClause;
  try {
    compiled = compileClause(clause, version);
  } catch {
    return () => false;
  }
  return (context) => {
    try {
      return compiled.test(context);
    } catch {
      return false;
    }
  };
}

/** The signature of a value for a key: one bit per clause on the key. */
export function signer(key: string, tests: readonly ClauseTest[], base: ContextRecord): (value: ContextValue | undefined) => string {
  return (value) => {
    const context = layered(value === undefined ? [base] : [{ [key]: value }, base]);
    return tests.map((t) => (t(context) ? '1' : '0')).join('');
  };
}
