/**
 * The audit assumption of properties: a principal outside the key's account is evaluated as if
 * its own IAM policies allowed kms:* on * (its account writes them; only the key policy and
 * grants stand in its way) — unless the key under test gives identity policies for it.
 */
import type { Evaluator } from '@kmsim/core';
import { ALLOW_ALL_IAM } from '@kmsim/simulator';
import { accountOfPrincipal, type KeyEvaluation } from '../assertions/evaluation.js';

export interface AuditEvaluation {
  readonly evaluator: Evaluator;
  /** Replaces "identity policies: none given" in messages when the assumption applies. */
  readonly assumption: string | undefined;
}

export function auditEvaluator(e: KeyEvaluation, principal: string, principalAccount?: string): AuditEvaluation {
  const account = principalAccount ?? accountOfPrincipal(principal);
  const outsider = account !== undefined && account !== e.keyAccount && !/:root$/.test(principal);
  if (!outsider || e.identityPoliciesOf(principal) !== undefined) return { evaluator: e.evaluator, assumption: undefined };
  return {
    evaluator: e.withIdentity(principal, [ALLOW_ALL_IAM]),
    assumption: `assumed to allow kms:* on * — ${principal} is outside the key's account ${e.keyAccount} and no identity policy is given for it (audit assumption: its own account writes its IAM policies)`,
  };
}

export const auditNote = (e: KeyEvaluation): string =>
  `Audit assumption: principals outside the key's account ${e.keyAccount} are evaluated as if their own IAM policies allowed kms:* on * (unless the key under test gives identity policies for them); principals of ${e.keyAccount} have only the identity policies given.`;
