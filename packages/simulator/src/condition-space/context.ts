/**
 * Request contexts for testing clauses, policy-variable resolution, and the signature of a value,
 * all through core's own context, variables and `compileClause`: classes cannot disagree with the
 * evaluator.
 */
import {
  compileClause,
  hasVariables,
  indexContext,
  LayeredContext,
  resolveVariables,
  VARIABLE_VERSION,
  type CompiledClause,
  type ConditionClause,
  type ContextRecord,
  type ContextValue,
} from '@kmsim/core';

/** What `compileClause(…).test` reads (core's `ContextLookup`). */
export type Lookup = Parameters<CompiledClause['test']>[0];

/** Case-insensitive layers, earliest wins (IAM condition key names are case-insensitive). */
export function layered(layers: readonly ContextRecord[]): Lookup {
  const index = new Map<string, ContextValue>();
  for (const layer of layers) indexContext(layer, index);
  return new LayeredContext({}, index);
}

export { hasVariables, VARIABLE_VERSION };

/**
 * Core's policy-variable substitution; `undefined` when a variable has no value (it then matches
 * nothing). `forPattern`: `${*}` / `${?}` become core's literal stand-ins, as core does for Like operators.
 */
export const resolveTemplate = (template: string, context: Lookup, forPattern = false): string | undefined => resolveVariables(template, context, forPattern);

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
  // The context `layered([{ [key]: value }, base])` gives, with the base indexed once: the value
  // is the first layer, so it takes the key's place over the base's; an undefined value is no layer.
  const baseIndex = indexContext(base);
  const lower = key.toLowerCase();
  return (value) => {
    const index = new Map(baseIndex);
    if (value !== undefined) index.set(lower, value);
    const context = new LayeredContext({}, index);
    return tests.map((t) => (t(context) ? '1' : '0')).join('');
  };
}
