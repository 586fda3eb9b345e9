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
import { hasVariables, resolvePattern, resolveVariables, VARIABLE_VERSION } from './variables.js';

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
      if (op.base.comparison === 'like') {
        const resolved = resolvePattern(template, context);
        if (resolved === undefined) continue; // a variable without a value matches nothing
        if (compileValue(op.base, resolved.text, resolved.literals)?.(value)) return true;
        continue;
      }
      const resolved = resolveVariables(template, context);
      if (resolved === undefined) continue;
      if (compileValue(op.base, resolved)?.(value)) return true;
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
  const { set, ifExists } = op;

  // One judgement, as an outcome code: `test` reads its result, `explain` its reason too.
  const judge = (requestValue: ContextValue | undefined, context: ContextLookup): Outcome => {
    if (requestValue === undefined || (Array.isArray(requestValue) && requestValue.length === 0)) {
      if (ifExists) return Outcome.AbsentIfExists;
      if (set === 'ForAllValues') return Outcome.AbsentForAll;
      if (set === 'ForAnyValue') return Outcome.AbsentForAny;
      return negated ? Outcome.AbsentNegated : Outcome.Absent;
    }
    let result: boolean;
    if (!Array.isArray(requestValue)) result = satisfies(requestValue as ContextScalar, context);
    else {
      const values = requestValue as readonly ContextScalar[];
      // ForAnyValue (or a plain positive operator): some value; ForAllValues, or a negated operator
      // without a set prefix (true when no request value matches any policy value): every value.
      const every = set === 'ForAllValues' || (set !== 'ForAnyValue' && negated);
      result = every;
      for (const v of values) {
        if (satisfies(v, context) !== every) {
          result = !every;
          break;
        }
      }
    }
    if (result) return negated ? Outcome.NoneMatchedNegated : Outcome.Matched;
    return negated ? Outcome.MatchedNegated : Outcome.NoneMatched;
  };

  return {
    clause,
    operator: op,
    test: (context) => RESULT[judge(context.get(keyLower), context)] as boolean,
    explain: (context) => {
      const requestValue = context.get(keyLower);
      const code = judge(requestValue, context);
      return { result: RESULT[code] as boolean, requestValue, reason: REASON[code] as string };
    },
  };
}

enum Outcome {
  AbsentIfExists,
  AbsentForAll,
  AbsentForAny,
  AbsentNegated,
  Absent,
  NoneMatchedNegated,
  Matched,
  MatchedNegated,
  NoneMatched,
}

const RESULT: readonly boolean[] = [true, true, false, true, false, true, true, false, false];
const REASON: readonly string[] = [
  'key absent (IfExists)',
  'key absent (ForAllValues of an empty set)',
  'key absent (ForAnyValue of an empty set)',
  'key absent (negated operator)',
  'key absent',
  'no value matched (negated operator)',
  'value matched',
  'a value matched (negated operator)',
  'no value matched',
];
