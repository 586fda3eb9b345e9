/** The table and markdown layouts' legend and cell marks, from the explorer's glyphs (one per outcome, written once). */
import type { Cell } from '@kmsim/simulator';
import { GLYPH, INCOMPLETE_MARK } from '../ui/model/glyphs.js';

export { GLYPH, INCOMPLETE_MARK, shortAction } from '../ui/model/glyphs.js';

export const LEGEND_ENTRIES: readonly string[] = ['✓ allow', '✗ explicit deny', '· implicit deny', '? conditional (see the list below)'];

/** `✓ allow   ✗ explicit deny   · implicit deny   ? conditional (see the list below)`. */
export const LEGEND = LEGEND_ENTRIES.join('   ');

export const INCOMPLETE_LEGEND = `${INCOMPLETE_MARK} incomplete: holds only for the requests evaluated (see the list below)`;

/** The glyph, then the incomplete mark or a blank: `✗!`, `✓ `. */
export function cellMark(cell: Cell | undefined): string {
  return `${GLYPH[cell?.outcome ?? 'ImplicitDeny']}${cell && !cell.complete ? INCOMPLETE_MARK : ' '}`;
}

/** The legend entries for a matrix: the incomplete mark only when some cell has it. */
export function legendEntries(anyIncomplete: boolean): readonly string[] {
  return anyIncomplete ? [...LEGEND_ENTRIES, INCOMPLETE_LEGEND] : LEGEND_ENTRIES;
}
