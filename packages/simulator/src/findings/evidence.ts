/**
 * Which key policy statements decided a row's cells: the matched statements of the evaluator's
 * trace for the cells' points. For an Allow, a statement that only names the caller's account
 * counts only when the row has IAM policies that could use it (or is the root user, matched
 * directly): for a principal without IAM policies, the account statement allows nothing.
 */
import type { DecisionKind } from '@kmsim/core';
import type { Cell } from '../matrix/types.js';
import type { PrincipalRow } from '../principals.js';
import type { FindingContext } from './context.js';
import type { StatementInfo } from './statements.js';

/** Points explained per cell at most (the first of each decision usually tells it all). */
const POINTS_PER_CELL = 16;

export function deciding(ctx: FindingContext, row: PrincipalRow, cells: readonly Cell[], decision: DecisionKind): StatementInfo[] {
  const effect = decision === 'Allow' ? 'Allow' : 'Deny';
  const viaIam = row.iam === 'given' || row.iam === 'allow-all';
  const found = new Set<number>();
  for (const cell of cells) {
    if (cell.principal !== row.id) continue;
    const points = cell.points.filter((p) => p.decision === decision).slice(0, POINTS_PER_CELL);
    for (const point of points) {
      for (const s of ctx.matrix.explainPoint(cell, point).statements) {
        if (s.source !== 'key-policy' || !s.matched || s.effect !== effect) continue;
        if (decision === 'Allow' && s.principal === 'account' && !viaIam) continue;
        found.add(s.index);
      }
    }
  }
  return ctx.statements.filter((s) => found.has(s.statement.index));
}

/** `deciding` over several rows, each with its own cells. */
export function decidingAll(ctx: FindingContext, entries: readonly { row: PrincipalRow; cells: readonly Cell[] }[], decision: DecisionKind): StatementInfo[] {
  const found = new Set<number>();
  for (const { row, cells } of entries) for (const s of deciding(ctx, row, cells, decision)) found.add(s.statement.index);
  return ctx.statements.filter((s) => found.has(s.statement.index));
}
