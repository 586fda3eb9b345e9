/**
 * statement-shadowed — an Allow statement whose removal changes nothing.
 *
 * For each Allow statement (that can apply at all: see statement-never-applies), every matrix cell
 * whose row and action it covers is evaluated again, point by point, without it. If no decision
 * changes, whatever it allows is already allowed by other statements (or grants, or the identity
 * policies given), or everything it matches is denied anyway: the statement is dead weight that
 * makes the policy harder to review (info).
 * Duplicates: statements are tried from the last to the first, and a statement found redundant
 * stays removed while the earlier ones are tried — so of two identical statements only the later is
 * reported, and removing every reported statement together still changes nothing.
 * Cost: one evaluation per point of the covered cells per statement; skipped above 50 statements.
 *
 * AWS: an explicit Allow in any statement is enough; several Allows for one request add nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
 */
import type { Evaluator } from '@kmsim/core';
import { evaluatorFor, type PreparedInput } from '../../input.js';
import type { Cell } from '../../matrix/types.js';
import type { PrincipalRow } from '../../principals.js';
import { safeCaller, type FindingContext } from '../context.js';
import { statementName, type StatementInfo } from '../statements.js';
import { listText } from '../text.js';
import type { Finding, FindingRule, FindingStatement } from '../types.js';
import { neverApplies } from './statement-never-applies.js';

const ID = 'statement-shadowed';
const TITLE = 'A key policy statement is redundant';
export const SHADOW_STATEMENT_LIMIT = 50;

interface Outcome {
  readonly changed: boolean;
  readonly rows: Set<string>;
  readonly actions: Set<string>;
  /** Who else decides: key policy statements by index, and grant / identity-policy labels. */
  readonly by: Map<number, FindingStatement>;
  readonly other: Set<string>;
}

function targets(ctx: FindingContext, info: StatementInfo): { row: PrincipalRow; cell: Cell }[] {
  const out: { row: PrincipalRow; cell: Cell }[] = [];
  for (const row of ctx.matrix.principals) {
    // A row core cannot parse as one caller (a class of principals) may have members the statement
    // covers: its cells are compared too, each point with its own witness principal.
    const caller = ctx.caller(row);
    if (caller && info.covers(caller) === 'none') continue;
    for (const column of ctx.matrix.actions) {
      if (!info.matchesAction(column.name)) continue;
      const cell = ctx.matrix.cell(row.id, column.name);
      if (cell) out.push({ row, cell });
    }
  }
  return out;
}

function compare(reduced: PreparedInput, info: StatementInfo, cells: readonly { row: PrincipalRow; cell: Cell }[]): Outcome {
  const outcome: Outcome = { changed: false, rows: new Set(), actions: new Set(), by: new Map(), other: new Set() };
  const evaluators = new Map<string, Evaluator>();
  for (const { row, cell } of cells) {
    const caller = safeCaller(row.arn);
    for (const point of cell.points) {
      const request = cell.requestFor(point);
      // A class row's points are about the statement only where their witness is a principal it covers.
      const witness = caller ?? safeCaller(request.principal);
      if (!caller && (!witness || info.covers(witness) === 'none')) continue;
      // Identity policies are held by principal: the request's own (a class row's witness).
      const key = `${row.id}\n${request.principal}`;
      let e = evaluators.get(key);
      if (!e) {
        e = evaluatorFor(reduced, request.principal, row.identityPolicies);
        evaluators.set(key, e);
      }
      const d = e.evaluate(request);
      if (d.decision !== point.decision) return { ...outcome, changed: true };
      if (d.decision !== 'Allow') continue;
      outcome.rows.add(row.id);
      outcome.actions.add(cell.action);
      for (const a of d.allowedBy) {
        if (a.source === 'grant') outcome.other.add(`grant #${a.index + 1}`);
        else if (a.source === 'identity-policy') outcome.other.add(`identity policy ${a.policyIndex + 1} of ${row.label}`);
        else outcome.by.set(a.index, { sid: a.sid, index: a.index, path: a.path });
      }
    }
  }
  return outcome;
}

function run(ctx: FindingContext): Finding[] {
  const policy = ctx.prepared.keyPolicy;
  if (policy.statements.length > SHADOW_STATEMENT_LIMIT) return [];
  const removed = new Set<number>();
  const out: Finding[] = [];
  for (const info of [...ctx.statements].reverse()) {
    if (info.statement.effect !== 'Allow' || !info.coversKey || neverApplies(ctx, info).length > 0) continue;
    const cells = targets(ctx, info);
    // An incomplete cell's points are not every request: removal cannot be shown to change nothing
    // (analysis-incomplete reports those cells).
    if (cells.length === 0 || cells.some(({ cell }) => !cell.complete)) continue;
    const without = new Set([...removed, info.statement.index]);
    const reduced: PreparedInput = { ...ctx.prepared, keyPolicy: { ...policy, statements: policy.statements.filter((s) => !without.has(s.index)) } };
    const o = compare(reduced, info, cells);
    if (o.changed) continue;
    removed.add(info.statement.index);
    const labels = ctx.matrix.principals.filter((r) => o.rows.has(r.id)).map((r) => r.label);
    const others = [...[...o.by.values()].sort((a, b) => a.index - b.index).map(statementName), ...o.other];
    out.push({
      id: ID,
      severity: 'info',
      title: TITLE,
      message:
        o.rows.size > 0
          ? `${info.name} is redundant: removing it changes no decision. What it allows (${listText([...o.actions], 8)} for ${listText(labels, 8)}) is already allowed by ${listText(others)}.`
          : `${info.name} allows nothing: removing it changes no decision, because every request it matches is denied anyway (by a Deny, or by KMS's own rules such as actions that cannot be used across accounts).`,
      statements: [info.ref, ...[...o.by.values()].filter((r) => r.index !== info.ref.index).sort((a, b) => a.index - b.index)],
      principals: [...o.rows],
      actions: [...o.actions],
      fix: `Remove ${info.name}${o.rows.size > 0 ? `; ${listText(others)} keep${others.length === 1 ? 's' : ''} the same access` : ''}.`,
    });
  }
  return out.reverse();
}

export const rule: FindingRule = {
  id: ID,
  severity: 'info',
  title: TITLE,
  checks:
    'An Allow statement whose removal changes no cell of the matrix (every covered cell re-evaluated without it): what it allows is allowed by other statements, or it allows nothing. Skipped above 50 statements.',
  docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'],
  run,
};
