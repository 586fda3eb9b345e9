/**
 * One runner for every property helper: fast-check generates requests, each is evaluated (with
 * the audit assumption), and a failure is shrunk and reported with the assertion formatter.
 */
import type { Decision } from '@kmsim/core';
import fc, { type Arbitrary, type Parameters } from 'fast-check';
import { buildRequest, keyEvaluation, sendableDecision, type KeyEvaluation } from '../assertions/evaluation.js';
import { formatFailure, meets, type Expectation } from '../assertions/format.js';
import { suggestChange } from '../assertions/hint.js';
import type { KmsRequest } from '../arbitraries/request.js';
import type { KeyLike } from '../key-under-test.js';
import { requireValid, type InvalidPolicyOption } from '../assertions/policy-error.js';
import { auditEvaluator, auditNote } from './audit.js';
import { KmsimPropertyError } from './error.js';

/** fast-check parameters (`numRuns`, `seed`, `path` …) for the property helpers. */
export type PropertyParameters = Parameters<[KmsRequest]>;

export interface PropertyRun {
  /** `assertNeverAllowed`, for the message. */
  readonly name: string;
  readonly key: KeyLike;
  readonly requests: Arbitrary<KmsRequest>;
  readonly expected: Expectation;
  /** First line of the failure, from the counterexample. */
  readonly headline: (request: KmsRequest, decision: Decision | undefined) => string;
  readonly params?: PropertyParameters | undefined;
  /** The public helper, where the error's stack starts. */
  readonly from: (...args: never[]) => unknown;
  /** `allowInvalid`: evaluate policies AWS would reject as written (else KmsimPolicyError). */
  readonly invalid?: InvalidPolicyOption | undefined;
}

function decide(e: KeyEvaluation, r: KmsRequest): Decision {
  return auditEvaluator(e, r.principal).evaluator.evaluate(buildRequest(r.principal, r.action, { context: r.context }));
}

/** A generated request no real request can be (see sendableDecision) is discarded, not counted. */
function holds(e: KeyEvaluation, run: PropertyRun, r: KmsRequest): boolean {
  const decision = sendableDecision(auditEvaluator(e, r.principal).evaluator, buildRequest(r.principal, r.action, { context: r.context }));
  fc.pre(decision !== undefined);
  return meets(run.expected, (decision as Decision).decision);
}

function describe(e: KeyEvaluation, run: PropertyRun, r: KmsRequest, error: unknown): { text: string; decision: Decision | undefined } {
  const request = buildRequest(r.principal, r.action, { context: r.context });
  let decision: Decision;
  try {
    decision = decide(e, r);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(error ?? err);
    return { text: `Evaluating the counterexample threw: ${message}\n  request ${JSON.stringify(r)}`, decision: undefined };
  }
  const audit = auditEvaluator(e, r.principal);
  const hint = suggestChange(e, request, decision, run.expected, audit.evaluator);
  const text = formatFailure(e, {
    expected: run.expected,
    request,
    decision,
    hint,
    headline: 'Counterexample (shrunk):',
    ...(audit.assumption ? { assumption: audit.assumption } : {}),
  });
  return { text, decision };
}

export function runProperty(run: PropertyRun): void {
  const e = keyEvaluation(run.key);
  requireValid(e.key, e.policyErrors, run.invalid, run.from);
  const property = fc.property(run.requests, (r) => holds(e, run, r));
  const details = fc.check(property, run.params);
  if (!details.failed) return;
  const counterexample = details.counterexample?.[0];
  if (counterexample === undefined || details.counterexamplePath === null) {
    throw new Error(`${run.name}: fast-check stopped without a counterexample\n${fc.defaultReportMessage(details) ?? ''}`);
  }
  const replay = { seed: details.seed, path: details.counterexamplePath };
  const { text, decision } = describe(e, run, counterexample, details.errorInstance);
  const message = [
    run.headline(counterexample, decision),
    `Found after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'}, shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}; replay with { seed: ${replay.seed}, path: "${replay.path}" } as the fast-check parameters.`,
    '',
    text,
    '',
    auditNote(e),
  ].join('\n');
  const error = new KmsimPropertyError(
    message,
    counterexample,
    decision,
    replay,
    details.numRuns,
    details.numShrinks,
    decision === undefined && details.errorInstance ? { cause: details.errorInstance } : undefined,
  );
  Error.captureStackTrace?.(error, run.from);
  throw error;
}
