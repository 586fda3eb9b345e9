/** Which rows and columns the matrix shows: the search (search.ts), and grouped or alphabetical columns. */
import type { ActionColumn, Matrix, PrincipalRow } from '@kmsim/simulator';
import { shortAction } from './glyphs.js';
import { decisionMatches, parseSearch, type CellFacts, type SearchQuery } from './search.js';

export interface MatrixSelection {
  readonly rows: readonly PrincipalRow[];
  readonly cols: readonly ActionColumn[];
  /** What the filter matched: rows, columns, both, nothing (an empty view), or no filter. */
  readonly matched: 'rows' | 'cols' | 'both' | 'none' | 'all';
  readonly query: SearchQuery;
  /** Whether a shown cell is a match of the search (every cell when no decision filter is given). */
  readonly matches: (row: PrincipalRow, col: ActionColumn) => boolean;
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

/** What a decision filter needs to know of a cell (none given: decision filters match nothing). */
export type CellFactsOf = (row: PrincipalRow, col: ActionColumn) => CellFacts | undefined;

const every = (): boolean => true;

/**
 * Each word of the search matches principal labels and ARNs, or action names (case-insensitive
 * substring): a word matching some but not all principals narrows the rows, else one matching
 * actions narrows the columns; a word matching every principal ("kms" in every action name) says
 * nothing. Decision filters then keep the cells they match, and the rows and columns holding one.
 */
export function selectView(matrix: Pick<Matrix, 'principals' | 'actions'>, filter: string, grouped: boolean, facts?: CellFactsOf): MatrixSelection {
  const ordered = orderColumns(matrix.actions, grouped);
  const query = parseSearch(filter);
  if (query.terms.length === 0 && query.decisions.length === 0) {
    return { rows: matrix.principals, cols: ordered, matched: 'all', query, matches: every };
  }
  let rows: readonly PrincipalRow[] = matrix.principals;
  let cols: readonly ActionColumn[] = ordered;
  let byRow = false;
  let byCol = false;
  for (const term of query.terms) {
    const r = rows.filter((x) => rowMatches(x, term));
    const c = cols.filter((x) => actionMatches(x, term));
    if (r.length > 0 && r.length < rows.length) {
      rows = r;
      byRow = true;
    } else if (c.length > 0 && c.length < cols.length) {
      cols = c;
      byCol = true;
    } else if (r.length === 0 && c.length === 0) {
      rows = [];
      cols = [];
    }
  }
  let matches: MatrixSelection['matches'] = every;
  if (query.decisions.length > 0) {
    matches = (row, col) => {
      const f = facts?.(row, col);
      return f !== undefined && query.decisions.some((d) => decisionMatches(d, f));
    };
    const keptRows = rows.filter((r) => cols.some((c) => matches(r, c)));
    cols = cols.filter((c) => keptRows.some((r) => matches(r, c)));
    rows = keptRows;
    byRow = true;
    byCol = true;
  }
  if (rows.length === 0 || cols.length === 0) return { rows: [], cols: [], matched: 'none', query, matches };
  const matched = byRow && byCol ? 'both' : byRow ? 'rows' : byCol ? 'cols' : 'all';
  return { rows, cols, matched, query, matches };
}
