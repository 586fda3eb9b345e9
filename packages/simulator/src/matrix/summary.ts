/** Readable statements of a cell: "Allow when kms:ViaService is a or b; otherwise implicit deny". */
import type { DecisionKind } from '@kmsim/core';
import type { OutcomeTerm, TermCondition } from './types.js';

export const DECISION_TEXT: Readonly<Record<DecisionKind, string>> = {
  Allow: 'allow',
  ExplicitDeny: 'explicit deny',
  ImplicitDeny: 'implicit deny',
};

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function describeCondition(c: TermCondition): string {
  const labels = c.classes.map((v) => v.label);
  if (labels.length === 1 && labels[0] === 'absent') return `${c.key} is absent`;
  return `${c.key} is ${labels.join(' or ')}`;
}

function describeTerm(t: OutcomeTerm, many: boolean): string {
  const parts = t.when.map(describeCondition);
  const text = parts.join(' and ');
  return many && parts.length > 1 ? `(${text})` : text;
}

/** The decision with the most combinations is the "otherwise"; ties prefer the deny. */
export function defaultDecision(terms: readonly OutcomeTerm[]): DecisionKind {
  const counts = new Map<DecisionKind, number>();
  for (const t of terms) counts.set(t.decision, (counts.get(t.decision) ?? 0) + t.count);
  const order: DecisionKind[] = ['ImplicitDeny', 'ExplicitDeny', 'Allow'];
  return order.reduce((best, d) => ((counts.get(d) ?? 0) > (counts.get(best) ?? 0) ? d : best), order.find((d) => counts.has(d)) ?? 'ImplicitDeny');
}

export function summarize(terms: readonly OutcomeTerm[]): string {
  const decisions = new Set(terms.map((t) => t.decision));
  if (decisions.size === 1) return capital(DECISION_TEXT[terms[0]?.decision ?? 'ImplicitDeny']);
  const otherwise = defaultDecision(terms);
  const order: DecisionKind[] = ['Allow', 'ExplicitDeny', 'ImplicitDeny'];
  const parts: string[] = [];
  for (const d of order) {
    if (d === otherwise) continue;
    const mine = terms.filter((t) => t.decision === d);
    if (mine.length === 0) continue;
    parts.push(`${DECISION_TEXT[d]} when ${mine.map((t) => describeTerm(t, mine.length > 1)).join(' or ')}`);
  }
  parts.push(`otherwise ${DECISION_TEXT[otherwise]}`);
  return capital(parts.join('; '));
}
