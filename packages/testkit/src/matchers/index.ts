/**
 * Vitest (and Jest-compatible) matchers: `expect(key).toAllow(principal, action, context?)`,
 * `.toDeny(…)` and `.toHaveNoFindings({ severity? })`. They run the assertions' checks and
 * report the assertions' messages, for `.not` too (the opposite check's message).
 */
import type { ContextRecord } from '@kmsim/core';
import { check } from '../assertions/check.js';
import { countedFindings, formatFindings, type FindingsExpectation } from '../assertions/findings.js';
import type { Expectation } from '../assertions/format.js';
import type { KeyLike } from '../key-under-test.js';
import type { InvalidPolicyOption } from '../assertions/policy-error.js';

/** The matchers' signatures, for `declare module 'vitest'` (see `@kmsim/testkit/vitest`). */
export interface KmsimMatchers<R = unknown> {
  /** The principal is allowed the action (with this request context). */
  toAllow(principal: string, action: string, context?: ContextRecord, options?: InvalidPolicyOption): R;
  /** The principal is denied the action, explicitly or implicitly. */
  toDeny(principal: string, action: string, context?: ContextRecord, options?: InvalidPolicyOption): R;
  /** The simulator's findings at or above a severity (default `low`) are none. */
  toHaveNoFindings(options?: FindingsExpectation): R;
}

/** What the matchers read from `this` (a subset of vitest's and Jest's MatcherState). */
export interface KmsimMatcherContext {
  readonly isNot: boolean;
}

export interface KmsimMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function isKeyLike(value: unknown): value is KeyLike {
  return typeof value === 'string' || (typeof value === 'object' && value !== null && ('keyPolicy' in value || 'Statement' in value));
}

function notAKey(name: string, received: unknown): KmsimMatcherResult {
  return {
    pass: false,
    message: () =>
      `${name}: expected a key under test (a loaded key, a policy document or policy JSON), received ${typeof received === 'object' ? JSON.stringify(received) : String(received)}`,
  };
}

function decisionMatcher(name: string, expected: Expectation, opposite: Expectation) {
  return function (
    this: KmsimMatcherContext,
    received: unknown,
    principal: string,
    action: string,
    context?: ContextRecord,
    invalid?: InvalidPolicyOption,
  ): KmsimMatcherResult {
    if (!isKeyLike(received)) return notAKey(name, received);
    // A key AWS would reject throws KmsimPolicyError (for `.not` too) unless allowInvalid is given.
    const options = { ...(context ? { context } : {}), ...(invalid?.allowInvalid ? { allowInvalid: true } : {}) };
    const r = check(received, principal, action, expected, options);
    return {
      pass: r.pass,
      // Failing `toX` shows toX's message; failing `.not.toX` shows the opposite expectation's.
      message: () => (r.pass ? check(received, principal, action, opposite, options).error().message : r.error().message),
    };
  };
}

export const toAllow = decisionMatcher('toAllow', 'Allow', 'Deny');
export const toDeny = decisionMatcher('toDeny', 'Deny', 'Allow');

export function toHaveNoFindings(this: KmsimMatcherContext, received: unknown, options?: FindingsExpectation): KmsimMatcherResult {
  if (!isKeyLike(received)) return notAKey('toHaveNoFindings', received);
  const list = countedFindings(received, options);
  return {
    pass: list.length === 0,
    message: () =>
      list.length === 0
        ? `expected the key policy to have findings (${options?.severity ?? 'low'} severity or above), but it has none`
        : formatFindings(received, list, options),
  };
}

/** Pass to `expect.extend` (vitest.ts does it for vitest). */
export const kmsimMatchers = { toAllow, toDeny, toHaveNoFindings };
