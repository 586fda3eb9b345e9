/**
 * What the testkit's assertions and properties take: a key policy with, optionally, the identity
 * policies, grants, key attributes and guardrails (organization SCPs and RCPs, permissions
 * boundaries, session and VPC endpoint policies) that go with it — what the loaders return.
 */
import type { EvaluatorInput, Grant, GuardrailsInput, KeyAttributes, PolicyDocument, PolicyInput } from '@kmsim/core';

export interface KeyUnderTest extends GuardrailsInput {
  readonly keyPolicy: PolicyInput;
  readonly identityPolicies?: EvaluatorInput['identityPolicies'];
  readonly grants?: readonly Grant[];
  readonly key?: KeyAttributes;
  /** Where it was loaded from, for failure messages: a file, `template.json#MyKey`, a key ARN. */
  readonly source?: string;
  /**
   * Evaluate policies AWS would reject as written. Default false: every helper then throws a
   * KmsimPolicyError naming each validation error (the helpers' options take `allowInvalid` too).
   */
  readonly allowInvalid?: boolean;
}

/** Anything the helpers accept as "the key": a loaded key, a policy document, or policy JSON text. */
export type KeyLike = KeyUnderTest | PolicyDocument | string;

export function toKeyUnderTest(key: KeyLike): KeyUnderTest {
  if (typeof key === 'string') return { keyPolicy: key };
  if ('keyPolicy' in key) return key;
  return { keyPolicy: key };
}

/** The guardrails of a key under test, only those it sets: spread into every evaluator and simulation of it. */
export { guardrailsOf } from '@kmsim/loaders';
