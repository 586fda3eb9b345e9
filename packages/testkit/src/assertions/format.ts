/**
 * The failure text, one formatter for assertions, matchers and properties: expected vs received,
 * the request, which identity policies the evaluation used, the deciding statements, the
 * conditions that failed and the closest change that would flip the decision.
 */
import type { ContextRecord, ContextValue, Decision, DecisionKind, EvaluationRequest, StatementRef, StatementTrace } from '@kmsim/core';
import { ACCOUNT_ROOT_ARN } from '@kmsim/core/internal';
import type { KeyEvaluation } from './evaluation.js';

/** What an assertion expects: `Deny` is either kind of deny. */
export type Expectation = 'Allow' | 'Deny' | 'ExplicitDeny';

export const DECISION_WORDS: Readonly<Record<DecisionKind, string>> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitly denied',
  ImplicitDeny: 'implicitly denied',
};

export const EXPECTATION_WORDS: Readonly<Record<Expectation, string>> = {
  Allow: 'allowed',
  Deny: 'denied',
  ExplicitDeny: 'explicitly denied',
};

export const EXPECTED_DECISIONS: Readonly<Record<Expectation, string>> = {
  Allow: 'Allow',
  Deny: 'ExplicitDeny or ImplicitDeny',
  ExplicitDeny: 'ExplicitDeny',
};

export function meets(expected: Expectation, decision: DecisionKind): boolean {
  if (expected === 'Deny') return decision !== 'Allow';
  return decision === expected;
}

const INDENT = '  ';

export function formatScalar(value: ContextValue | undefined): string {
  if (value === undefined) return 'absent';
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return JSON.stringify(value);
}

/** A context on one line when short, one key a line when not. */
export function formatContext(context: ContextRecord | undefined, indent = INDENT): string {
  const entries = Object.entries(context ?? {});
  if (entries.length === 0) return '{} (none given)';
  const parts = entries.map(([k, v]) => `${JSON.stringify(k)}: ${formatScalar(v)}`);
  const line = `{ ${parts.join(', ')} }`;
  if (line.length <= 100) return line;
  return `{\n${parts.map((p) => `${indent}${INDENT}${p}`).join(',\n')}\n${indent}}`;
}

/** `key policy statement "Sid" ($.Statement[1])`, `identity policy 1 statement #2 ($.Statement[1])`. */
export function statementName(s: Pick<StatementRef, 'source' | 'policyIndex' | 'index' | 'sid' | 'path'>): string {
  const where = s.source === 'key-policy' ? 'key policy' : `identity policy ${s.policyIndex + 1}`;
  const name = s.sid !== undefined && s.sid !== '' ? `"${s.sid}"` : `#${s.index + 1}`;
  return `${where} statement ${name} (${s.path})`;
}

function allowRefName(e: KeyEvaluation, ref: Decision['allowedBy'][number]): string {
  if (ref.source === 'grant') {
    const g = e.evaluator.grants[ref.index];
    return `grant #${ref.index + 1}${g ? ` to ${g.granteePrincipal} (${g.operations.join(', ')})` : ''}`;
  }
  return statementName(ref);
}

/** Which identity policies the evaluation used: the ones given, as all there are. */
export function describeIdentityPolicies(e: KeyEvaluation, decision: Decision, principal: string, assumption?: string): string {
  if (assumption) return `identity policies: ${assumption}`;
  const given = e.identityPoliciesOf(principal);
  const others = Object.keys(e.key.identityPolicies ?? {}).filter((p) => p !== principal);
  const rule = 'the evaluation takes the identity (IAM) policies given as all there are';
  if (ACCOUNT_ROOT_ARN.test(principal)) return `identity policies: do not apply to the root user (${rule})`;
  if (!given || given.length === 0) {
    return `identity policies: none given${others.length ? ` for this principal (given for ${others.join(', ')})` : ''} — ${rule}`;
  }
  const byPolicy = new Map<number, StatementTrace[]>();
  for (const s of decision.trace.statements) {
    if (s.source !== 'identity-policy') continue;
    const list = byPolicy.get(s.policyIndex) ?? [];
    list.push(s);
    byPolicy.set(s.policyIndex, list);
  }
  const lines = given.map((_, i) => {
    const statements = (byPolicy.get(i) ?? []).map(
      (s) => `${s.sid !== undefined ? `"${s.sid}"` : `#${s.index + 1}`} ${s.effect ?? '?'}${s.action ? '' : ' (other actions)'}`,
    );
    return `${INDENT}${INDENT}policy ${i + 1}: ${statements.length ? statements.join(', ') : 'no statement for this action'}`;
  });
  return `identity policies: ${given.length} given for this principal — ${rule}\n${lines.join('\n')}`;
}

export function describeRequest(e: KeyEvaluation, request: EvaluationRequest, decision: Decision, assumption?: string): string[] {
  const key = e.evaluator.key.arn + (e.key.source ? ` (from ${e.key.source})` : '');
  return [
    `${INDENT}principal  ${request.principal}${request.principalAccount !== undefined ? ` (account ${request.principalAccount})` : ''}`,
    `${INDENT}action     ${request.action}`,
    `${INDENT}context    ${formatContext(request.context)}`,
    `${INDENT}key        ${key}`,
    `${INDENT}${describeIdentityPolicies(e, decision, request.principal, assumption)}`,
  ];
}

/** The statements (or grants) that decided. */
export function describeDeciding(e: KeyEvaluation, decision: Decision): string[] {
  if (decision.decision === 'ExplicitDeny') return decision.deniedBy.map((r) => `${INDENT}denied by ${statementName(r)}`);
  if (decision.decision === 'Allow') {
    return decision.allowedBy.length
      ? decision.allowedBy.map((r) => `${INDENT}allowed by ${allowRefName(e, r)}`)
      : [`${INDENT}allowed without a statement (${decision.reason})`];
  }
  const viaAccount = decision.trace.statements.filter((s) => s.matched && s.effect === 'Allow' && s.principal === 'account');
  return [
    `${INDENT}no statement or grant allows it`,
    ...viaAccount.map((s) => `${INDENT}${statementName(s)} names the account: it allows only through the principal's IAM policies`),
  ];
}

/** Statements that matched principal, action and resource but failed a condition (of one effect, or both). */
export function describeFailedConditions(decision: Decision, effect?: 'Allow' | 'Deny'): string[] {
  const out: string[] = [];
  for (const s of decision.trace.statements) {
    if (s.matched || !s.action || !s.resource || s.principal === 'none' || s.effect === undefined) continue;
    if (effect !== undefined && s.effect !== effect) continue;
    const failed = s.conditions.filter((c) => !c.result);
    if (failed.length === 0) continue;
    out.push(`${INDENT}${statementName(s)}, ${s.effect}:`);
    for (const c of failed) {
      out.push(
        `${INDENT}${INDENT}${c.operator} ${c.key}: policy values ${c.values.map((v) => JSON.stringify(v)).join(', ') || '(none)'}; request value ${formatScalar(c.requestValue)}`,
        `${INDENT}${INDENT}${INDENT}${c.reason} (${c.path})`,
      );
    }
  }
  return out;
}

export interface FailureText {
  readonly expected: Expectation;
  readonly request: EvaluationRequest;
  readonly decision: Decision;
  /** The closest change that flips the decision, or what to change in the policies. */
  readonly hint: string | undefined;
  /** The IAM assumption of properties, replacing "none given". */
  readonly assumption?: string;
  /** A first line replacing the default one. */
  readonly headline?: string;
}

export function formatFailure(e: KeyEvaluation, f: FailureText): string {
  const { expected, request, decision } = f;
  const headline =
    f.headline ??
    `expected ${request.principal} ${expected === 'Deny' ? 'not to be allowed' : `to be ${EXPECTATION_WORDS[expected]}`} ${request.action}, but it was ${DECISION_WORDS[decision.decision]}`;
  const wantAllow = expected === 'Allow';
  const failed = describeFailedConditions(decision, wantAllow ? 'Allow' : 'Deny');
  return [
    headline,
    '',
    `Expected: ${EXPECTED_DECISIONS[expected]}`,
    `Received: ${decision.decision} — ${decision.reason}`,
    '',
    'Request:',
    ...describeRequest(e, request, decision, f.assumption),
    '',
    'Deciding statements:',
    ...describeDeciding(e, decision),
    ...(failed.length ? ['', 'Conditions that failed (statements matching the principal, action and resource):', ...failed] : []),
    ...(f.hint ? ['', `Closest change: ${f.hint}`] : []),
  ].join('\n');
}
