/** Why a cell is incomplete, in words: the simulator's reason when it gives one, else the combination bound. */
import type { Cell } from '../matrix/types.js';

export function incompleteReason(cell: Cell): string | undefined {
  if (cell.complete) return undefined;
  const given = (cell as { readonly incompleteReason?: unknown }).incompleteReason;
  if (typeof given === 'string' && given !== '') return given;
  return `only ${cell.evaluated} of ${cell.total} condition combinations were evaluated (the per-cell bound, maxCombinations)`;
}
