/**
 * The closest change to a request's context that flips its decision: the condition keys the
 * applicable statements test are cut into classes (the simulator's partitionConditionSpace), and
 * contexts changing one key, then two, then three, are evaluated in the classes' order (policy
 * literals first). The first that reaches the wanted side is the fewest keys changed.
 */
import {
  findConditionKey,
  type ConditionClause,
  type ContextRecord,
  type ContextValue,
  type Decision,
  type DecisionKind,
  type EvaluationRequest,
  type Evaluator,
  type Grant,
  type KeyAttributes,
  type KmsAction,
} from '@kmsim/core';
import { actionSupportsKey, grantConstraintClauses, grantKeyClass, isGrantee, tryParseCaller } from '@kmsim/core/internal';
import { partitionConditionSpace, type KeySpace, type ValueClass } from '@kmsim/simulator';
import { sendableDecision } from './evaluation.js';

export interface ContextChange {
  readonly key: string;
  /** `undefined`: the key is removed from the request. */
  readonly value: ContextValue | undefined;
  /** The class the value stands for (`a value matching arn:aws:iam::*:role/app-*`). */
  readonly classLabel: string;
}

export interface ClosestChange {
  readonly changes: readonly ContextChange[];
  readonly context: ContextRecord;
  readonly decision: Decision;
}

/** Evaluations the search may spend at most. */
const BUDGET = 3000;
const MAX_KEYS_CHANGED = 3;

/** Derived keys (aws:PrincipalArn, kms:CallerAccount …) come from the principal or key: a caller cannot set them. */
export const isFreeKey = (key: string): boolean => !(findConditionKey(key)?.derived ?? false);

/** kms: condition keys an action does not support are never in its request. */
export function supportsKey(action: KmsAction | undefined, key: string): boolean {
  return action === undefined || actionSupportsKey(action, key);
}

/**
 * The clauses of the statements that apply to the request but for their conditions, and those of
 * the caller's grants for the operation (core's reading of grant constraints, for the key's class).
 */
export function applicableClauses(decision: Decision, grants: readonly Grant[], request: EvaluationRequest, key: KeyAttributes): ConditionClause[] {
  const clauses: ConditionClause[] = [];
  for (const s of decision.trace.statements) {
    if (s.effect === undefined || !s.action || !s.resource || s.principal === 'none') continue;
    for (const c of s.conditions) clauses.push({ operator: c.operator, key: c.key, values: c.values, path: c.path });
  }
  const operation = request.action.replace(/^kms:/i, '');
  const caller = tryParseCaller(request.principal);
  const keyClass = grantKeyClass(request.keySpec ?? key.keySpec, request.keyUsage ?? key.keyUsage);
  grants.forEach((g, i) => {
    // The grantee as the evaluator matches it (a grant to a role covers its sessions).
    const grantee = caller ? isGrantee(g, caller) : g.granteePrincipal === request.principal;
    if (!grantee || !g.operations.includes(operation)) return;
    clauses.push(...grantConstraintClauses(g, i, operation, keyClass));
  });
  return clauses;
}

function lookup(context: ContextRecord, key: string): ContextValue | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function withChanges(context: ContextRecord, changes: readonly ContextChange[]): ContextRecord {
  const out: Record<string, ContextValue> = {};
  const changed = new Set(changes.map((c) => c.key.toLowerCase()));
  for (const [k, v] of Object.entries(context)) if (!changed.has(k.toLowerCase())) out[k] = v;
  for (const c of changes) if (c.value !== undefined) out[c.key] = c.value;
  return out;
}

const same = (a: ContextValue | undefined, b: ContextValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

function* subsets<T>(items: readonly T[], size: number, from = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of subsets(items, size - 1, i + 1)) yield [items[i] as T, ...rest];
  }
}

function* product(lists: readonly (readonly ValueClass[])[]): Generator<ValueClass[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first = [], ...rest] = lists;
  for (const c of first) for (const tail of product(rest)) yield [c, ...tail];
}

export interface SearchInput {
  readonly evaluator: Evaluator;
  readonly request: EvaluationRequest;
  readonly decision: Decision;
  readonly action: KmsAction | undefined;
  readonly want: (d: DecisionKind) => boolean;
  readonly grants: readonly Grant[];
}

/** The classes each free, supported key can move to from the request's current value. */
function alternatives(input: SearchInput, context: ContextRecord): { key: KeySpace; classes: ValueClass[] }[] {
  const { evaluator, request, decision, action } = input;
  const clauses = applicableClauses(decision, input.grants, request, evaluator.key);
  if (clauses.length === 0) return [];
  const base = evaluator.evaluate({ ...request, context: {} }).trace.context;
  const spaces = partitionConditionSpace(clauses, { policyVersion: evaluator.keyPolicy.version ?? '2012-10-17', base, isFree: isFreeKey });
  return spaces
    .map((key) => {
      const current = lookup(context, key.key);
      const classes = key.classes.filter((c) => (supportsKey(action, key.key) || c.value === undefined) && !same(c.value, current));
      return { key, classes };
    })
    .filter((k) => k.classes.length > 0);
}

export function findClosestChange(input: SearchInput): ClosestChange | undefined {
  const context = input.request.context ?? {};
  const keys = alternatives(input, context);
  let budget = BUDGET;
  for (let size = 1; size <= Math.min(MAX_KEYS_CHANGED, keys.length); size++) {
    for (const chosen of subsets(keys, size)) {
      for (const classes of product(chosen.map((k) => k.classes))) {
        if (budget-- <= 0) return undefined;
        const changes = classes.map((c, i): ContextChange => ({ key: chosen[i]?.key.key ?? c.key, value: c.value, classLabel: c.label }));
        const next = withChanges(context, changes);
        const decision = sendableDecision(input.evaluator, { ...input.request, context: next });
        if (decision !== undefined && input.want(decision.decision)) return { changes, context: next, decision };
      }
    }
  }
  return undefined;
}
