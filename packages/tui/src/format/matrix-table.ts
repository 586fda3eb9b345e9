/**
 * The matrix as a terminal table: rows are principals, columns are actions (short names, grouped
 * admin / crypto / grants / account), each cell one glyph.
 *
 * Narrow terminals: when the columns do not fit in `width`, the table is split into column blocks
 * printed one under the other, each repeating the row labels and the group line, so every line
 * stays within `width` (row labels are shortened with `…` beyond about a third of the width; the
 * full labels are in the row list). Below the table: the legend, a numbered list of every
 * Conditional cell with its summary, and what each row stands for — wrapped to `width` too.
 */
import type { ActionColumn, Matrix } from '@kmsim/simulator';
import { GLYPH, LEGEND, shortAction } from './glyphs.js';
import { cellAt, conditionalNotes, countsLine, incompleteLine, keyAttributes, keyLine } from './matrix-notes.js';
import { center, displayWidth, padEnd, truncate, truncateDistinct, wrap } from './text.js';

export interface TableOptions {
  /** Terminal width in columns (default 80). */
  readonly width?: number;
}

const GAP = 2;

interface PlacedColumn {
  readonly index: number;
  readonly column: ActionColumn;
  readonly header: string;
  readonly width: number;
  /** First column of its group within the block: the group name starts here. */
  readonly startsGroup: boolean;
}

/** Split the columns into blocks that fit in `room` columns each. */
function blocks(columns: readonly ActionColumn[], room: number): PlacedColumn[][] {
  const out: PlacedColumn[][] = [];
  let block: PlacedColumn[] = [];
  let used = 0;
  columns.forEach((column, index) => {
    for (;;) {
      const startsGroup = block.length === 0 || block[block.length - 1]?.column.group !== column.group;
      const header = truncate(shortAction(column.name), room);
      const width = Math.min(room, Math.max(displayWidth(header), startsGroup ? displayWidth(column.group) : 0, 1));
      const needed = width + (block.length ? GAP : 0);
      if (block.length > 0 && used + needed > room) {
        out.push(block);
        block = [];
        used = 0;
        continue;
      }
      block.push({ index, column, header, width, startsGroup });
      used += needed;
      return;
    }
  });
  if (block.length) out.push(block);
  return out;
}

/** `admin────────  crypto───` over the columns of each group in the block. */
function groupLine(block: readonly PlacedColumn[]): string {
  let line = '';
  let i = 0;
  while (i < block.length) {
    const group = block[i]?.column.group ?? '';
    let span = 0;
    let j = i;
    while (j < block.length && block[j]?.column.group === group) {
      span += (block[j]?.width ?? 0) + (j > i ? GAP : 0);
      j++;
    }
    const label = `${group}`;
    line += (i > 0 ? ' '.repeat(GAP) : '') + label + '─'.repeat(Math.max(0, span - displayWidth(label)));
    i = j;
  }
  return line;
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

  const labelWidth = Math.min(
    Math.max(1, ...matrix.principals.map((p) => displayWidth(p.label))),
    Math.max(12, Math.floor(width * 0.35)),
  );
  const room = Math.max(1, width - labelWidth - GAP);
  const list = blocks(matrix.actions, room);
  const indent = ' '.repeat(labelWidth + GAP);
  const labels = truncateDistinct(
    matrix.principals.map((p) => p.label),
    labelWidth,
  );
  list.forEach((block, b) => {
    if (b > 0) out.push('');
    out.push(indent + groupLine(block));
    out.push(indent + block.map((c) => padEnd(c.header, c.width)).join(' '.repeat(GAP)).trimEnd());
    matrix.principals.forEach((row, r) => {
      const cells = block.map((c) => center(GLYPH[cellAt(matrix, r, c.index)?.outcome ?? 'ImplicitDeny'], c.width));
      out.push((padEnd(labels[r] ?? truncate(row.label, labelWidth), labelWidth) + ' '.repeat(GAP) + cells.join(' '.repeat(GAP))).trimEnd());
    });
  });

  out.push('', ...(displayWidth(LEGEND) <= width ? [LEGEND] : wrap(LEGEND, width)));
  const notes = conditionalNotes(matrix);
  if (notes.length) {
    out.push('', 'Conditional cells:');
    const digits = String(notes.length).length;
    notes.forEach((n, i) => out.push(...wrap(n.text, width, `  ${String(i + 1).padStart(digits)}. `)));
  }
  out.push('', ...wrap('Rows (who each row stands for, and which IAM policies it assumes):', width));
  for (const row of matrix.principals) out.push(...wrap(`${row.label}: ${row.description}`, width, '  ', '      '));
  const incomplete = incompleteLine(matrix);
  if (incomplete) out.push('', ...wrap(incomplete, width));
  return `${out.join('\n')}\n`;
}
