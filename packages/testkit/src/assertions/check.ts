/**
 * One check = one request against one expectation. Assertions throw its error; matchers use its
 * pass flag and message (the same text, computed only on failure).
 */
import type { Decision, EvaluationRequest } from '@kmsim/core';
import type { KeyLike } from '../key-under-test.js';
import { KmsimAssertionError } from './error.js';
import { buildRequest, keyEvaluation, type AssertionOptions, type KeyEvaluation } from './evaluation.js';
import { EXPECTATION_WORDS, formatFailure, meets, type Expectation } from './format.js';
import { suggestChange } from './hint.js';
import { checkContextKeys } from './names.js';
import { requireValid } from './policy-error.js';

export interface CheckResult {
  readonly pass: boolean;
  readonly decision: Decision;
  readonly request: EvaluationRequest;
  /** The error the assertion throws when it fails (built on demand). */
  error(headline?: string): KmsimAssertionError;
}

export function checkRequest(e: KeyEvaluation, request: EvaluationRequest, expected: Expectation): CheckResult {
  const decision = e.evaluator.evaluate(request);
  return {
    pass: meets(expected, decision.decision),
    decision,
    request,
    error(headline) {
      const hint = suggestChange(e, request, decision, expected);
      const message = formatFailure(e, { expected, request, decision, hint, ...(headline ? { headline } : {}) });
      return new KmsimAssertionError(message, decision, expected, request, hint);
    },
  };
}

export function check(key: KeyLike, principal: string, action: string, expected: Expectation, options?: AssertionOptions): CheckResult {
  checkContextKeys(options?.context);
  const e = keyEvaluation(key);
  requireValid(e.key, e.policyErrors, options, check);
  return checkRequest(e, buildRequest(principal, action, options), expected);
}

/**
 * A family of actions. `all`: every action must meet the expectation (Can); `none`: no action
 * may be allowed (Cannot). The message is the first failure's, under a headline listing all.
 */
export function checkFamily(
  key: KeyLike,
  principal: string,
  actions: readonly string[],
  expected: Expectation,
  what: string,
  options?: AssertionOptions,
): { readonly pass: boolean; error(): KmsimAssertionError } {
  checkContextKeys(options?.context);
  const e = keyEvaluation(key);
  requireValid(e.key, e.policyErrors, options, checkFamily);
  const results = actions.map((a) => checkRequest(e, buildRequest(principal, a, options), expected));
  const failed = results.filter((r) => !r.pass);
  return {
    pass: failed.length === 0,
    error() {
      const first = failed[0] ?? results[0];
      if (!first) throw new RangeError('a family of actions needs at least one action');
      const verb = expected === 'Allow' ? `to be allowed to ${what}` : `not to be allowed to ${what}`;
      const list = failed.map((r) => `${r.request.action} (${r.decision.decision})`).join(', ');
      const headline = `expected ${principal} ${verb} (${expected === 'Allow' ? 'all' : 'none'} of ${actions.length} actions ${
        expected === 'Allow' ? EXPECTATION_WORDS.Allow : 'allowed'
      }), but ${failed.length} ${expected === 'Allow' ? 'were not' : 'were'}: ${list}\nFirst failure:`;
      const inner = first.error();
      return new KmsimAssertionError(
        `${headline}\n${inner.message}`,
        inner.decision,
        expected,
        inner.request,
        inner.hint,
        failed.map((r) => ({ action: r.request.action, decision: r.decision })),
      );
    },
  };
}
