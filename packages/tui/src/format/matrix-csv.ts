/** The matrix as CSV, one line per cell: principal,label,action,group,outcome,summary,complete,incomplete_reason. */
import { incompleteReason, type Matrix } from '@kmsim/simulator';
import { csvLine } from './csv.js';
import { cellAt } from './matrix-notes.js';

export const MATRIX_CSV_HEADER = ['principal', 'label', 'action', 'group', 'outcome', 'summary', 'complete', 'incomplete_reason'] as const;

export function formatMatrixCsv(matrix: Matrix): string {
  const lines = [csvLine(MATRIX_CSV_HEADER)];
  matrix.principals.forEach((row, r) => {
    matrix.actions.forEach((column, c) => {
      const cell = cellAt(matrix, r, c);
      if (!cell) return;
      lines.push(csvLine([row.id, row.label, column.name, column.group, cell.outcome, cell.summary, String(cell.complete), incompleteReason(cell) ?? '']));
    });
  });
  return `${lines.join('\n')}\n`;
}
