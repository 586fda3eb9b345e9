/** `explainCell`: the statements behind a cell, per outcome term, with a concrete request each. */
import { RequestError, type DecisionKind, type EvaluationRequest, type StatementTrace } from '@kmsim/core';
import type { Cell, Matrix, OutcomeTerm } from './types.js';

export interface TermExplanation {
  readonly term: OutcomeTerm;
  /** A request in this term's region. */
  readonly request: EvaluationRequest;
  readonly decision: DecisionKind;
  readonly reason: string;
  /** The statements that decided (for a deny without a Deny statement: those that matched but did not suffice). */
  readonly statements: readonly StatementTrace[];
}

export interface CellExplanation {
  readonly cell: Cell;
  readonly summary: string;
  readonly terms: readonly TermExplanation[];
}

export function explainCell(matrix: Matrix, principal: string, action: string): CellExplanation {
  const cell = matrix.cell(principal, action);
  if (!cell) throw new RequestError('principal', `no cell for ${principal} × ${action} in this matrix`);
  const terms = cell.terms.map((term) => {
    // The first evaluated point inside the term's region.
    const point =
      cell.points.find(
        (p) =>
          p.decision === term.decision &&
          term.when.every((w) => {
            const i = cell.keys.findIndex((k) => k.key === w.key);
            const k = cell.keys[i];
            const cls = k?.classes[p.classes[i] ?? -1];
            return cls !== undefined && w.classes.some((c) => c.id === cls.id);
          }),
      ) ?? cell.points[0];
    if (!point) throw new RequestError('principal', 'empty cell');
    const e = matrix.explainPoint(cell, point);
    const statements = e.deciding.length > 0 ? e.deciding : e.statements.filter((s) => s.matched);
    return { term, request: e.request, decision: e.decision, reason: e.reason, statements };
  });
  return { cell, summary: cell.summary, terms };
}
