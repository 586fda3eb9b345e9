/**
 * The one evaluator behind every assertion and property: a key under test, compiled once, and
 * the requests the helpers build (action names with or without `kms:`).
 */
import {
  createEvaluator,
  findAction,
  RequestError,
  type ContextRecord,
  type Decision,
  type EvaluationRequest,
  type Evaluator,
  type KmsAction,
  type PolicyInput,
} from '@kmsim/core';
import { accountOfPrincipalArn, arnParts, LruCache } from '@kmsim/core/internal';
import { guardrailsOf, toKeyUnderTest, type KeyLike, type KeyUnderTest } from '../key-under-test.js';
import { knownActionName } from './names.js';
import { keyPolicyErrors, type InvalidPolicyOption } from './policy-error.js';
import type { PolicyError } from '@kmsim/core';

/** What every assertion takes besides the principal and action (`allowInvalid`: see KmsimPolicyError). */
export interface AssertionOptions extends InvalidPolicyOption {
  /** Request context, e.g. `{ 'kms:ViaService': 's3.us-east-1.amazonaws.com' }`. */
  readonly context?: ContextRecord;
  /** The caller's account when the principal's ARN does not carry it. */
  readonly principalAccount?: string;
}

export interface KeyEvaluation {
  readonly key: KeyUnderTest;
  readonly evaluator: Evaluator;
  /** The account of the key (from its ARN, or from the policy's account statement). */
  readonly keyAccount: string;
  /** The validation errors of the key's policies (read once, when first asked). */
  readonly policyErrors: readonly PolicyError[];
  /** Identity policies the key under test gives for this principal. */
  identityPoliciesOf(principal: string): readonly PolicyInput[] | undefined;
  /** An evaluator with these identity policies for `principal` (replacing any given ones). */
  withIdentity(principal: string, policies: readonly PolicyInput[]): Evaluator;
}

const cache = new WeakMap<object, KeyEvaluation>();
const TEXT_CACHE_LIMIT = 64;
const textCache = new LruCache<string, KeyEvaluation>(TEXT_CACHE_LIMIT);

function build(key: KeyUnderTest): KeyEvaluation {
  const guardrails = guardrailsOf(key);
  const evaluator = createEvaluator({
    keyPolicy: key.keyPolicy,
    ...(key.identityPolicies ? { identityPolicies: key.identityPolicies } : {}),
    ...(key.grants ? { grants: key.grants } : {}),
    ...(key.key ? { key: key.key } : {}),
    ...guardrails,
  });
  const keyAccount = arnParts(evaluator.key.arn)?.account ?? '';
  const identity = key.identityPolicies ?? {};
  const derived = new LruCache<string, { readonly policies: readonly PolicyInput[]; readonly evaluator: Evaluator }>(512);
  let errors: readonly PolicyError[] | undefined;
  return {
    key,
    evaluator,
    keyAccount,
    get policyErrors() {
      errors ??= keyPolicyErrors(key);
      return errors;
    },
    identityPoliciesOf: (principal) => identity[principal],
    withIdentity(principal, policies) {
      const hit = derived.get(principal);
      if (hit && hit.policies === policies) return hit.evaluator;
      const e = createEvaluator({
        keyPolicy: evaluator.keyPolicy,
        identityPolicies: { ...identity, [principal]: policies },
        grants: evaluator.grants,
        key: evaluator.key,
        ...guardrails,
      });
      derived.set(principal, { policies, evaluator: e });
      return e;
    },
  };
}

/** The key under test, compiled (cached per object, and per text for policy JSON). */
export function keyEvaluation(keyLike: KeyLike): KeyEvaluation {
  if (typeof keyLike === 'string') {
    let e = textCache.get(keyLike);
    if (!e) {
      e = build(toKeyUnderTest(keyLike));
      textCache.set(keyLike, e);
    }
    return e;
  }
  let e = cache.get(keyLike);
  if (!e) {
    e = build(toKeyUnderTest(keyLike));
    cache.set(keyLike, e);
  }
  return e;
}

/** `Decrypt` and `kms:Decrypt` both name kms:Decrypt; an unknown action is an error naming the closest one. */
export const actionName: (action: string) => string = knownActionName;

export function actionInfo(action: string): KmsAction | undefined {
  return findAction(action.includes(':') ? action : `kms:${action}`);
}

export function buildRequest(principal: string, action: string, options: AssertionOptions = {}): EvaluationRequest {
  return {
    principal,
    action: actionName(action),
    ...(options.context ? { context: options.context } : {}),
    ...(options.principalAccount !== undefined ? { principalAccount: options.principalAccount } : {}),
  };
}

/** The account in an IAM/STS principal ARN (undefined for service principals). */
export function accountOfPrincipal(principal: string): string | undefined {
  return accountOfPrincipalArn(principal);
}

/**
 * The decision, or undefined when the request cannot be sent as it is: its context contradicts
 * what AWS fills in (core's RequestError on a `context[…]` field, e.g. an aws:PrincipalOrgID other
 * than the organization's for a member's principal). Generated contexts and candidate changes that
 * no real request can carry are skipped, never reported.
 */
export function sendableDecision(evaluator: Evaluator, request: EvaluationRequest): Decision | undefined {
  try {
    return evaluator.evaluate(request);
  } catch (e) {
    if (e instanceof RequestError && e.field.startsWith('context[')) return undefined;
    throw e;
  }
}
