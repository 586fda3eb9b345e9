/**
 * What would flip a decision: first a change of the request context (fewest keys), then what the
 * policies would need — an IAM policy of the caller, a key policy statement naming it, or nothing
 * at all (actions that cannot be used across accounts).
 */
import type { Decision, DecisionKind, EvaluationRequest, Evaluator, PolicyDocument } from '@kmsim/core';
import { CALLER_SERVICE } from '@kmsim/core/internal';
import { findClosestChange, type ContextChange } from './closest-change.js';
import { accountOfPrincipal, actionInfo, type KeyEvaluation } from './evaluation.js';
import { EXPECTATION_WORDS, meets, statementName, type Expectation } from './format.js';

function formatValue(c: ContextChange): string {
  const value = Array.isArray(c.value) ? `[${c.value.map(String).join(', ')}]` : String(c.value);
  const aside = c.classLabel !== value && c.classLabel !== 'any other value' ? ` (${c.classLabel})` : '';
  return `${c.key} = ${value}${aside}`;
}

/** `with kms:ViaService = s3.us-east-1.amazonaws.com and kms:EncryptionContext:app = web and without aws:SecureTransport`. */
export function formatChanges(changes: readonly ContextChange[]): string {
  const set = changes.filter((c) => c.value !== undefined).map(formatValue);
  const removed = changes.filter((c) => c.value === undefined).map((c) => c.key);
  return [...(set.length ? [`with ${set.join(' and ')}`] : []), ...(removed.length ? [`without ${removed.join(' and ')}`] : [])].join(' and ');
}

/** An identity policy allowing exactly this action on every key. */
export function allowActionPolicy(action: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: `kmsim: IAM policy allowing ${action}`, Effect: 'Allow', Action: action, Resource: '*' }] };
}

function closest(
  evaluator: Evaluator,
  e: KeyEvaluation,
  request: EvaluationRequest,
  decision: Decision,
  expected: Expectation,
): ReturnType<typeof findClosestChange> {
  return findClosestChange({
    evaluator,
    request,
    decision,
    action: actionInfo(request.action),
    want: (d: DecisionKind) => meets(expected, d),
    grants: e.evaluator.grants,
  });
}

function principalElement(principal: string): string {
  return CALLER_SERVICE.test(principal) ? `{"Service": "${principal}"}` : `{"AWS": "${principal}"}`;
}

function allowHint(e: KeyEvaluation, request: EvaluationRequest, decision: Decision): string {
  const { principal, action } = request;
  const info = actionInfo(action);
  const callerAccount = request.principalAccount ?? accountOfPrincipal(principal);
  const crossAccount = callerAccount !== undefined && callerAccount !== e.keyAccount;
  if (decision.decision === 'ExplicitDeny') {
    const deny = decision.deniedBy.map(statementName).join(', ');
    return `no context allows it: ${deny} denies it for every context this request can carry; narrow its Principal, Action or Condition`;
  }
  if (crossAccount && info && !info.crossAccount) {
    return `no change allows it: ${action} cannot be used on a KMS key in another account (caller ${callerAccount}, key ${e.keyAccount})`;
  }
  const isRoot = /:root$/.test(principal);
  const isService = callerAccount === undefined;
  if (!isRoot && !isService) {
    const iam = e.withIdentity(principal, [...(e.identityPoliciesOf(principal) ?? []), allowActionPolicy(action)]);
    const withIam = iam.evaluate(request);
    const flip = withIam.decision === 'Allow' ? undefined : closest(iam, e, request, withIam, 'Allow');
    if (withIam.decision === 'Allow' || flip) {
      const given = e.identityPoliciesOf(principal)?.length ? 'the identity policies given do not allow it' : 'identity policies: none given';
      const also = flip ? ` ${formatChanges(flip.changes)}` : '';
      const allowed = withIam.decision === 'Allow' ? withIam : flip?.decision;
      const keySide = allowed?.allowedBy.find((r) => r.source === 'key-policy');
      if (crossAccount) {
        return `its account's IAM policy must also allow ${action}: with an identity policy of ${principal} allowing ${action} on this key it would be allowed${also} (${given})`;
      }
      return `an IAM policy of ${principal} allowing ${action} on this key would allow it${also}${
        keySide && keySide.source !== 'grant' ? `: ${statementName(keySide)} enables IAM policies for account ${callerAccount}` : ''
      } (${given})`;
    }
  }
  const statement = `{"Effect": "Allow", "Principal": ${principalElement(principal)}, "Action": "${action}", "Resource": "*"}`;
  return `no context allows it: add a key policy statement naming the principal, e.g. ${statement}${
    crossAccount ? `; its account's IAM policy must also allow ${action}` : ''
  }`;
}

function denyHint(request: EvaluationRequest, decision: Decision, expected: Expectation): string {
  if (expected === 'ExplicitDeny' && decision.decision === 'ImplicitDeny') {
    return `no context makes a Deny statement apply: add one, e.g. {"Effect": "Deny", "Principal": ${principalElement(request.principal)}, "Action": "${request.action}", "Resource": "*"}`;
  }
  const by = decision.allowedBy.map((r) => (r.source === 'grant' ? `grant #${r.index + 1} (revoke or retire it)` : statementName(r)));
  const subject = by.length ? by.join(' and ') : 'the allowing statement';
  return `no context denies it: ${subject} ${by.length > 1 ? 'allow' : 'allows'} it for every context this request can carry; remove the principal from ${
    by.length > 1 ? 'them' : 'it'
  }, narrow the Action or add a Condition (or a Deny statement)`;
}

/** The closest change that would make the decision meet the expectation. */
export function suggestChange(
  e: KeyEvaluation,
  request: EvaluationRequest,
  decision: Decision,
  expected: Expectation,
  evaluator: Evaluator = e.evaluator,
): string {
  const flip = closest(evaluator, e, request, decision, expected);
  if (flip) return `would be ${EXPECTATION_WORDS[expected]} ${formatChanges(flip.changes)}`;
  return expected === 'Allow' ? allowHint(e, request, decision) : denyHint(request, decision, expected);
}
