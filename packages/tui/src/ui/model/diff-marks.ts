/** Diff mode: which cells of the AFTER matrix gained or lost access, from `diffPolicies`. */
import type { DiffEntry } from '@kmsim/simulator';
import { diffMarkOf, type DiffMark } from './glyphs.js';

export interface CellDiff {
  readonly mark: DiffMark;
  readonly entries: readonly DiffEntry[];
}

export const cellKey = (principal: string, action: string): string => `${principal}\n${action.toLowerCase()}`;

export function diffMarks(entries: readonly DiffEntry[]): Map<string, CellDiff> {
  const byCell = new Map<string, DiffEntry[]>();
  for (const e of entries) {
    const k = cellKey(e.principal, e.action);
    const list = byCell.get(k) ?? [];
    list.push(e);
    byCell.set(k, list);
  }
  const marks = new Map<string, CellDiff>();
  for (const [k, list] of byCell) {
    const mark = diffMarkOf(list.map((e) => e.change));
    if (mark) marks.set(k, { mark, entries: list });
  }
  return marks;
}
