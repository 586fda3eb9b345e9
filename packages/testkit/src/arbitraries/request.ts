/**
 * Requests against a key, biased towards what its policies mention: their principals and
 * accounts (and instances of their aws:PrincipalArn patterns), their actions, their condition
 * values. Every part can be fixed or replaced by the caller's own arbitrary.
 */
import { actionsForKey, type ContextRecord } from '@kmsim/core';
import fc, { type Arbitrary } from 'fast-check';
import { supportsKey } from '../assertions/closest-change.js';
import { actionInfo, actionName } from '../assertions/evaluation.js';
import type { KeyLike } from '../key-under-test.js';
import { arbContext } from './context.js';
import { keyFacts } from './key-facts.js';
import { keyPrincipals } from './key-principals.js';
import { arbAccountId } from './accounts.js';
import { arbPrincipalArn, arbServicePrincipal, PrincipalArbitrary } from './principals.js';

export interface KmsRequest {
  readonly principal: string;
  readonly action: string;
  readonly context: ContextRecord;
}

export interface RequestOptions {
  /** A principal, or an arbitrary of principals (`anyOutsideAccount(…)` is biased towards the key). */
  readonly principal?: string | Arbitrary<string>;
  /** An action, a list to pick from, or an arbitrary. Default: the key's actions. */
  readonly action?: string | readonly string[] | Arbitrary<string>;
  /** Default: {@link arbContext} of the key. */
  readonly context?: Arbitrary<ContextRecord>;
}

/** Any principal, biased towards the ones the key's policies mention. */
export function arbPrincipalFor(key: KeyLike): Arbitrary<string> {
  const any = fc.oneof({ weight: 3, arbitrary: arbPrincipalArn() }, { weight: 1, arbitrary: arbServicePrincipal() });
  const biased = keyPrincipals(key, { accounts: arbAccountId(), accepts: () => true });
  return biased ? fc.oneof({ weight: 1, arbitrary: any }, { weight: 3, arbitrary: biased }) : any;
}

/** The actions of the key's type, biased towards the ones its policies name. */
export function arbActionFor(key: KeyLike): Arbitrary<string> {
  const facts = keyFacts(key);
  const k = facts.evaluation.evaluator.key;
  const ofKey = actionsForKey({
    keySpec: k.keySpec ?? 'SYMMETRIC_DEFAULT',
    ...(k.keyUsage ? { keyUsage: k.keyUsage } : {}),
    ...(k.origin ? { origin: k.origin } : {}),
    ...(k.multiRegion !== undefined ? { multiRegion: k.multiRegion } : {}),
  }).map((a) => a.name);
  const named = facts.actions.filter((a) => ofKey.includes(a));
  const all = fc.constantFrom(...ofKey);
  return named.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...named) }, { weight: 1, arbitrary: all }) : all;
}

export function principalArbitrary(key: KeyLike, principal: RequestOptions['principal']): Arbitrary<string> {
  if (principal === undefined) return arbPrincipalFor(key);
  if (typeof principal === 'string') return fc.constant(principal);
  return principal instanceof PrincipalArbitrary ? principal.forKey(key) : principal;
}

export function actionArbitrary(key: KeyLike, action: RequestOptions['action']): Arbitrary<string> {
  if (action === undefined) return arbActionFor(key);
  if (typeof action === 'string') return fc.constant(actionName(action));
  if (Array.isArray(action)) {
    const names = (action as readonly string[]).map(actionName);
    if (names.length === 0) throw new RangeError('arbRequest: the action list is empty');
    return fc.constantFrom(...names);
  }
  return action as Arbitrary<string>;
}

/** Drops the kms: condition keys the action does not support (AWS never sends them). */
export function contextForAction(context: ContextRecord, action: string): ContextRecord {
  const info = actionInfo(action);
  const out: Record<string, ContextRecord[string]> = {};
  for (const [k, v] of Object.entries(context)) if (supportsKey(info, k)) out[k] = v;
  return out;
}

/** Requests against the key: principal, action and context, each biased towards the key's policies. */
export function arbRequest(key: KeyLike, options: RequestOptions = {}): Arbitrary<KmsRequest> {
  const principal = principalArbitrary(key, options.principal);
  const action = actionArbitrary(key, options.action);
  const context = options.context ?? arbContext(key);
  const ownContext = options.context !== undefined;
  return fc.record({ principal, action, context }).map((r) => ({
    principal: r.principal,
    action: r.action,
    context: ownContext ? r.context : contextForAction(r.context, r.action),
  }));
}
