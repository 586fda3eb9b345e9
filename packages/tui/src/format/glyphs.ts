/** One character per cell outcome, shared by the table and markdown layouts, and the mark of an incomplete cell. */
import type { Cell, CellOutcome } from '@kmsim/simulator';

export const GLYPH: Readonly<Record<CellOutcome, string>> = {
  Allow: '✓',
  ExplicitDeny: '✗',
  ImplicitDeny: '·',
  Conditional: '?',
};

export const LEGEND_ENTRIES: readonly string[] = ['✓ allow', '✗ explicit deny', '· implicit deny', '? conditional (see the list below)'];

/** `✓ allow   ✗ explicit deny   · implicit deny   ? conditional (see the list below)`. */
export const LEGEND = LEGEND_ENTRIES.join('   ');

/** Beside the glyph of a cell the simulator could not finish (`complete: false`). */
export const INCOMPLETE_MARK = '!';

export const INCOMPLETE_LEGEND = `${INCOMPLETE_MARK} incomplete: holds only for the requests evaluated (see the list below)`;

/** The glyph, then the incomplete mark or a blank: `✗!`, `✓ `. */
export function cellMark(cell: Cell | undefined): string {
  return `${GLYPH[cell?.outcome ?? 'ImplicitDeny']}${cell && !cell.complete ? INCOMPLETE_MARK : ' '}`;
}

/** The legend entries for a matrix: the incomplete mark only when some cell has it. */
export function legendEntries(anyIncomplete: boolean): readonly string[] {
  return anyIncomplete ? [...LEGEND_ENTRIES, INCOMPLETE_LEGEND] : LEGEND_ENTRIES;
}

/** `kms:Decrypt` → `Decrypt`: columns drop the service prefix. */
export function shortAction(name: string): string {
  return name.toLowerCase().startsWith('kms:') ? name.slice(4) : name;
}
