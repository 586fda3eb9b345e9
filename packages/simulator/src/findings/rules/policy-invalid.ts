/**
 * policy-invalid — a policy AWS would refuse to store (critical), one finding per validation error.
 *
 * PutKeyPolicy rejects a key policy that is "not syntactically or semantically correct"
 * (MalformedPolicyDocumentException), and IAM rejects such identity policies. kmsim still simulates
 * the policy as written, dropping what cannot apply (a Deny with a misspelt operator never
 * applies): those answers are for a policy no deployed key has, so the check reports each error
 * first, with where it is (the policy, its JSON path, and the line and column in the file when known).
 * The errors come from core's `policyErrorsOf`, or from the caller (`FindingsOptions.policyErrors`),
 * which knows the file's lines.
 *
 * AWS: https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html (Errors:
 * MalformedPolicyDocumentException)
 */
import { describePolicyError } from '@kmsim/core';
import type { FindingContext } from '../context.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'policy-invalid';
const TITLE = 'AWS would reject this policy';
const STATEMENT_PATH = /^\$\.Statement\[(\d+)\]/;

function run(ctx: FindingContext): Finding[] {
  return ctx.policyErrors.map((e) => {
    const d = e.diagnostic;
    const inKeyPolicy = e.policy === 'keyPolicy';
    const index = inKeyPolicy ? STATEMENT_PATH.exec(d.path)?.[1] : undefined;
    const info = index !== undefined ? ctx.statements[Number(index)] : undefined;
    return {
      id: ID,
      severity: 'critical',
      title: inKeyPolicy ? 'AWS would reject this key policy' : 'AWS would reject this identity policy',
      message: `${e.policy}: ${describePolicyError(e).replace(/\.$/, '')}. kmsim simulated the policy as written; no deployed key has it.`,
      statements: info ? [info.ref] : [],
      location: { policy: e.policy, path: d.path, ...(d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : {}) },
      fix: `Correct ${d.path} in ${e.policy} as the message says: ${inKeyPolicy ? 'PutKeyPolicy' : 'IAM'} refuses the policy until then.`,
    };
  });
}

export const rule: FindingRule = {
  id: ID,
  severity: 'critical',
  title: TITLE,
  checks:
    'A validation error in the key policy or an identity policy (a misspelt condition operator, a Principal written as a bare string, a missing Resource …): AWS refuses to store the policy, and answers for it as written are answers no deployed key gives.',
  docs: ['https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html'],
  run,
};
