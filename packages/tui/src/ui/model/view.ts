/** Which rows and columns the matrix shows: the filter, and grouped or alphabetical columns. */
import type { ActionColumn, Matrix, PrincipalRow } from '@kmsim/simulator';
import { shortAction } from './glyphs.js';

export interface MatrixSelection {
  readonly rows: readonly PrincipalRow[];
  readonly cols: readonly ActionColumn[];
  /** What the filter matched: rows, columns, both, nothing (an empty view), or no filter. */
  readonly matched: 'rows' | 'cols' | 'both' | 'none' | 'all';
}

export function rowMatches(row: PrincipalRow, text: string): boolean {
  const t = text.toLowerCase();
  return row.label.toLowerCase().includes(t) || row.arn.toLowerCase().includes(t) || row.id.toLowerCase().includes(t);
}

export function actionMatches(col: ActionColumn, text: string): boolean {
  return col.name.toLowerCase().includes(text.toLowerCase());
}

export function orderColumns(cols: readonly ActionColumn[], grouped: boolean): ActionColumn[] {
  // The matrix lists columns by group (admin, crypto, grants, account), then as the catalogue does.
  if (grouped) return [...cols];
  return [...cols].sort((a, b) => shortAction(a.name).localeCompare(shortAction(b.name)));
}

/**
 * The filter matches principal labels and ARNs, and action names (case-insensitive substring):
 * text matching principals only keeps those rows, actions only those columns, both keeps both.
 */
export function selectView(matrix: Pick<Matrix, 'principals' | 'actions'>, filter: string, grouped: boolean): MatrixSelection {
  const cols = orderColumns(matrix.actions, grouped);
  const text = filter.trim();
  if (text === '') return { rows: matrix.principals, cols, matched: 'all' };
  const rows = matrix.principals.filter((r) => rowMatches(r, text));
  const actions = cols.filter((c) => actionMatches(c, text));
  // Text every action name contains ("kms") says nothing about columns; likewise for rows.
  const someRows = rows.length > 0 && rows.length < matrix.principals.length;
  const someCols = actions.length > 0 && actions.length < cols.length;
  if (someRows && someCols) return { rows, cols: actions, matched: 'both' };
  if (someCols) return { rows: matrix.principals, cols: actions, matched: 'cols' };
  if (rows.length > 0) return { rows, cols, matched: 'rows' };
  if (actions.length > 0) return { rows: matrix.principals, cols: actions, matched: 'cols' };
  return { rows: [], cols: [], matched: 'none' };
}
