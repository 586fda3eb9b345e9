/** What the simulator works on: the same inputs as the evaluator, compiled once. */
import {
  guardrailsOf,
  hasGuardrails,
  createEvaluator,
  parseKeyPolicy,
  PolicyInputError,
  toPolicy,
  type Evaluator,
  type EvaluatorInput,
  type ConditionClause,
  type Grant,
  type GuardrailsInput,
  type JsonValue,
  type KeyAttributes,
  type Policy,
  type PolicyInput,
} from '@kmsim/core';
import {
  compileGuardrails,
  guardrailRules,
  SOURCE_ACCOUNT,
  SOURCE_ORG_ID,
  SOURCE_ORG_PATHS,
  type CompiledGuardrails,
  type CompiledStatement,
} from '@kmsim/core/internal';

/** The evaluator's input: the key policy, identity policies, grants, key, and the guardrails around it. */
export type SimulationInput = EvaluatorInput;

export interface PreparedInput {
  readonly keyPolicy: Policy;
  readonly identityPolicies: ReadonlyMap<string, readonly Policy[]>;
  readonly grants: readonly Grant[];
  readonly key: KeyAttributes;
  /** The guardrails given (organization, boundaries, session and VPC endpoint policies), passed to every evaluator; absent without any. */
  readonly guardrails?: GuardrailsInput;
  /** Their statements, compiled by core: their conditions widen the cells' condition space. */
  readonly guardrailStatements?: readonly CompiledStatement[];
  /** Clauses on the request that decide which guardrail applies (aws:SourceVpce naming an endpoint with a policy). */
  readonly guardrailScopes?: readonly ConditionClause[];
}

/** The guardrail fields of an input that are set; `undefined` without any. */
const guardrailsIn = (input: GuardrailsInput): GuardrailsInput | undefined => (hasGuardrails(input) ? guardrailsOf(input) : undefined);

/** Every compiled guardrail statement (SCPs and RCPs of every account's path, boundaries, session and endpoint policies). */
function statementsOf(g: CompiledGuardrails | undefined): CompiledStatement[] {
  if (g === undefined) return [];
  const out = new Set<CompiledStatement>();
  for (const account of g.organization?.accounts.values() ?? []) {
    for (const level of [...account.scps, ...account.rcps]) for (const s of level.statements) out.add(s);
  }
  for (const map of [g.boundaries, g.sessionPolicies, g.endpointPolicies]) for (const owned of map.values()) for (const s of owned.statements) out.add(s);
  return [...out];
}

/**
 * The conditions of the guardrail statements that can apply to an action: every one of them, for
 * any caller (a superset: a key a guardrail tests only adds a dimension to a cell, never an answer).
 */
export function guardrailClauses(input: PreparedInput, actionLower: string): ConditionClause[] {
  const conditions = (input.guardrailStatements ?? []).flatMap((s) => (s.matchesAction(actionLower) ? s.statement.conditions : []));
  return input.guardrailScopes === undefined ? conditions : [...conditions, ...input.guardrailScopes];
}

/**
 * A VPC endpoint policy applies when the request's aws:SourceVpce is its endpoint's id (core's
 * guardrails/rules.ts, `endpointOf`): no condition names that key, so a clause on it splits the
 * cells between requests through each endpoint and the others.
 */
function endpointScopes(g: CompiledGuardrails): ConditionClause[] {
  // One clause per endpoint: each one's policy is a region of its own.
  return [...g.endpointPolicies.keys()].map((id) => ({
    operator: 'StringEquals',
    key: guardrailRules.ENDPOINT_KEY,
    values: [id],
    path: `vpcEndpointPolicies["${id}"]`,
  }));
}

const SOURCE_ORG_KEYS = new Set([SOURCE_ORG_ID, SOURCE_ORG_PATHS].map((k) => k.toLowerCase()));

/**
 * aws:SourceOrgID / aws:SourceOrgPaths are derived from the request's aws:SourceAccount (core's
 * guardrails/org-context.ts, `sourceOrgContext`): when a condition reads them, a clause per account
 * of the organization on aws:SourceAccount splits the cells between source accounts of each one
 * (each its own path) and the others.
 */
function sourceOrgScopes(g: CompiledGuardrails, conditions: readonly ConditionClause[]): ConditionClause[] {
  const org = g.organization;
  if (org === undefined || !conditions.some((c) => SOURCE_ORG_KEYS.has(c.key.toLowerCase()))) return [];
  const accounts = [...new Set([...org.accounts.keys(), org.managementAccount])].sort();
  return accounts.map((account) => ({ operator: 'StringEquals', key: SOURCE_ACCOUNT, values: [account], path: `organization (${SOURCE_ACCOUNT} ${account})` }));
}

function scopesOf(g: CompiledGuardrails | undefined, conditions: readonly ConditionClause[]): ConditionClause[] | undefined {
  if (g === undefined) return undefined;
  const scopes = [...endpointScopes(g), ...sourceOrgScopes(g, conditions)];
  return scopes.length === 0 ? undefined : scopes;
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
  const guardrails = guardrailsIn(input);
  // The evaluator resolves the key (from the input, or the policy's own account statement).
  const resolver = createEvaluator({ keyPolicy, ...(input.key ? { key: input.key } : {}), ...guardrails });
  const key = resolver.key;
  const identityPolicies = new Map<string, Policy[]>();
  for (const [principal, list] of Object.entries(input.identityPolicies ?? {})) {
    identityPolicies.set(
      principal,
      list.map((p, i) => toModel(p, `identityPolicies["${principal}"][${i}]`)),
    );
  }
  const compiled = guardrails === undefined ? undefined : compileGuardrails(guardrails);
  const statements = compiled === undefined ? undefined : statementsOf(compiled);
  const conditions = [
    ...keyPolicy.statements,
    ...[...identityPolicies.values()].flat().flatMap((p) => p.statements),
    ...(statements ?? []).map((c) => c.statement),
  ].flatMap((st) => st.conditions);
  const scopes = scopesOf(compiled, conditions);
  const prepared: PreparedInput = {
    keyPolicy,
    identityPolicies,
    grants: input.grants ?? [],
    key,
    ...(guardrails !== undefined ? { guardrails } : {}),
    ...(statements !== undefined ? { guardrailStatements: statements } : {}),
    ...(scopes !== undefined ? { guardrailScopes: scopes } : {}),
  };
  keyOnly.set(prepared, resolver);
  return prepared;
}

/**
 * The evaluator `prepare` resolved the key with: the key policy alone (no grants, no identity
 * policies). `sharedEvaluators` uses it for rows without identity policies when there are no
 * grants, instead of compiling the policy again. By the prepared object itself: a copy with
 * another policy or key (`{ ...prepared, keyPolicy }`) is not found.
 */
const keyOnly = new WeakMap<PreparedInput, Evaluator>();

/** An evaluator for one row: the key policy and grants, with the row's identity policies. */
export function evaluatorFor(input: PreparedInput, principal: string, identity: readonly Policy[] | undefined): Evaluator {
  return createEvaluator({
    keyPolicy: input.keyPolicy,
    grants: input.grants,
    key: input.key,
    ...(identity && identity.length > 0 ? { identityPolicies: { [principal]: identity } } : {}),
    ...input.guardrails,
  });
}

/**
 * Evaluators shared by rows. core's evaluator holds identity policies by principal, so one
 * evaluator answers for every row whose principals it holds with the same identity policies (or
 * none): the key policy is compiled once per evaluator, not once per row. Rows whose principals it
 * already holds with other policies (a role with and without the assumed IAM policy) get another
 * one. A class row's principals are its witness members (`principals`), each holding the row's
 * identity policies. Each answers a row exactly as `evaluatorFor(input, principal, row.identityPolicies)`
 * would for each of its principals: core reads only the caller's own identity policies.
 */
export function sharedEvaluators(
  input: PreparedInput,
  rows: readonly { readonly id: string; readonly arn: string; readonly identityPolicies: readonly Policy[]; readonly principals?: readonly string[] }[],
): (row: { readonly id: string }) => Evaluator {
  const groups: Map<string, readonly Policy[]>[] = [];
  const groupOf = new Map<string, number>();
  const same = (a: readonly Policy[], b: readonly Policy[]): boolean => a.length === b.length && a.every((p, i) => p === b[i]);
  for (const row of rows) {
    if (groupOf.has(row.id)) continue;
    const arns = row.principals ?? [row.arn];
    let g = groups.findIndex((m) =>
      arns.every((arn) => {
        const held = m.get(arn);
        return held === undefined || same(held, row.identityPolicies);
      }),
    );
    if (g < 0) g = groups.push(new Map()) - 1;
    for (const arn of arns) (groups[g] as Map<string, readonly Policy[]>).set(arn, row.identityPolicies);
    groupOf.set(row.id, g);
  }
  const evaluators: (Evaluator | undefined)[] = [];
  return (row) => {
    const g = groupOf.get(row.id);
    if (g === undefined) throw new Error(`kmsim internal error: no evaluator for row ${row.id}`);
    let e = evaluators[g];
    if (!e) {
      const held = [...(groups[g] as Map<string, readonly Policy[]>)].filter(([, list]) => list.length > 0);
      const resolver = keyOnly.get(input);
      if (held.length === 0 && input.grants.length === 0 && resolver !== undefined && resolver.key === input.key) e = resolver;
      else {
        const identityPolicies: Record<string, readonly Policy[]> = Object.fromEntries(held);
        e = createEvaluator({ keyPolicy: input.keyPolicy, grants: input.grants, key: input.key, identityPolicies, ...input.guardrails });
      }
      evaluators[g] = e;
    }
    return e;
  };
}

const ORGANIZATION_KEYS = new Set(['aws:resourceorgid', 'aws:resourceorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths']);

/**
 * With an organization given, the request keys core derives from it are not free: aws:ResourceOrgID
 * and aws:ResourceOrgPaths come from the key's account, aws:SourceOrgID and aws:SourceOrgPaths from
 * the request's aws:SourceAccount (core's guardrails/org-context.ts says which). kmsim's reading: a
 * source account outside the organization is simulated with no source organization, not with
 * another organization's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid
 */
export function organizationKeys(input: PreparedInput): ((key: string) => boolean) | undefined {
  return input.guardrails?.organization === undefined ? undefined : (key) => ORGANIZATION_KEYS.has(key.toLowerCase());
}
