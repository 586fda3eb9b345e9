/** assertNeverAllowed / assertAlwaysAllowed: a decision over every principal, action and context of a spec. */
import { arbRequest } from '../arbitraries/request.js';
import type { KeyLike } from '../key-under-test.js';
import { runProperty, type PropertyParameters } from './run.js';
import { describeActions, describePrincipals, type RequestSpec } from './spec.js';

/**
 * No request of the spec is allowed. Principals outside the key's account are assumed to have
 * IAM policies allowing kms:* (unless the key gives theirs): only the key policy and grants can
 * stop them. Throws a {@link KmsimPropertyError} with the shrunk counterexample and its replay.
 */
export function assertNeverAllowed(key: KeyLike, spec: RequestSpec, params?: PropertyParameters): void {
  runProperty({
    name: 'assertNeverAllowed',
    from: assertNeverAllowed,
    key,
    requests: arbRequest(key, spec),
    expected: 'Deny',
    params,
    invalid: spec,
    headline: (r) =>
      `assertNeverAllowed: ${r.action} is allowed for ${r.principal} (spec: ${describePrincipals(spec.principal)}; ${describeActions(spec.action)})`,
  });
}

/** Every request of the spec is allowed (same audit assumption as {@link assertNeverAllowed}). */
export function assertAlwaysAllowed(key: KeyLike, spec: RequestSpec, params?: PropertyParameters): void {
  runProperty({
    name: 'assertAlwaysAllowed',
    from: assertAlwaysAllowed,
    key,
    requests: arbRequest(key, spec),
    expected: 'Allow',
    params,
    invalid: spec,
    headline: (r, d) =>
      `assertAlwaysAllowed: ${r.action} is ${d ? d.decision : 'not allowed'} for ${r.principal} (spec: ${describePrincipals(spec.principal)}; ${describeActions(spec.action)})`,
  });
}
