/** What the simulator works on: the same inputs as the evaluator, compiled once. */
import {
  createEvaluator,
  parseKeyPolicy,
  PolicyInputError,
  toPolicy,
  type Evaluator,
  type EvaluatorInput,
  type Grant,
  type JsonValue,
  type KeyAttributes,
  type Policy,
  type PolicyInput,
} from '@kmsim/core';

export type SimulationInput = EvaluatorInput;

export interface PreparedInput {
  readonly keyPolicy: Policy;
  readonly identityPolicies: ReadonlyMap<string, readonly Policy[]>;
  readonly grants: readonly Grant[];
  readonly key: KeyAttributes;
}

function isModel(p: PolicyInput): p is Policy {
  return typeof p === 'object' && p !== null && Array.isArray((p as { statements?: unknown }).statements);
}

export function toModel(p: PolicyInput, label: string): Policy {
  if (isModel(p)) return p;
  if (typeof p === 'string') {
    const parsed = parseKeyPolicy(p);
    if (!parsed.policy) throw new PolicyInputError(label, parsed.diagnostics);
    return parsed.policy;
  }
  return toPolicy(p as unknown as JsonValue);
}

export function prepare(input: SimulationInput): PreparedInput {
  const keyPolicy = toModel(input.keyPolicy, 'keyPolicy');
  // The evaluator resolves the key (from the input, or the policy's own account statement).
  const key = createEvaluator({ keyPolicy, ...(input.key ? { key: input.key } : {}) }).key;
  const identityPolicies = new Map<string, Policy[]>();
  for (const [principal, list] of Object.entries(input.identityPolicies ?? {})) {
    identityPolicies.set(principal, list.map((p, i) => toModel(p, `identityPolicies["${principal}"][${i}]`)));
  }
  return { keyPolicy, identityPolicies, grants: input.grants ?? [], key };
}

/** An evaluator for one row: the key policy and grants, with the row's identity policies. */
export function evaluatorFor(input: PreparedInput, principal: string, identity: readonly Policy[] | undefined): Evaluator {
  return createEvaluator({
    keyPolicy: input.keyPolicy,
    grants: input.grants,
    key: input.key,
    ...(identity && identity.length > 0 ? { identityPolicies: { [principal]: identity } } : {}),
  });
}
