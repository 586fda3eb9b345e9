/** The error every assertion throws. */
import type { Decision, DecisionKind, EvaluationRequest } from '@kmsim/core';
import type { Expectation } from './format.js';

export class KmsimAssertionError extends Error {
  override readonly name = 'KmsimAssertionError';
  /** The decision shown in the message in full; vitest shows no diff of its own. */
  readonly showDiff = false;

  constructor(
    message: string,
    /** The decision that failed the expectation (the first one, for families of actions). */
    readonly decision: Decision,
    readonly expected: Expectation,
    readonly request: EvaluationRequest,
    /** The closest change that would flip the decision, as in the message. */
    readonly hint: string | undefined,
    /** For families of actions: every action that failed, with its decision. */
    readonly failures: readonly { readonly action: string; readonly decision: Decision }[] = [{ action: request.action, decision }],
  ) {
    super(message);
  }

  get actual(): DecisionKind {
    return this.decision.decision;
  }
}

/** Starts the error's stack at the caller of `from` (the user's test line, not the testkit's internals). */
export function thrownFrom<E extends Error>(error: E, from: (...args: never[]) => unknown): E {
  Error.captureStackTrace?.(error, from);
  return error;
}
