/**
 * The KMS authorizer: compile → match → decide → explain. `createEvaluator` compiles the key
 * policy, identity policies and grants once; `evaluate` answers one request:
 *
 * 1. the caller (principal/) and the action are read once and cached (least recently used first out);
 * 2. a plan per (caller, action) holds the statements that can apply (authorize/match.ts);
 * 3. `match` tests their Resource and Condition against the request; `decide` applies KMS's rules
 *    in order (authorize/decide.ts, each rule citing its source);
 * 4. the sentence, `allowedBy`, `deniedBy` and the trace are written when read (authorize/explain.ts).
 *
 * A plan whose statements read no context is decided once, for the evaluator's own key: asking
 * again allocates only the returned Decision.
 */
import { KMS_ACTIONS, findAction } from '../catalogue/actions.js';
import type { KmsAction } from '../catalogue/types.js';
import { indexContext, type ContextRecord, type ContextValue } from '../conditions/context.js';
import { compilePolicy } from '../compile/policy.js';
import { compileStatement, statementTrace, type CompiledStatement } from '../compile/statement.js';
import { RequestError } from '../errors.js';
import { resolveKey } from '../evaluate/key.js';
import { policyFromInput } from '../evaluate/policy-input.js';
import type { Decision, EvaluationRequest, EvaluatorInput, Grant, GrantTrace, KeyAttributes, StatementTrace, Trace } from '../evaluate/types.js';
import type { Policy } from '../model/policy.js';
import { checkAccount, parseCaller, roleSessionPrefix, sessionNameOk, type Caller } from '../principal/caller.js';
import { principalContext, PrincipalValues } from '../principal/context.js';
import { accountOfEntry } from '../principal/match.js';
import { LruCache } from '../common/lru.js';
import { compileGuardrails } from '../guardrails/compile.js';
import { createGuard } from '../guardrails/evaluate.js';
import { RequestContext } from './context.js';
import { decide, type Facts, type Verdict } from './decide.js';
import { LazyDecision, type Explainer } from './decision.js';
import { keyContext } from './derived.js';
import { allowedByOf, deniedByOf, grantsLookedAt, notesOf, reasonOf } from './explain.js';
import { explainGrant } from './grants.js';
import { appliesMask, match, matchMask, MASK_LIMIT, type IdentityCandidate, type KeyCandidate, type Matches, type Plan, type Target } from './match.js';

export interface Evaluator {
  readonly keyPolicy: Policy;
  readonly key: KeyAttributes;
  readonly grants: readonly Grant[];
  evaluate(request: EvaluationRequest): Decision;
  /**
   * The condition keys the evaluator fills in for a caller of its key (from the principal and the
   * key): the `trace.context` of a key-scoped request without context of its own, without running
   * the explaining pass. Optional, so that other implementations of this interface stay valid.
   */
  callerContext?(principal: string, principalAccount?: string): Record<string, ContextValue>;
}

/** Bound of every per-evaluator cache (callers, role sessions, action spellings). */
export const CACHE_LIMIT = 4096;
/** Outcomes kept per plan, one per set of candidates that apply (up to 2^30 sets could be asked for). */
const MASK_OUTCOMES = 256;

interface ActionEntry {
  readonly action: KmsAction;
  /** Position in the catalogue: the index of a caller's plans. */
  readonly slot: number;
}

/** Actions as the catalogue spells them (a bounded set: no eviction needed); other spellings go through an LRU cache. */
const CANONICAL_ACTIONS = new Map<string, ActionEntry>(KMS_ACTIONS.map((action, slot) => [action.name, { action, slot }]));
const ACTION_SLOT = new Map<KmsAction, number>(KMS_ACTIONS.map((a, i) => [a, i]));

interface CallerEntry {
  readonly caller: Caller;
  /** The principal's condition keys, read by lower-cased name. */
  readonly principalValues: PrincipalValues;
  /** Key-policy statements whose Principal covers the caller, with how (ascending positions). */
  readonly keyPrincipals: readonly { readonly i: number; readonly principal: 'direct' | 'account' }[];
  readonly identity: readonly CompiledStatement[];
  readonly plans: (PlanEntry | undefined)[];
}

interface Outcome {
  readonly verdict: Verdict;
  readonly facts: Facts;
}

interface PlanEntry extends Plan {
  /** For a plan that reads no context: the outcome for the own key, without alias. */
  readonly fixed: Outcome | undefined;
  /**
   * For a plan with few candidates and no grant to look at: the outcome for the own key, without
   * alias, by which candidates apply (a bit mask), decided once per mask.
   */
  byMask: LruCache<number, Outcome> | undefined;
  readonly masked: boolean;
}

const EMPTY_CONTEXT: ContextRecord = Object.freeze({});
const keyAccountOf = (arn: string): string | undefined => arn.split(':')[4];

export function createEvaluator(input: EvaluatorInput): Evaluator {
  const keyPolicy = policyFromInput(input.keyPolicy, 'keyPolicy');
  const key = resolveKey(input.key, keyPolicy);
  const grants = input.grants ?? [];
  const compiled = compilePolicy(keyPolicy, 'key-policy');
  const keyStatements = compiled.statements;
  const identity = new Map<string, CompiledStatement[]>();
  for (const [principal, list] of Object.entries(input.identityPolicies ?? {})) {
    identity.set(
      principal,
      list.flatMap((p, i) => {
        const policy = policyFromInput(p, `identityPolicies["${principal}"][${i}]`);
        return policy.statements.map((s) => compileStatement(s, policy, 'identity-policy', i));
      }),
    );
  }
  // Organization and session guardrails (guardrails/): `undefined` without any, and then nothing below changes.
  const guardrails = compileGuardrails(input);
  const guard = guardrails === undefined ? undefined : createGuard(guardrails, grants, keyStatements);
  /** The key's condition keys, with the organization's (aws:ResourceOrgID, aws:ResourceOrgPaths) when one is given. */
  const keyRecord = (k: KeyAttributes, account: string | undefined): Record<string, ContextValue> =>
    guard === undefined ? keyContext(k, account) : { ...keyContext(k, account), ...guard.resourceOrgContext(account) };
  const ownAccount = keyAccountOf(key.arn);
  const OWN_KEY: Target = { keyArn: key.arn, ownKey: true, aliasArn: undefined };
  /** The lookup the hot path reuses (evaluation is synchronous: one request at a time). */
  const scratch = RequestContext.empty();
  const ownKeyContext = keyRecord(key, ownAccount);
  const ownKeyIndex = indexContext(ownKeyContext);
  /**
   * Principal texts something names one by one (policies, identity policies, grants): such a role
   * session is not one of its role's crowd. `namedSessionRoles`: the role parts of those that are sessions.
   */
  const named = new Set<string>([...compiled.named, ...identity.keys()]);
  for (const g of grants) {
    named.add(g.granteePrincipal);
    if (g.retiringPrincipal !== undefined) named.add(g.retiringPrincipal);
  }
  // A session with a session policy of its own is not one of its role's crowd.
  for (const arn of Object.keys(input.sessionPolicies ?? {})) named.add(arn);
  const namedSessionRoles = new Set<string>();
  for (const text of named) {
    const prefix = typeof text === 'string' ? roleSessionPrefix(text) : undefined;
    if (prefix !== undefined) namedSessionRoles.add(prefix);
  }
  const isNamed = (arn: string, prefix: string): boolean => namedSessionRoles.has(prefix) && named.has(arn);

  const actions = new LruCache<string, ActionEntry>(CACHE_LIMIT);
  const callers = new LruCache<string, CallerEntry>(CACHE_LIMIT);
  /** Role sessions no policy names, by their role part (`arn:…:assumed-role/Role/`). */
  const sessions = new LruCache<string, CallerEntry>(CACHE_LIMIT);

  function actionOf(name: string): ActionEntry {
    let entry = CANONICAL_ACTIONS.get(name) ?? actions.get(name);
    if (entry === undefined) {
      if (typeof name !== 'string' || !/^kms:/i.test(name)) throw new RequestError('action', `"${String(name)}" is not a KMS action (expected kms:Name)`);
      const action = findAction(name);
      if (!action) throw new RequestError('action', `"${name}" is not a KMS action kmsim knows`);
      entry = { action, slot: ACTION_SLOT.get(action) as number };
      actions.set(name, entry);
    }
    return entry;
  }

  function newEntry(caller: Caller): CallerEntry {
    const keyPrincipals: { i: number; principal: 'direct' | 'account' }[] = [];
    for (const i of compiled.principalCandidates(caller)) {
      const principal = (keyStatements[i] as CompiledStatement).principal(caller);
      if (principal !== 'none') keyPrincipals.push({ i, principal });
    }
    return {
      caller,
      principalValues: guard === undefined ? new PrincipalValues(caller) : guard.principalValues(caller),
      keyPrincipals,
      // Identity policies never apply to the root user.
      identity: caller.kind === 'root' ? [] : (identity.get(caller.arn) ?? []),
      plans: new Array<PlanEntry | undefined>(KMS_ACTIONS.length).fill(undefined),
    };
  }

  /** The last caller asked about: requests often come in runs from one caller. */
  let lastPrincipal: string | undefined;
  let lastEntry: CallerEntry | undefined;

  function callerOf(principal: string, principalAccount: string | undefined): CallerEntry {
    let entry = principal === lastPrincipal ? lastEntry : undefined;
    if (entry === undefined) {
      entry = lookUpCaller(principal);
      lastPrincipal = principal;
      lastEntry = entry;
    }
    if (principalAccount !== undefined && entry.caller.kind !== 'service') checkAccount(entry.caller.account as string, principalAccount);
    return entry;
  }

  function lookUpCaller(principal: string): CallerEntry {
    let entry = callers.get(principal);
    if (entry === undefined) {
      if (typeof principal !== 'string' || principal === '') throw new RequestError('principal', 'is required');
      // A session of a role, named by nothing: one of its role's crowd, read once for all of them.
      const prefix = roleSessionPrefix(principal);
      const crowd = prefix !== undefined && !isNamed(principal, prefix) ? sessions.get(prefix) : undefined;
      if (crowd !== undefined && sessionNameOk(principal, (prefix as string).length)) entry = crowd;
      else {
        const caller = parseCaller(principal);
        entry = newEntry(caller);
        if (prefix !== undefined && caller.kind === 'assumed-role' && !isNamed(principal, prefix)) sessions.set(prefix, entry);
        else callers.set(principal, entry);
      }
    }
    return entry;
  }

  function planOf(entry: CallerEntry, a: ActionEntry): PlanEntry {
    const { action } = a;
    const lower = action.name.toLowerCase();
    const keyScoped = action.resource !== 'none';
    const keyCandidates: KeyCandidate[] = [];
    if (keyScoped) {
      const mask = compiled.actionMask(lower);
      for (const { i, principal } of entry.keyPrincipals) {
        if (mask[i] !== 1) continue;
        const s = keyStatements[i] as CompiledStatement;
        keyCandidates.push({ s, principal, ownKey: s.resourceVaries ? undefined : s.matchesResource(key.arn) });
      }
    }
    const ownResource = keyScoped ? key.arn : '*';
    const identityCandidates: IdentityCandidate[] = [];
    for (const s of entry.identity) {
      // Identity policies have no Principal element: they apply to the identity they are attached to.
      const hasPrincipal = s.statement.principal !== undefined || s.statement.notPrincipal !== undefined;
      if (s.statement.effect === undefined || hasPrincipal || !s.matchesAction(lower)) continue;
      identityCandidates.push({ s, ownResource: s.resourceVaries ? undefined : s.matchesResource(ownResource) });
    }
    const readsContext = (c: KeyCandidate | IdentityCandidate): boolean => c.s.clauses.length > 0 || c.s.resourceVaries;
    const contextFree = !keyCandidates.some(readsContext) && !identityCandidates.some(readsContext);
    const plan: Plan = { action, caller: entry.caller, keyCandidates, identityCandidates, contextFree };
    const grantsApply = action.grantOperation && grants.length > 0;
    let fixed: Outcome | undefined;
    if (contextFree && !grantsApply) {
      const facts = factsOf(plan, entry, OWN_KEY, match(plan, OWN_KEY, RequestContext.empty()), EMPTY_CONTEXT);
      fixed = { verdict: decide(facts), facts };
    }
    const masked = !contextFree && !grantsApply && keyCandidates.length + identityCandidates.length <= MASK_LIMIT;
    return { action, caller: entry.caller, keyCandidates, identityCandidates, contextFree, fixed, byMask: undefined, masked };
  }

  /** The outcome for a mask, decided once (the same `collect` as `match`, from the mask's bits). */
  function outcomeOf(plan: PlanEntry, entry: CallerEntry, mask: number): Outcome {
    const byMask = (plan.byMask ??= new LruCache(MASK_OUTCOMES));
    let o = byMask.get(mask);
    if (o === undefined) {
      const facts = factsOf(plan, entry, OWN_KEY, matchMask(plan, mask), EMPTY_CONTEXT);
      o = { verdict: decide(facts), facts };
      byMask.set(mask, o);
    }
    return o;
  }

  function factsOf(plan: Plan, entry: CallerEntry, target: Target, m: Matches, context: ContextRecord): Facts {
    const { action } = plan;
    const { caller } = entry;
    let grant = -1;
    let retiringAccountGrant = -1;
    if (action.grantOperation && grants.length > 0) {
      const operation = action.name.slice(4);
      grant = grants.findIndex((g, i) => explainGrant(g, i, caller, operation, context).matched);
      // A retiring principal that is an account delegates RetireGrant to its IAM principals.
      if (operation === 'RetireGrant') {
        retiringAccountGrant = grants.findIndex((g) => g.retiringPrincipal !== undefined && accountOfEntry(g.retiringPrincipal) === caller.account);
      }
    }
    return {
      denies: m.denies,
      direct: m.direct,
      viaAccount: m.viaAccount,
      iamAllows: m.iamAllows,
      aliasAllows: m.aliasAllows,
      action,
      caller,
      keyAccount: target.keyArn === key.arn ? ownAccount : keyAccountOf(target.keyArn),
      aliasGiven: target.aliasArn !== undefined,
      hasIdentityPolicies: entry.identity.length > 0,
      grant,
      retiringAccountGrant,
    };
  }

  /** The key attributes a request is evaluated against: the own key's unless it names another key or spec. */
  function keyRecordOf(request: EvaluationRequest, ownKey: boolean, keyArn: string): ContextRecord {
    if (ownKey) return ownKeyContext;
    return keyRecord({ ...key, arn: keyArn, keySpec: request.keySpec ?? key.keySpec, keyUsage: request.keyUsage ?? key.keyUsage }, keyAccountOf(keyArn));
  }

  /** Derived context: the principal's (indexed once per caller), then the key's for key-scoped actions. */
  function contextOf(
    into: RequestContext | undefined,
    entry: CallerEntry,
    request: EvaluationRequest,
    keyScoped: boolean,
    ownKey: boolean,
    keyArn: string,
  ): RequestContext {
    const principalIndex = entry.principalValues;
    const keyIndex = !keyScoped ? undefined : ownKey ? ownKeyIndex : indexContext(keyRecordOf(request, false, keyArn));
    const requestContext = request.context ?? EMPTY_CONTEXT;
    return into ? into.reset(requestContext, principalIndex, keyIndex) : new RequestContext(requestContext, principalIndex, keyIndex);
  }

  const isOwnKey = (request: EvaluationRequest): boolean =>
    (request.keyArn === undefined || request.keyArn === key.arn) && request.keySpec === undefined && request.keyUsage === undefined;

  const explainer: Explainer<EvaluationRequest, CallerEntry> = {
    reason: (v, f, request) => reasonOf(v, f, request.principal, grants),
    allowedBy: allowedByOf,
    deniedBy: deniedByOf,
    trace: traceOf,
  };

  /**
   * The trace: every statement with each part's result, the grants looked at, the rules applied, the
   * context. It shows the predicates `match` used (`principal`, `matchesAction`, `matchesResource`, and
   * the clauses' `explain`, which shares `test`'s judgement): a statement is `matched` here exactly when
   * `match` counted it, by construction; the decision itself comes from the verdict, never from here.
   */
  function traceOf(v: Verdict, f: Facts, request: EvaluationRequest, entry: CallerEntry): Trace {
    const caller: Caller = { ...entry.caller, arn: request.principal };
    const keyScoped = f.action.resource !== 'none';
    const ownKey = isOwnKey(request);
    const keyArn = request.keyArn ?? key.arn;
    const requestContext = request.context ?? EMPTY_CONTEXT;
    const context = contextOf(undefined, entry, request, keyScoped, ownKey, keyArn);
    const lower = f.action.name.toLowerCase();
    const statements: StatementTrace[] = [];
    if (keyScoped) {
      for (const s of keyStatements) {
        const note = s.statement.effect === undefined ? 'no valid Effect: never applies' : undefined;
        statements.push(statementTrace(s, s.principal(caller), s.matchesAction(lower), s.matchesResource(keyArn, context), s.explainConditions(context), note));
      }
    }
    const aliasArn = f.action.resource === 'alias-and-key' ? request.aliasArn : undefined;
    for (const s of entry.identity) {
      const hasPrincipal = s.statement.principal !== undefined || s.statement.notPrincipal !== undefined;
      const r = s.matchesResource(keyScoped ? keyArn : '*', context) || (aliasArn !== undefined && s.matchesResource(aliasArn, context));
      statements.push(
        statementTrace(
          s,
          hasPrincipal ? 'none' : 'n/a',
          s.matchesAction(lower),
          r,
          s.explainConditions(context),
          hasPrincipal ? 'identity policies cannot have a Principal element' : undefined,
        ),
      );
    }
    const grantTraces: GrantTrace[] = grantsLookedAt(v, f, grants)
      ? grants.map((g, i) => explainGrant(g, i, caller, f.action.name.slice(4), requestContext))
      : [];
    const notes = notesOf(v, f, request.aliasArn);
    if (entry.caller.kind === 'root' && identity.has(request.principal)) notes.unshift('identity policies do not apply to the root user');
    return {
      statements,
      grants: grantTraces,
      notes,
      context: {
        ...principalContext(entry.caller),
        ...guard?.principalOrgContext(entry.caller),
        ...(keyScoped ? keyRecordOf(request, ownKey, keyArn) : undefined),
        ...requestContext,
      },
    };
  }

  const evaluator = {
    keyPolicy,
    key,
    grants,
    callerContext: (principal: string, principalAccount?: string): Record<string, ContextValue> => {
      const caller = callerOf(principal, principalAccount).caller;
      return { ...principalContext(caller), ...guard?.principalOrgContext(caller), ...ownKeyContext };
    },
    evaluate(request: EvaluationRequest): LazyDecision<EvaluationRequest, CallerEntry> {
      const a = actionOf(request.action);
      const entry = callerOf(request.principal, request.principalAccount);
      const plan = (entry.plans[a.slot] ??= planOf(entry, a));
      const ownKey = isOwnKey(request);
      const keyScoped = a.action.resource !== 'none';
      const keyArn = request.keyArn ?? key.arn;
      const requestContext = request.context ?? EMPTY_CONTEXT;
      if (ownKey && request.aliasArn === undefined) {
        if (plan.fixed !== undefined) return new LazyDecision(plan.fixed.verdict, plan.fixed.facts, request, entry, explainer);
        if (plan.masked) {
          const mask = appliesMask(plan, OWN_KEY, contextOf(scratch, entry, request, keyScoped, true, keyArn));
          const o = outcomeOf(plan, entry, mask);
          return new LazyDecision(o.verdict, o.facts, request, entry, explainer);
        }
      }
      const target: Target = { keyArn, ownKey, aliasArn: request.aliasArn };
      const context = contextOf(undefined, entry, request, keyScoped, ownKey, keyArn);
      const facts = factsOf(plan, entry, target, match(plan, target, context), requestContext);
      return new LazyDecision(decide(facts), facts, request, entry, explainer);
    },
  };
  if (guard === undefined) return evaluator;
  return { ...evaluator, evaluate: evaluateGuarded };

  /**
   * With guardrails: the base decision, then the guardrails' say (guardrails/evaluate.ts). The
   * caller is the request's own (a session of a role's crowd shares its entry with the others).
   */
  function evaluateGuarded(asked: EvaluationRequest): Decision {
    const g = guard as NonNullable<typeof guard>;
    const request = g.withOrgContext(asked);
    // The base decision (a LazyDecision: its verdict and facts are what the guardrails read).
    const base = evaluator.evaluate(request);
    const entry = callerOf(request.principal, request.principalAccount);
    const f = base.facts.caller.arn === request.principal ? base.facts : { ...base.facts, caller: { ...base.facts.caller, arn: request.principal } };
    const keyScoped = f.action.resource !== 'none';
    const keyArn = request.keyArn ?? key.arn;
    g.checkRequest(request.context ?? EMPTY_CONTEXT, f.caller, keyScoped ? f.keyAccount : undefined);
    const context = contextOf(undefined, entry, request, keyScoped, isOwnKey(request), keyArn);
    return g.decide(base, base.verdict, f, request, context, keyArn);
  }
}
