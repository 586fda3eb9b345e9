/** What the property helpers quantify over. */
import type { ContextRecord } from '@kmsim/core';
import type { Arbitrary } from 'fast-check';
import { PrincipalArbitrary } from '../arbitraries/principals.js';

export interface RequestSpec {
  /** Evaluate policies AWS would reject as written (default: a KmsimPolicyError naming each error). */
  readonly allowInvalid?: boolean;
  /** One principal, or an arbitrary of principals (`anyOutsideAccount('111122223333')`). */
  readonly principal: string | Arbitrary<string>;
  /** One action, a list, or an arbitrary of actions. */
  readonly action: string | readonly string[] | Arbitrary<string>;
  /** Default: contexts over the condition keys the key's policies test. */
  readonly context?: Arbitrary<ContextRecord>;
}

export function describePrincipals(principal: RequestSpec['principal']): string {
  if (typeof principal === 'string') return principal;
  return principal instanceof PrincipalArbitrary ? principal.description : 'the principals of the given arbitrary';
}

export function describeActions(action: RequestSpec['action']): string {
  if (typeof action === 'string') return action;
  if (Array.isArray(action)) return (action as readonly string[]).join(', ');
  return 'the actions of the given arbitrary';
}
