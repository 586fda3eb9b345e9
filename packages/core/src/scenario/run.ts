/** Running scenario cases through the evaluator and the validator. */
import { KmsimError } from '../errors.js';
import { createEvaluator } from '../authorize/evaluator.js';
import { checkPolicyLockout } from '../evaluate/lockout.js';
import type { Decision, EvaluatorInput, PolicyInput } from '../evaluate/types.js';
import { parseKeyPolicy } from '../parse/parse-policy.js';
import { policyErrorsOf } from '../validate/input-errors.js';
import type { CaseResult, EvaluationCase, ScenarioCase, ValidationCase } from './types.js';
import { guardrailsOf } from '../guardrails/fields.js';

export function isValidationCase(c: ScenarioCase): c is ValidationCase {
  return typeof (c as ValidationCase).policyText === 'string';
}

/** A scenario's policies, grants and key as the evaluator takes them. */
function inputOf(scenario: EvaluationCase): EvaluatorInput {
  return {
    keyPolicy: scenario.keyPolicy as PolicyInput,
    ...(scenario.identityPolicies ? { identityPolicies: scenario.identityPolicies as EvaluatorInput['identityPolicies'] } : {}),
    ...(scenario.grants ? { grants: scenario.grants } : {}),
    ...(scenario.key ? { key: scenario.key } : scenario.request.keyArn ? { key: { arn: scenario.request.keyArn } } : {}),
    // The guardrail fields pass through as written; the evaluator checks them (GuardrailsError).
    ...guardrailsOf(scenario),
  };
}

/** The one-shot form: evaluate a scenario's request against its policies. */
export function evaluateScenario(scenario: EvaluationCase): Decision {
  return createEvaluator(inputOf(scenario)).evaluate(scenario.request);
}

function runValidation(c: ValidationCase): CaseResult {
  const parsed = parseKeyPolicy(c.policyText);
  const diagnostics = [...parsed.diagnostics];
  if (c.lockoutCheck && parsed.policy) {
    diagnostics.push(
      ...checkPolicyLockout(parsed.policy, {
        caller: c.lockoutCheck.caller,
        bypassPolicyLockoutSafetyCheck: c.lockoutCheck.bypassPolicyLockoutSafetyCheck ?? false,
      }),
    );
  }
  const valid = !diagnostics.some((d) => d.severity === 'error');
  const missingMentions = (c.expectedErrorMentions ?? []).filter(
    (m) => !diagnostics.some((d) => [d.message, d.code, d.path].some((field) => field.toLowerCase().includes(m.toLowerCase()))),
  );
  const pass = c.expectedValid === undefined || (valid === c.expectedValid && missingMentions.length === 0);
  return {
    kind: 'validation',
    id: c.id,
    valid,
    ...(c.expectedValid !== undefined ? { expectedValid: c.expectedValid } : {}),
    pass,
    ambiguous: c.ambiguous === true,
    diagnostics,
    missingMentions,
  };
}

export function runCase(c: ScenarioCase): CaseResult {
  try {
    if (isValidationCase(c)) return runValidation(c);
    const input = inputOf(c);
    const result = createEvaluator(input).evaluate(c.request);
    return {
      kind: 'evaluation',
      policyErrors: policyErrorsOf(input),
      id: c.id,
      decision: result.decision,
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
      pass: c.expected === undefined || c.expected === result.decision,
      ambiguous: c.ambiguous === true,
      reason: result.reason,
      result,
    };
  } catch (e) {
    if (!(e instanceof KmsimError)) throw e;
    return { kind: 'error', id: c.id, pass: false, ambiguous: c.ambiguous === true, error: { code: e.code, message: e.message } };
  }
}
