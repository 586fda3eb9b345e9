/**
 * The matrix as a terminal table, in the explorer's compact layout: rows are principals, columns
 * are actions grouped admin / crypto / grants / account (a `│` between groups), each cell three
 * characters with its glyph in the middle. The actions' short names stand in a staircase above
 * their columns (the explorer's, ui/model/layout.ts), each name ending above its glyph rather than
 * starting there, so that names may run into the room above the row labels and none is cut at the
 * right edge; the staircase is as deep as the names of the block need (see `depth`).
 *
 * Narrow terminals: when the columns do not fit in `width`, the table is split into column blocks
 * printed one under the other, each with its group line, staircase and the row labels, so every
 * line stays within `width` (row labels are shortened with `…` beyond about a third of the width;
 * the full labels are in the row list). Below the table: the legend, a numbered list of every
 * Conditional cell with its summary, and what each row stands for — wrapped to `width` too. A cell
 * the simulator could not finish carries `!` after its glyph, and is listed with why at the end.
 */
import type { Matrix } from '@kmsim/simulator';
import { columnSlots, staircase, staircaseNames, staircaseRoom, type ColumnSlot } from '../ui/model/layout.js';
import { lineText } from '../ui/model/text.js';
import { cellMark, legendEntries, shortAction } from './glyphs.js';
import { cellAt, conditionalNotes, countsLine, incompleteLine, incompleteNotes, keyAttributes, keyLine } from './matrix-notes.js';
import { displayWidth, padEnd, truncate, truncateDistinct, wrap } from './text.js';

export interface TableOptions {
  /** Terminal width in columns (default 80). */
  readonly width?: number;
}

/** The deepest staircase: room for a 35-character name between two names on a line. */
const MAX_DEPTH = 12;

/** Blanks wanted before a name beyond the one the staircase keeps from the previous name on its line. */
const GAP = 1;

/** The staircase's lines as text. */
function header(names: readonly string[], slots: readonly ColumnSlot[], lines: number, width: number): string[] {
  return staircase(names, slots, lines, width, -1, 'end').map(lineText);
}

/**
 * Every column's guide runs unbroken from below its name down to the rows: no name of a lower line
 * (nor the blank before it) covers the guide's character. Read from where `staircase` puts the names
 * rather than by drawing every candidate depth.
 */
function guidesWhole(names: readonly string[], slots: readonly ColumnSlot[], lines: number, width: number): boolean {
  const placed = staircaseNames(names, slots, lines, width, 'end');
  return placed.every(({ slot, line }) => {
    const guide = slot.x + 1;
    return !placed.some((p) => p.line > line && guide >= p.at - 1 && guide < p.at + [...p.text].length);
  });
}

/**
 * How deep the block's staircase is: the shallowest in which no name is abbreviated, GAP more
 * blanks separate names on a line and no name covers another column's guide; else the shallowest
 * without the last condition (a name then runs over the guides of columns named higher up, as in
 * the explorer); else the deepest that helps (no deeper than the block has columns).
 */
function depth(names: readonly string[], slots: readonly ColumnSlot[], width: number): number {
  const deepest = Math.max(1, Math.min(MAX_DEPTH, slots.length));
  const fits = (lines: number): boolean =>
    slots.every((s, j) => displayWidth(names[s.index] ?? '') + (j >= lines ? GAP : 0) <= staircaseRoom(slots, j, lines, width, 'end'));
  for (let lines = 1; lines <= deepest; lines++) if (fits(lines) && guidesWhole(names, slots, lines, width)) return lines;
  for (let lines = 1; lines < deepest; lines++) if (fits(lines)) return lines;
  return deepest;
}

/** `admin ───────  crypto ───`: each group's name above its first glyph, a rule to its last cell. */
function groupLine(groups: readonly string[], slots: readonly ColumnSlot[], width: number): string {
  let line = '';
  let i = 0;
  while (i < slots.length) {
    const first = slots[i] as ColumnSlot;
    const group = groups[first.index] ?? '';
    let j = i;
    while (j + 1 < slots.length && groups[(slots[j + 1] as ColumnSlot).index] === group) j++;
    const last = slots[j] as ColumnSlot;
    const at = first.x + 1;
    // From above the first glyph to the end of the last cell; the name is never cut but at the edge.
    const span = last.x + 3 - at;
    const name = truncate(group, width - at);
    const rule = span > displayWidth(name) + 1 ? ` ${'─'.repeat(span - displayWidth(name) - 1)}` : '';
    line = padEnd(line, at) + name + rule;
    i = j + 1;
  }
  return line;
}

/** A row: the label, then each cell (` ✓ `, ` ✗!` when incomplete), with `│` before the first cell of a group. */
function rowLine(label: string, labelWidth: number, marks: readonly string[], slots: readonly ColumnSlot[]): string {
  let line = padEnd(label, labelWidth);
  slots.forEach((slot, j) => {
    line = padEnd(line, slot.x);
    if (slot.separator) line = `${line.slice(0, -1)}│`;
    line += ` ${marks[j] ?? '  '}`;
  });
  return line.trimEnd();
}

export function formatMatrixTable(matrix: Matrix, options: TableOptions = {}): string {
  const width = Math.max(20, options.width ?? 80);
  const out: string[] = [];
  // The key on one line when it fits; else the ARN, then its attributes on a line of their own
  // (never broken inside the parentheses).
  const key = `Key ${keyLine(matrix)}`;
  const attrs = keyAttributes(matrix);
  if (displayWidth(key) <= width || !attrs) out.push(...wrap(keyLine(matrix), width, 'Key ', '    '));
  else out.push(...wrap(matrix.key.arn, width, 'Key ', '    '), ...wrap(attrs, width, '    '));
  out.push(...wrap(countsLine(matrix), width), '');

  const labelWidth = Math.min(Math.max(1, ...matrix.principals.map((p) => displayWidth(p.label))), Math.max(12, Math.floor(width * 0.35)));
  const labels = truncateDistinct(
    matrix.principals.map((p) => p.label),
    labelWidth,
  );
  const groups = matrix.actions.map((a) => a.group);
  const names = matrix.actions.map((a) => shortAction(a.name));
  // One blank after the labels; each cell then starts with its own blank.
  const geometry = { width, labelWidth: labelWidth + 1 };
  let left = 0;
  while (left < matrix.actions.length) {
    const slots = columnSlots(groups, left, geometry, true, { groupName: displayWidth });
    const last = slots[slots.length - 1];
    if (!last) break;
    if (left > 0) out.push('');
    out.push(groupLine(groups, slots, width));
    out.push(...header(names, slots, depth(names, slots, width), width));
    matrix.principals.forEach((row, r) => {
      const marks = slots.map((s) => cellMark(cellAt(matrix, r, s.index)));
      out.push(rowLine(labels[r] ?? truncate(row.label, labelWidth), labelWidth, marks, slots));
    });
    left = last.index + 1;
  }

  const unfinished = incompleteNotes(matrix);
  const legend = legendEntries(unfinished.length > 0).join('   ');
  out.push('', ...(displayWidth(legend) <= width ? [legend] : wrap(legend, width)));
  const notes = conditionalNotes(matrix);
  if (notes.length) {
    out.push('', 'Conditional cells:');
    const digits = String(notes.length).length;
    for (const [i, n] of notes.entries()) out.push(...wrap(n.text, width, `  ${String(i + 1).padStart(digits)}. `));
  }
  out.push('', ...wrap('Rows (who each row stands for, and which IAM policies it assumes):', width));
  for (const row of matrix.principals) out.push(...wrap(`${row.label}: ${row.description}`, width, '  ', '      '));
  const incomplete = incompleteLine(matrix);
  if (incomplete) {
    out.push('', ...wrap(incomplete, width));
    const digits = String(unfinished.length).length;
    for (const [i, n] of unfinished.entries()) out.push(...wrap(n, width, `  ${String(i + 1).padStart(digits)}. `));
  }
  return `${out.join('\n')}\n`;
}
