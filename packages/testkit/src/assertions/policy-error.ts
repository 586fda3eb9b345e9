/**
 * A key AWS would refuse: the assertions, matchers and properties never answer for it silently.
 * The evaluator answers for a policy as written, dropping what cannot apply (a misspelt operator, a
 * bare-string Principal), which can turn into an Allow no deployed key would give. So every helper
 * first checks the policies (core's `policyErrorsOf`) and throws a KmsimPolicyError naming each
 * error, unless `{ allowInvalid: true }` asks to evaluate them as written.
 */
import { describePolicyError, grantErrorsOf, identityPolicyLabel, policyErrorsOf, rejectionOf, type Diagnostic, type PolicyError } from '@kmsim/core';
import type { KeyUnderTest } from '../key-under-test.js';

/** The option every helper takes to evaluate a policy AWS would reject, as written. */
export interface InvalidPolicyOption {
  /** Evaluate policies with validation errors as written (statements that cannot apply never match). Default false. */
  readonly allowInvalid?: boolean;
}

export class KmsimPolicyError extends Error {
  override readonly name = 'KmsimPolicyError';
  constructor(
    message: string,
    /** Each error, with the policy it is in. */
    readonly errors: readonly PolicyError[],
  ) {
    super(message);
  }
}

/** What a loader returns besides the policies: their diagnostics with the file's lines. */
interface LoadedDiagnostics {
  readonly diagnostics?: readonly Diagnostic[];
  readonly identityPolicyDiagnostics?: Readonly<Record<string, readonly (readonly Diagnostic[])[]>>;
  /** What CreateGrant would refuse in the key's grants, as the loader found it. */
  readonly grantDiagnostics?: readonly Diagnostic[];
}

/**
 * The errors of the key under test. A loaded key (`loadKeyFile`, …) already carries its
 * diagnostics with the file's lines and columns: those are used; otherwise the policies are checked.
 */
export function keyPolicyErrors(key: KeyUnderTest): PolicyError[] {
  const loaded = key as KeyUnderTest & LoadedDiagnostics;
  if (loaded.diagnostics === undefined) {
    return policyErrorsOf({
      keyPolicy: key.keyPolicy,
      ...(key.identityPolicies ? { identityPolicies: key.identityPolicies } : {}),
      ...(key.key ? { key: key.key } : {}),
      ...(key.grants ? { grants: key.grants } : {}),
    });
  }
  const errors = (policy: string, list: readonly Diagnostic[]): PolicyError[] =>
    list.filter((d) => d.severity === 'error').map((diagnostic) => ({ policy, diagnostic }));
  const out = errors('keyPolicy', loaded.diagnostics);
  const identity = loaded.identityPolicyDiagnostics;
  for (const [principal, lists] of Object.entries(key.identityPolicies ?? {})) {
    lists.forEach((p, i) => {
      const given = identity?.[principal]?.[i];
      const label = identityPolicyLabel(principal, i);
      const own = given ? errors(label, given) : policyErrorsOf({ identityPolicies: { [principal]: [p] } }).map((e) => ({ ...e, policy: label }));
      out.push(...own);
    });
  }
  out.push(...(loaded.grantDiagnostics ? errors('grants', loaded.grantDiagnostics) : grantErrorsOf(key.grants, key.key)));
  return out;
}

/** "AWS would reject this key policy: 2 errors" and one line per error (policy, code, path, line). */
export function formatPolicyErrors(key: KeyUnderTest, errors: readonly PolicyError[]): string {
  const where = key.source !== undefined ? ` (${key.source})` : '';
  const head = `${rejectionOf(errors)}${where}: ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  const lines = errors.map((e) => `  - ${e.policy}: ${describePolicyError(e)}`);
  return [head, ...lines, 'Fix the policy, or pass { allowInvalid: true } to evaluate it as written.'].join('\n');
}

/** Throws a KmsimPolicyError (its stack starting at `from`) when the key has errors and `allowInvalid` is not set. */
export function requireValid(
  key: KeyUnderTest,
  errors: readonly PolicyError[],
  option: InvalidPolicyOption | undefined,
  from: (...args: never[]) => unknown,
): void {
  if (errors.length === 0 || option?.allowInvalid === true || key.allowInvalid === true) return;
  const error = new KmsimPolicyError(formatPolicyErrors(key, errors), errors);
  Error.captureStackTrace?.(error, from);
  throw error;
}
