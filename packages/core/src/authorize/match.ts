/**
 * Match: which statements apply to a request. A plan, made once per (caller, action), holds the
 * candidates — statements whose Principal covers the caller and whose Action covers the action,
 * found with the same `matchPrincipal` / `matchesAction` the trace shows — and `match` tests what
 * is left per request (Resource, Condition). Its result feeds `decide` and is what the trace's
 * matched statements are.
 */
import type { KmsAction } from '../catalogue/types.js';
import type { ContextLookup } from '../conditions/context.js';
import type { CompiledStatement } from '../compile/statement.js';
import type { Caller } from '../principal/caller.js';

/** A key-policy statement that can apply to the caller, and how its Principal covers it. */
export interface KeyCandidate {
  readonly s: CompiledStatement;
  readonly principal: 'direct' | 'account';
  /** Whether Resource matches the evaluator's own key (`undefined`: it depends on the context). */
  readonly ownKey: boolean | undefined;
}

/** An identity-policy statement that can apply (an Effect, the action, no Principal element). */
export interface IdentityCandidate {
  readonly s: CompiledStatement;
  /** Whether Resource matches what the action is authorized against for the own key (the key, or "*"). */
  readonly ownResource: boolean | undefined;
}

/** What applied, by the role it plays in the decision. Lists are shared and never mutated once built. */
export interface Matches {
  readonly denies: readonly CompiledStatement[];
  /** Key policy Allows naming the caller (or `*`). */
  readonly direct: readonly CompiledStatement[];
  /** Key policy Allows naming the caller's account (enabling its IAM policies). */
  readonly viaAccount: readonly CompiledStatement[];
  /** Identity policy Allows on the key (or "*" for actions not authorized against a key). */
  readonly iamAllows: readonly CompiledStatement[];
  /** Identity policy Allows on the alias (CreateAlias, UpdateAlias, DeleteAlias). */
  readonly aliasAllows: readonly CompiledStatement[];
}

export interface Plan {
  readonly action: KmsAction;
  readonly caller: Caller;
  readonly keyCandidates: readonly KeyCandidate[];
  readonly identityCandidates: readonly IdentityCandidate[];
  /** No candidate reads the request's context (no Condition, no variable in Resource). */
  readonly contextFree: boolean;
}

/** Where the request points: the key (and whether it is the evaluator's own), the alias. */
export interface Target {
  readonly keyArn: string;
  readonly ownKey: boolean;
  readonly aliasArn: string | undefined;
  /** No alias given: the identity statements that apply to every alias (the others to none; authorize/alias-side.ts). */
  readonly everyAlias?: ReadonlySet<CompiledStatement>;
}

const NONE: readonly CompiledStatement[] = Object.freeze([]);

function push(list: readonly CompiledStatement[], s: CompiledStatement): readonly CompiledStatement[] {
  if (list === NONE) return [s];
  (list as CompiledStatement[]).push(s);
  return list;
}

/** Candidate `j` (key candidates first, then identity): bit 1 if it applies to the key (or "*"), bit 2 if it applies to the alias. */
export const ON_KEY = 1;
export const ON_ALIAS = 2;

/** Whether candidate `j` applies to the request: its Resource, then its Condition. */
export function applies(plan: Plan, target: Target, context: ContextLookup, j: number): number {
  const keys = plan.keyCandidates;
  if (j < keys.length) {
    const c = keys[j] as KeyCandidate;
    const r = target.ownKey && c.ownKey !== undefined ? c.ownKey : c.s.matchesResource(target.keyArn, context);
    return r && c.s.conditionsHold(context) ? ON_KEY : 0;
  }
  const c = plan.identityCandidates[j - keys.length] as IdentityCandidate;
  const keyScoped = plan.action.resource !== 'none';
  const aliasArn = plan.action.resource === 'alias-and-key' ? target.aliasArn : undefined;
  const r = (target.ownKey || !keyScoped) && c.ownResource !== undefined ? c.ownResource : c.s.matchesResource(keyScoped ? target.keyArn : '*', context);
  const ra = target.everyAlias !== undefined ? target.everyAlias.has(c.s) : aliasArn !== undefined && c.s.matchesResource(aliasArn, context);
  if (!(r || ra) || !c.s.conditionsHold(context)) return 0;
  return (r ? ON_KEY : 0) | (ra ? ON_ALIAS : 0);
}

/** What applied, sorted by the role it plays, from each candidate's `applies` outcome. */
export function collect(plan: Plan, outcome: (j: number) => number): Matches {
  let denies = NONE;
  let direct = NONE;
  let viaAccount = NONE;
  let iamAllows = NONE;
  let aliasAllows = NONE;
  const keys = plan.keyCandidates;
  for (let j = 0; j < keys.length; j++) {
    if (outcome(j) === 0) continue;
    const c = keys[j] as KeyCandidate;
    if (c.s.statement.effect === 'Deny') denies = push(denies, c.s);
    else if (c.principal === 'direct') direct = push(direct, c.s);
    else viaAccount = push(viaAccount, c.s);
  }
  const ids = plan.identityCandidates;
  for (let j = 0; j < ids.length; j++) {
    const o = outcome(keys.length + j);
    if (o === 0) continue;
    const s = (ids[j] as IdentityCandidate).s;
    if (s.statement.effect === 'Deny') denies = push(denies, s);
    else {
      if (o & ON_KEY) iamAllows = push(iamAllows, s);
      if (o & ON_ALIAS) aliasAllows = push(aliasAllows, s);
    }
  }
  return { denies, direct, viaAccount, iamAllows, aliasAllows };
}

export function match(plan: Plan, target: Target, context: ContextLookup): Matches {
  return collect(plan, (j) => applies(plan, target, context, j));
}

/** Candidates a bit mask can describe (one bit each, on the key only). */
export const MASK_LIMIT = 30;

/** The candidates that apply to the own key, as a bit mask (no alias; at most MASK_LIMIT candidates). */
export function appliesMask(plan: Plan, target: Target, context: ContextLookup): number {
  let mask = 0;
  const n = plan.keyCandidates.length + plan.identityCandidates.length;
  for (let j = 0; j < n; j++) if ((applies(plan, target, context, j) & ON_KEY) !== 0) mask |= 1 << j;
  return mask;
}

/** The matches a mask stands for. */
export const matchMask = (plan: Plan, mask: number): Matches => collect(plan, (j) => (((mask >>> j) & 1) === 1 ? ON_KEY : 0));
