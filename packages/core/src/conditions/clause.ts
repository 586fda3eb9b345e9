/**
 * One condition clause (operator + key + values), compiled once and tested per request.
 * The generic rules, applied here for every operator family:
 * - several values for one key are ORed; a negated operator is true when none matches;
 * - a key missing from the request: `…IfExists` → true; `ForAllValues` → true; `ForAnyValue` → false;
 *   a negated operator → true; any other → false;
 * - `ForAnyValue`: some request value satisfies the operator; `ForAllValues`: every one does
 *   (an empty set counts as missing);
 * - `Null`: `true` means the key is absent, `false` that it is present.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import type { ConditionClause } from '../model/policy.js';
import type { ContextLookup, ContextScalar, ContextValue } from './context.js';
import { parseOperator, type ParsedOperator } from './operators.js';
import { compileValue, type ValuePredicate } from './values.js';
import { hasVariables, resolveVariables, VARIABLE_VERSION } from './variables.js';

export interface ClauseOutcome {
  readonly result: boolean;
  /** The request's value for the key (`undefined` when absent). */
  readonly requestValue: ContextValue | undefined;
  /** Why, in a few words: "key absent", "no value matched", "unknown operator" … */
  readonly reason: string;
}

export interface CompiledClause {
  readonly clause: ConditionClause;
  readonly operator: ParsedOperator | undefined;
  test(context: ContextLookup): boolean;
  explain(context: ContextLookup): ClauseOutcome;
}

type Matcher = (value: ContextScalar, context: ContextLookup) => boolean;

function toList(value: ContextValue | undefined): readonly ContextScalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly ContextScalar[]) : [value as ContextScalar];
}

function buildMatcher(op: ParsedOperator, clause: ConditionClause, version: string | undefined): Matcher {
  const statics: ValuePredicate[] = [];
  const dynamics: string[] = [];
  for (const v of clause.values) {
    if (typeof v === 'string' && version === VARIABLE_VERSION && hasVariables(v)) dynamics.push(v);
    else {
      const p = compileValue(op.base, v);
      if (p) statics.push(p);
    }
  }
  if (dynamics.length === 0) {
    if (statics.length === 1) {
      const only = statics[0] as ValuePredicate;
      return (value) => only(value);
    }
    return (value) => statics.some((p) => p(value));
  }
  return (value, context) => {
    if (statics.some((p) => p(value))) return true;
    for (const template of dynamics) {
      // In a Like/ARN pattern, `${*}` and `${?}` stay literal characters, not wildcards.
      const resolved = resolveVariables(template, context, op.base.comparison === 'like');
      if (resolved === undefined) continue; // a variable without a value matches nothing
      const p = compileValue(op.base, resolved);
      if (p?.(value)) return true;
    }
    return false;
  };
}

export function compileClause(clause: ConditionClause, version: string | undefined): CompiledClause {
  const op = parseOperator(clause.operator);
  const keyLower = clause.key.toLowerCase();
  if (!op) {
    // Unknown operators are validation errors. At evaluation time they never hold, which keeps an
    // Allow from applying; the validator makes sure a Deny using one is not silently trusted.
    return {
      clause,
      operator: undefined,
      test: () => false,
      explain: (context) => ({ result: false, requestValue: context.get(keyLower), reason: 'unknown operator' }),
    };
  }

  if (op.base.family === 'Null') {
    const wants = clause.values.map((v) => String(v).toLowerCase());
    const test = (context: ContextLookup): boolean => {
      const absent = toList(context.get(keyLower)).length === 0;
      return wants.some((w) => (w === 'true' ? absent : w === 'false' ? !absent : false));
    };
    return {
      clause,
      operator: op,
      test,
      explain: (context) => {
        const requestValue = context.get(keyLower);
        const result = test(context);
        return { result, requestValue, reason: requestValue === undefined ? 'key absent' : 'key present' };
      },
    };
  }

  const matches = buildMatcher(op, clause, version);
  const { negated } = op.base;
  const satisfies = (v: ContextScalar, context: ContextLookup): boolean => matches(v, context) !== negated;

  const evaluate = (context: ContextLookup): [boolean, ContextValue | undefined, string] => {
    const requestValue = context.get(keyLower);
    const values = toList(requestValue);
    if (values.length === 0) {
      if (op.ifExists) return [true, requestValue, 'key absent (IfExists)'];
      if (op.set === 'ForAllValues') return [true, requestValue, 'key absent (ForAllValues of an empty set)'];
      if (op.set === 'ForAnyValue') return [false, requestValue, 'key absent (ForAnyValue of an empty set)'];
      return [negated, requestValue, negated ? 'key absent (negated operator)' : 'key absent'];
    }
    let result: boolean;
    if (op.set === 'ForAllValues') result = values.every((v) => satisfies(v, context));
    else if (op.set === 'ForAnyValue' || !negated) result = values.some((v) => satisfies(v, context));
    // A negated operator without a set prefix: true when no request value matches any policy value.
    else result = values.every((v) => satisfies(v, context));
    const reason = result
      ? negated
        ? 'no value matched (negated operator)'
        : 'value matched'
      : negated
        ? 'a value matched (negated operator)'
        : 'no value matched';
    return [result, requestValue, reason];
  };

  return {
    clause,
    operator: op,
    test: (context) => evaluate(context)[0],
    explain: (context) => {
      const [result, requestValue, reason] = evaluate(context);
      return { result, requestValue, reason };
    },
  };
}
