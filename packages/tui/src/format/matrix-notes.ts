/** What every matrix layout prints besides the grid: the key, the conditional cells and the rows. */
import { incompleteReason, type ActionColumn, type Cell, type Matrix, type PrincipalRow } from '@kmsim/simulator';
import { shortAction } from './glyphs.js';

export interface ConditionalNote {
  readonly row: PrincipalRow;
  readonly column: ActionColumn;
  readonly cell: Cell;
  /** `role/App × CreateGrant: Allow when kms:GrantIsForAWSResource is true; otherwise implicit deny`. */
  readonly text: string;
}

/** The cell at a row and column (the matrix is row-major). */
export function cellAt(matrix: Matrix, row: number, column: number): Cell | undefined {
  return matrix.cells[row * matrix.actions.length + column];
}

function partial(cell: Cell): string {
  return cell.complete ? '' : ` (incomplete: ${incompleteReason(cell) ?? ''})`;
}

/** Every Conditional cell, row by row, with its summary. */
export function conditionalNotes(matrix: Matrix): ConditionalNote[] {
  const notes: ConditionalNote[] = [];
  matrix.principals.forEach((row, r) => {
    matrix.actions.forEach((column, c) => {
      const cell = cellAt(matrix, r, c);
      if (cell?.outcome !== 'Conditional') return;
      notes.push({ row, column, cell, text: `${row.label} × ${shortAction(column.name)}: ${cell.summary}${partial(cell)}` });
    });
  });
  return notes;
}

/** `(SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`, or '' when the key says nothing more than its ARN. */
export function keyAttributes(matrix: Matrix): string {
  const k = matrix.key;
  const attrs = [k.keySpec, k.keyUsage, k.origin && k.origin !== 'AWS_KMS' ? k.origin : undefined, k.multiRegion ? 'multi-Region' : undefined].filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
  return attrs.length ? `(${attrs.join(', ')})` : '';
}

/** `arn:aws:kms:…:key/… (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)`. */
export function keyLine(matrix: Matrix): string {
  const attrs = keyAttributes(matrix);
  return `${matrix.key.arn}${attrs ? ` ${attrs}` : ''}`;
}

/** "6 principals × 32 actions: 192 cells, 3 conditional" (", 1 INCOMPLETE (marked !)" when a cell is). */
export function countsLine(matrix: Matrix): string {
  const conditional = matrix.cells.filter((c) => c.outcome === 'Conditional').length;
  const n = (count: number, what: string): string => `${count} ${what}${count === 1 ? '' : 's'}`;
  const incomplete = matrix.cells.filter((c) => !c.complete).length;
  return `${n(matrix.principals.length, 'principal')} × ${n(matrix.actions.length, 'action')}: ${n(matrix.stats.cells, 'cell')}, ${conditional} conditional${incomplete ? `, ${incomplete} INCOMPLETE (marked !)` : ''}`;
}

/** Said, never silent: how many cells the simulator could not finish (marked `!`). */
export function incompleteLine(matrix: Matrix): string | undefined {
  const n = matrix.cells.filter((c) => !c.complete).length;
  return n > 0
    ? `${n} cell${n === 1 ? ' is' : 's are'} incomplete (marked !): the outcome shown holds only for the requests evaluated, not for every request; an explicit or implicit deny there may hide an allowed request.`
    : undefined;
}

/** Every incomplete cell: `role/App × Decrypt: explicit deny shown — only 2 of 9 … evaluated (…)`. */
export function incompleteNotes(matrix: Matrix): string[] {
  const notes: string[] = [];
  matrix.principals.forEach((row, r) => {
    matrix.actions.forEach((column, c) => {
      const cell = cellAt(matrix, r, c);
      if (!cell || cell.complete) return;
      notes.push(`${row.label} × ${shortAction(column.name)}: ${cell.summary} — incomplete: ${incompleteReason(cell) ?? ''}`);
    });
  });
  return notes;
}
