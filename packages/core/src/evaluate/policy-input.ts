/** Turn whatever the caller passed as a policy (model, document object, JSON text) into the model. */
import { PolicyInputError } from '../errors.js';
import type { JsonValue, Policy } from '../model/policy.js';
import { toPolicy } from '../parse/to-model.js';
import { parseJsonText } from '../parse/json-text.js';
import type { PolicyInput } from './types.js';

function isPolicyModel(input: unknown): input is Policy {
  return typeof input === 'object' && input !== null && Array.isArray((input as { statements?: unknown }).statements);
}

/**
 * Only problems that leave no policy to evaluate throw (text that is not JSON, a non-object);
 * statement-level problems are the validator's business: such statements simply never apply.
 */
export function policyFromInput(input: PolicyInput, label: string): Policy {
  if (isPolicyModel(input)) return input;
  let value: JsonValue | undefined;
  if (typeof input === 'string') {
    const parsed = parseJsonText(input);
    const fatal = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (parsed.value === undefined || fatal.some((d) => d.code === 'invalid-json')) throw new PolicyInputError(label, fatal);
    value = parsed.value;
  } else {
    value = input as unknown as JsonValue;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyInputError(label, [{ code: 'not-an-object', severity: 'error', message: 'a policy must be a JSON object', path: '$' }]);
  }
  return toPolicy(value);
}
