/** expectCan / expectCannot / expectExplicitlyDenied: one principal, one action, one context. */
import type { KeyLike } from '../key-under-test.js';
import { check } from './check.js';
import { thrownFrom } from './error.js';
import type { AssertionOptions } from './evaluation.js';

/** Throws a {@link KmsimAssertionError} unless the principal is allowed the action. */
export function expectCan(key: KeyLike, principal: string, action: string, options?: AssertionOptions): void {
  const r = check(key, principal, action, 'Allow', options);
  if (!r.pass) throw thrownFrom(r.error(), expectCan);
}

/** Throws unless the principal is denied the action (explicitly or implicitly). */
export function expectCannot(key: KeyLike, principal: string, action: string, options?: AssertionOptions): void {
  const r = check(key, principal, action, 'Deny', options);
  if (!r.pass) throw thrownFrom(r.error(), expectCannot);
}

/** Throws unless a Deny statement denies the principal the action. */
export function expectExplicitlyDenied(key: KeyLike, principal: string, action: string, options?: AssertionOptions): void {
  const r = check(key, principal, action, 'ExplicitDeny', options);
  if (!r.pass) throw thrownFrom(r.error(), expectExplicitlyDenied);
}
