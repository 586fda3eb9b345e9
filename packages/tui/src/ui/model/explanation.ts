/**
 * The explanation of one cell (Enter): the outcome and its summary, then each term of the
 * condition space with its decision, a concrete request, the deciding statements (Sid, JSON path,
 * conditions and the statement's JSON as written), and the classes tried for every condition key.
 */
import type { JsonValue, Policy, StatementTrace } from '@kmsim/core';
import { DECISION_TEXT, describeCondition, explainCell, incompleteReason, type CellExplanation, type Matrix, type PrincipalRow } from '@kmsim/simulator';
import type { CellDiff } from './diff-marks.js';
import { DIFF_MARK_COLOR, OUTCOME_COLOR, OUTCOME_TEXT } from './glyphs.js';
import { describeSelection, restrictCell, type ConditionKeyChoices, type ContextSelection } from './restrict.js';
import { hanging, plain } from './text.js';
import type { Line } from './types.js';

export interface ExplanationInput {
  readonly matrix: Matrix;
  /** The key policy of the matrix's input (statements are looked up by index). */
  readonly keyPolicy: Policy;
  readonly principal: string;
  readonly action: string;
  readonly context: ContextSelection;
  readonly choices: readonly ConditionKeyChoices[];
  readonly diff?: CellDiff;
  /** Show each statement's JSON as written (folded away otherwise). */
  readonly json?: boolean;
}

/** Width of the `principal  ` / `outcome    ` labels: wrapped header lines continue under the value. */
const LABEL = 11;

const value = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

function statementSource(t: StatementTrace, keyPolicy: Policy, row: PrincipalRow): JsonValue | undefined {
  const policy = t.source === 'key-policy' ? keyPolicy : row.identityPolicies[t.policyIndex];
  return policy?.statements[t.index]?.source;
}

function statementLines(t: StatementTrace, keyPolicy: Policy, row: PrincipalRow, json: boolean): Line[] {
  const where = t.source === 'key-policy' ? 'key policy' : `identity policy ${t.policyIndex + 1} of ${row.label}`;
  const effectColor = t.effect === 'Deny' ? 'red' : 'green';
  const lines: Line[] = [
    [
      { text: '   ' },
      { text: t.effect ?? 'no effect', color: effectColor, bold: true },
      { text: ' ' },
      { text: t.sid !== undefined ? `Sid "${t.sid}"` : '(no Sid)', bold: true },
      { text: `  ${t.path}  (${where})` },
    ],
  ];
  if (t.note) lines.push(plain(`     ${t.note}`, { dim: true }));
  for (const c of t.conditions) {
    lines.push([
      { text: `     ${c.operator} ${c.key} ${JSON.stringify(c.values)}  request: ${value(c.requestValue)}  → ` },
      { text: String(c.result), color: c.result ? 'green' : 'red' },
      ...(c.reason ? [{ text: `  ${c.reason}`, dim: true }] : []),
    ]);
  }
  const source = statementSource(t, keyPolicy, row);
  if (source !== undefined) {
    // The statement as written is folded away until asked for (`s`): it is most of the page otherwise.
    if (json) for (const l of JSON.stringify(source, null, 2).split('\n')) lines.push(plain(`     ${l}`, { color: 'cyan' }));
    else lines.push(plain('     { … }  s shows the statement as written', { dim: true }));
  }
  return lines;
}

/** What an Allow statement lacks to apply to a request: its principal, action, resource or failed conditions. */
function missing(t: StatementTrace): string[] {
  const out: string[] = [];
  if (t.principal === 'none') out.push('the principal is not named');
  if (!t.action) out.push('the action is not listed');
  if (!t.resource) out.push('the resource does not match');
  for (const c of t.conditions) {
    if (!c.result) out.push(`condition ${c.operator} ${c.key} ${JSON.stringify(c.values)} failed (request: ${value(c.requestValue)})`);
  }
  return out;
}

/**
 * For a denied term: the Allow statements that came closest (fewest missing parts; those that
 * name neither the principal nor the action are not close), and what each lacked.
 */
function closestAllows(statements: readonly StatementTrace[]): { readonly trace: StatementTrace; readonly lacks: readonly string[] }[] {
  return statements
    .filter((t) => t.effect === 'Allow' && !t.matched && (t.principal !== 'none' || t.action))
    .map((trace) => ({ trace, lacks: missing(trace) }))
    .filter((c) => c.lacks.length > 0)
    .sort((a, b) => a.lacks.length - b.lacks.length || a.trace.index - b.trace.index)
    .slice(0, 3);
}

export function explanationLines(x: ExplanationInput): Line[] {
  const row = x.matrix.principals.find((p) => p.id === x.principal);
  const cell = x.matrix.cell(x.principal, x.action);
  if (!row || !cell) return [plain(`No cell for ${x.principal} × ${x.action} in this matrix.`, { color: 'red' })];
  // The description usually starts with the ARN ("arn:…:role/App, with no identity policy"): then
  // it is the principal line; otherwise the ARN, then the description under it.
  const lines: Line[] = row.description.startsWith(row.arn)
    ? [hanging([{ text: 'principal  ' }, { text: row.arn }, { text: row.description.slice(row.arn.length), dim: true }], LABEL)]
    : [hanging(plain(`principal  ${row.arn}`), LABEL), hanging(plain(`           ${row.description}`, { dim: true }), LABEL)];
  // "allow — Allow" says it twice: the summary only when it adds something.
  const same = cell.summary.toLowerCase() === OUTCOME_TEXT[cell.outcome].toLowerCase();
  lines.push(
    hanging(
      [
        { text: 'outcome    ' },
        { text: OUTCOME_TEXT[cell.outcome], color: OUTCOME_COLOR[cell.outcome], bold: true },
        { text: same ? '' : ` — ${cell.summary}` },
      ],
      LABEL,
    ),
  );
  const restricted = restrictCell(cell, x.context, x.choices);
  if (restricted.restricted) {
    lines.push(
      hanging(
        [
          { text: `context    ${describeSelection(x.context, x.choices)} → ` },
          { text: OUTCOME_TEXT[restricted.outcome], color: OUTCOME_COLOR[restricted.outcome], bold: true },
          { text: restricted.changed ? '  (differs from "any")' : '' },
        ],
        LABEL,
      ),
    );
  }
  for (const e of x.diff?.entries ?? []) {
    const mark = e.change === 'gained' ? '+' : e.change === 'lost' ? '-' : '~';
    lines.push(
      hanging([{ text: 'diff       ' }, { text: ` ${mark} `, color: 'black', backgroundColor: DIFF_MARK_COLOR[mark] }, { text: ` ${e.summary}` }], LABEL),
    );
  }
  const unfinished = incompleteReason(cell);
  if (unfinished) {
    lines.push(
      hanging(plain(`incomplete ${unfinished}: the outcome holds only for the requests evaluated, not for every request`, { color: 'red', bold: true }), LABEL),
    );
  }

  let explanation: CellExplanation;
  try {
    explanation = explainCell(x.matrix, x.principal, x.action);
  } catch (e) {
    lines.push(plain(''), plain(`Cannot explain this cell: ${e instanceof Error ? e.message : String(e)}`, { color: 'red' }));
    return lines;
  }
  explanation.terms.forEach((t, i) => {
    const when = t.term.when.length > 0 ? `when ${t.term.when.map(describeCondition).join(' and ')}` : 'everywhere';
    const ctx = Object.entries(t.request.context ?? {});
    lines.push(
      plain(''),
      [
        { text: `Term ${i + 1} of ${explanation.terms.length}: ` },
        { text: DECISION_TEXT[t.decision], color: OUTCOME_COLOR[t.decision], bold: true },
        { text: ` ${when}  (${t.term.count} combination${t.term.count === 1 ? '' : 's'})` },
      ],
      plain(`   request context: ${ctx.length > 0 ? ctx.map(([k, v]) => `${k} = ${value(v)}`).join(', ') : '(none)'}`),
      plain(`   reason: ${t.reason}`, { dim: true }),
    );
    if (t.statements.length === 0) lines.push(plain('   no statement decides this term', { dim: true }));
    else if (t.decision === 'Allow') lines.push(plain('   allowed by:', { dim: true }));
    else if (t.decision === 'ExplicitDeny') lines.push(plain('   denied by:', { dim: true }));
    else lines.push(plain('   matched, but not enough to allow:', { dim: true }));
    for (const s of t.statements) lines.push(...statementLines(s, x.keyPolicy, row, x.json === true));
    if (t.decision !== 'Allow') {
      const point = cell.points.find((p) => p.decision === t.decision);
      const close = point ? closestAllows(x.matrix.explainPoint(cell, point).statements) : [];
      if (close.length > 0) lines.push(plain('   closest Allow statements, and what each lacked:', { dim: true }));
      for (const c of close) {
        const where = c.trace.source === 'key-policy' ? 'key policy' : `identity policy ${c.trace.policyIndex + 1}`;
        lines.push([
          { text: '   Allow ', color: 'green', bold: true },
          { text: c.trace.sid !== undefined ? `Sid "${c.trace.sid}"` : '(no Sid)', bold: true },
          { text: `  ${c.trace.path}  (${where})` },
        ]);
        for (const l of c.lacks) lines.push(hanging([{ text: '     ✗ ', color: 'red' }, { text: l }], 7));
      }
    }
  });

  lines.push(plain(''), plain('Condition classes tried for this cell', { bold: true }));
  if (cell.keys.length === 0) lines.push(plain('   none: no condition applies to this cell', { dim: true }));
  for (const k of cell.keys) {
    lines.push(plain(`   ${k.key} (${k.type}${k.multiValued ? ', multi-valued' : ''}): ${k.classes.map((c) => c.label).join(' · ')}`));
  }
  return lines;
}
