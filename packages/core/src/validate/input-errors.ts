/**
 * The validation errors of an evaluator input's policies: what PutKeyPolicy (for the key policy) or
 * IAM (for identity policies) would refuse to store. The evaluator answers for a policy as written,
 * dropping what cannot apply; callers that must not answer silently for a policy AWS would reject
 * (`kmsim eval`, `kmsim check`, the test kit) read these first. One place, so that every caller
 * names the same errors the same way.
 */
import type { EvaluatorInput, PolicyInput } from '../evaluate/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { parseIdentityPolicy, parseKeyPolicy, type ParseResult } from '../parse/parse-policy.js';
import { validateGrant } from './grant.js';

/** A validation error of one policy of the input. */
export interface PolicyError {
  /** Which policy: `keyPolicy`, `identityPolicies["arn:…"][0]`, or `grants` (what CreateGrant would refuse). */
  readonly policy: string;
  readonly diagnostic: Diagnostic;
}

const isModel = (p: PolicyInput): boolean => typeof p === 'object' && p !== null && Array.isArray((p as { statements?: unknown }).statements);

function errorsOf(policy: string, p: PolicyInput, parse: (input: unknown) => ParseResult): PolicyError[] {
  // A policy model was parsed already: its text and its diagnostics are the caller's.
  if (isModel(p)) return [];
  return parse(p)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((diagnostic) => ({ policy, diagnostic }));
}

/** The label of an identity policy of the input, as `PolicyError.policy` and the evaluator's errors give it. */
export const identityPolicyLabel = (principal: string, i: number): string => `identityPolicies[${JSON.stringify(principal)}][${i}]`;

/** What CreateGrant would refuse in the input's grants (validateGrant, for the input's key). */
export function grantErrorsOf(grants: EvaluatorInput['grants'], key: EvaluatorInput['key']): PolicyError[] {
  return (grants ?? []).flatMap((g, i) =>
    validateGrant(g, key, { path: `$.grants[${i}]` })
      .filter((d) => d.severity === 'error')
      .map((diagnostic) => ({ policy: 'grants', diagnostic })),
  );
}

/**
 * Every error diagnostic of the input's key policy (checked against its key's ARN when given),
 * identity policies and grants, in that order (any may be left out). Policies given as parsed
 * models are not checked again.
 */
export function policyErrorsOf(input: Partial<Pick<EvaluatorInput, 'keyPolicy' | 'identityPolicies' | 'key' | 'grants'>>): PolicyError[] {
  const keyArn = input.key?.arn;
  const errors =
    input.keyPolicy === undefined ? [] : errorsOf('keyPolicy', input.keyPolicy, (p) => parseKeyPolicy(p, keyArn !== undefined ? { keyArn } : undefined));
  for (const [principal, list] of Object.entries(input.identityPolicies ?? {})) {
    list.forEach((p, i) => {
      errors.push(...errorsOf(identityPolicyLabel(principal, i), p, (x) => parseIdentityPolicy(x)));
    });
  }
  errors.push(...grantErrorsOf(input.grants, input.key));
  return errors;
}

/** `code at $.Statement[1].Effect (line 7, column 17): message` (the line when the policy was text). */
export function describePolicyError(e: PolicyError): string {
  const d = e.diagnostic;
  const at = d.line !== undefined ? ` (line ${d.line}, column ${d.column ?? 1})` : '';
  return `${d.code} at ${d.path}${at}: ${d.message}`;
}

/** "AWS would reject this key policy" (or identity policy): the opening of every message about these errors. */
export function rejectionOf(errors: readonly PolicyError[]): string {
  if (errors.some((e) => e.policy === 'keyPolicy')) return 'AWS would reject this key policy';
  return errors.some((e) => e.policy !== 'grants') ? 'AWS would reject this identity policy' : 'AWS would refuse this grant (CreateGrant)';
}
