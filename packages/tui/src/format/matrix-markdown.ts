/** The matrix as GitHub-flavoured markdown: one table with the same glyphs (`!` after an incomplete cell's), the legend, the conditional list, the rows and the incomplete cells. */
import type { Matrix } from '@kmsim/simulator';
import { cellMark, legendEntries, shortAction } from './glyphs.js';
import { cellAt, conditionalNotes, countsLine, incompleteLine, incompleteNotes, keyLine } from './matrix-notes.js';

/** Text inside a table cell or a list item: no pipes, no emphasis, no HTML. */
export function mdEscape(s: string): string {
  return s.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`);
}

export function formatMatrixMarkdown(matrix: Matrix): string {
  const out: string[] = [];
  out.push(`**Key** \`${matrix.key.arn}\`${keyLine(matrix).slice(matrix.key.arn.length)}`, '', `${countsLine(matrix)}.`, '');
  out.push(`| Principal | ${matrix.actions.map((a) => shortAction(a.name)).join(' | ')} |`);
  out.push(`| --- | ${matrix.actions.map(() => ':-:').join(' | ')} |`);
  matrix.principals.forEach((row, r) => {
    const cells = matrix.actions.map((_, c) => mdEscape(cellMark(cellAt(matrix, r, c)).trimEnd()));
    out.push(`| ${mdEscape(row.label)} | ${cells.join(' | ')} |`);
  });
  const unfinished = incompleteNotes(matrix);
  out.push(
    '',
    `Legend: ${legendEntries(unfinished.length > 0)
      .map(mdEscape)
      .join(', ')}.`,
    '',
  );
  const groups = [...new Set(matrix.actions.map((a) => a.group))];
  out.push(
    `Columns by group: ${groups
      .map(
        (g) =>
          `**${g}**: ${matrix.actions
            .filter((a) => a.group === g)
            .map((a) => shortAction(a.name))
            .join(', ')}`,
      )
      .join('; ')}.`,
  );
  const notes = conditionalNotes(matrix);
  if (notes.length) {
    out.push('', '**Conditional cells**', '');
    for (const [i, n] of notes.entries()) out.push(`${i + 1}. ${mdEscape(n.text)}`);
  }
  out.push('', '**Rows** (who each row stands for, and which IAM policies it assumes)', '');
  for (const row of matrix.principals) out.push(`- ${mdEscape(row.label)}: ${mdEscape(row.description)}`);
  const incomplete = incompleteLine(matrix);
  if (incomplete) {
    out.push('', `**Incomplete cells**: ${mdEscape(incomplete)}`, '');
    for (const [i, n] of unfinished.entries()) out.push(`${i + 1}. ${mdEscape(n)}`);
  }
  return `${out.join('\n')}\n`;
}
