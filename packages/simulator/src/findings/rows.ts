/** Reading the matrix: which rows are which, and what a cell allows. */
import type { ActionGroup } from '@kmsim/core';
import type { Cell, Matrix, OutcomeTerm } from '../matrix/types.js';
import type { PrincipalRow } from '../principals.js';
import { listText } from './text.js';

/** Rows kmsim adds to stand for "anyone of a kind", not a principal the policies name. */
const SYNTHETIC = new Set<PrincipalRow['origin']>(['key-account-root', 'unnamed-role', 'outsider', 'unnamed-service']);

export const isKeyAccountRoot = (r: PrincipalRow): boolean => r.origin === 'key-account-root';
/** "any role (IAM kms:*)": a role of the key's account whose IAM policy allows kms:*. */
export const isIamRole = (r: PrincipalRow): boolean => r.origin === 'unnamed-role' && r.iam === 'allow-all';
/** "any role (no IAM)": a role of the key's account with no IAM permission at all. */
export const isBareRole = (r: PrincipalRow): boolean => r.origin === 'unnamed-role' && r.iam === 'none';
export const isOutsider = (r: PrincipalRow): boolean => r.origin === 'outsider';
/** A principal the input names (key policy, identity policies, grants, or added by the caller). */
export const isNamed = (r: PrincipalRow): boolean => !SYNTHETIC.has(r.origin) && r.origin !== 'external-account';

/** Some evaluated request of the cell is allowed (Allow, or Conditional with an Allow term). */
export const allows = (cell: Cell | undefined): cell is Cell => cell !== undefined && cell.points.some((p) => p.decision === 'Allow');

export const allowTerms = (cell: Cell): OutcomeTerm[] => cell.terms.filter((t) => t.decision === 'Allow');

/** The row's cells that allow something, optionally only for some action groups. */
export function allowedCells(matrix: Matrix, row: PrincipalRow, groups?: ReadonlySet<ActionGroup>): Cell[] {
  return matrix.actions
    .filter((a) => !groups || groups.has(a.group))
    .map((a) => matrix.cell(row.id, a.name))
    .filter(allows);
}

/**
 * `kms:Decrypt, kms:Encrypt; conditionally kms:CreateGrant and kms:ListGrants (Allow when … ; otherwise implicit deny)`:
 * the allowed actions, then the conditional ones grouped by their summary.
 */
export function cellsText(cells: readonly Cell[], max = 40): string {
  const open = cells.filter((c) => c.outcome === 'Allow').map((c) => c.action);
  const bySummary = new Map<string, string[]>();
  for (const c of cells.filter((c) => c.outcome !== 'Allow')) bySummary.set(c.summary, [...(bySummary.get(c.summary) ?? []), c.action]);
  const conditional = [...bySummary].map(([summary, actions]) => `${listText(actions, max)} (${summary})`);
  return [...(open.length ? [listText(open, max)] : []), ...(conditional.length ? [`conditionally ${conditional.join(', ')}`] : [])].join('; ');
}
