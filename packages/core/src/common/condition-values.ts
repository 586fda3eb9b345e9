/**
 * Whether a policy value is one its operator can compare, by the evaluator's own reading
 * (`compileValue`): for tools that report values that can never match (findings), so that
 * "valid" means what evaluation and validation mean by it.
 */
import { compileValue } from '../conditions/values.js';
import type { BaseOperator } from '../conditions/operators.js';
import type { ConditionValue } from '../model/policy.js';

/** `true` when the value fits the operator's family (Null: "true" or "false", any letter case). */
export function isValidConditionValue(base: BaseOperator, value: ConditionValue): boolean {
  if (base.family === 'Null') {
    const text = String(value).toLowerCase();
    return text === 'true' || text === 'false';
  }
  return compileValue(base, value) !== undefined;
}
