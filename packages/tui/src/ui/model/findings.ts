/** Where a finding points in the matrix: its first principal (row) and first action (column). */
import type { ActionColumn, PrincipalRow } from '@kmsim/simulator';
import type { CellTarget } from './state.js';
import type { ExplorerFinding } from './types.js';

function findRow(rows: readonly PrincipalRow[], ref: string): PrincipalRow | undefined {
  return rows.find((r) => r.id === ref) ?? rows.find((r) => r.arn === ref) ?? rows.find((r) => r.label === ref);
}

function findCol(cols: readonly ActionColumn[], ref: string): ActionColumn | undefined {
  const name = (ref.toLowerCase().startsWith('kms:') ? ref : `kms:${ref}`).toLowerCase();
  return cols.find((c) => c.name.toLowerCase() === name);
}

/**
 * The first cell a finding involves. A finding naming only principals goes to the first of them in
 * the first column; one naming only actions, to the first row in that column; one naming neither
 * has no cell.
 */
export function findingTarget(finding: ExplorerFinding, rows: readonly PrincipalRow[], cols: readonly ActionColumn[]): CellTarget | undefined {
  const row = (finding.principals ?? []).map((p) => findRow(rows, p)).find((r) => r !== undefined);
  const col = (finding.actions ?? []).map((a) => findCol(cols, a)).find((c) => c !== undefined);
  if (!row && !col) return undefined;
  const r = row ?? rows[0];
  const c = col ?? cols[0];
  return r && c ? { principal: r.id, action: c.name } : undefined;
}

export const SEVERITY_COLOR: Readonly<Record<string, string>> = {
  critical: 'magenta',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};
